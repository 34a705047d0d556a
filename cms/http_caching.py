"""HTTP caching of public pages by browsers and proxies: ETag and 304, Cache-Control, gzip.

`HttpCachingMiddleware` sits above the SessionMiddleware (MIDDLEWARE in cms/settings/base.py), so
it sees every cookie a response sets (session, CSRF token, messages, language) and decides once,
at the end, who may keep a response:

* **public** — a GET/HEAD for an anonymous visitor (no session or messages cookie, no
  Authorization header: `page_cache._anonymous`), a 200 HTML response that sets no cookie (a page
  whose form rendered `{% csrf_token %}` sets the CSRF cookie), that no view marked personal
  (`page_cache.page_cache_skip`) and that carries no Cache-Control of its own:
  `Cache-Control: public, max-age=0, s-maxage=<HH_PROXY_CACHE_SECONDS>` (browsers revalidate every
  time, a reverse proxy or CDN may keep it; `public, no-cache` when the proxy seconds are 0),
  `Vary: Cookie, Accept-Encoding` (plus the LocaleMiddleware's `Accept-Language` where the language
  is negotiated), a strong `ETag` of the body and `304 Not Modified` to a matching
  `If-None-Match`. These are exactly the responses the page cache stores; on its hits the ETag
  and a gzip copy come from the cache (cms/tenancy/page_cache.py), so a 304 or a compressed hit costs no
  hashing and no compression.
* **private** — every response to a signed-in visitor (or one with a session or messages
  cookie), every response that sets a cookie, and pages a view marked personal:
  `Cache-Control: private, no-store` (kept as it is when the view already said `no-store`), and
  never an ETag or compression.

Compression (gzip) only for public responses: they hold no secret, so reflected input next to a
secret (BREACH) cannot happen; a response with a CSRF token or for a signed-in user is never
compressed. Static files are compressed by whitenoise (above this middleware).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
MIN_COMPRESS_LENGTH = 200  # below this gzip's header and trailer outweigh what it saves


def proxy_seconds() -> int:
    """How long a shared cache (reverse proxy, CDN) may keep a public page."""
    return int(getattr(settings, "HH_PROXY_CACHE_SECONDS", 0) or 0)


def etag_of(content: bytes) -> str:
    """A strong ETag of a body (quoted)."""
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def compressible(content: bytes) -> bool:
    return len(content) >= MIN_COMPRESS_LENGTH


def gzip_body(content: bytes) -> bytes:
    # No random padding (max_random_bytes): these bodies hold no secret (module docstring).
    return compress_string(content)


def use_compressed(response, compressed: bytes) -> None:
    """Serve `compressed` (the gzip of the response's body) with the headers that go with it."""
    response.content = compressed
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(compressed))
    etag = response.get("ETag")
    if etag and not etag.startswith("W/"):
        # Another representation of the same page: a weak validator (as Django's GZipMiddleware).
        response["ETag"] = "W/" + etag


def anonymous(request) -> bool:
    from cms.tenancy.page_cache import _anonymous

    return _anonymous(request)


def _private(request, response) -> bool:
    return bool(response.cookies) or getattr(request, "_page_cache_skip", False) or not anonymous(request)


def _public(request, response) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Cache-Control"):
        return False  # the view decided (private files, never_cache, feeds with their own rules)
    return response.get("Content-Type", "").startswith(("text/html", "application/xhtml"))


def mark_public(response) -> None:
    seconds = proxy_seconds()
    if seconds:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
    else:
        response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))


def mark_private(response) -> None:
    cache_control = response.get("Cache-Control", "").lower()
    if "no-store" in cache_control and "private" in cache_control:
        return
    if "public" in cache_control or "s-maxage" in cache_control:
        response["Cache-Control"] = "private, no-store"
    else:
        patch_cache_control(response, private=True, no_store=True)
    del response["ETag"]


class HttpCachingMiddleware:
    """Cache-Control, ETag/304 and gzip for what browsers and proxies may keep (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _private(request, response):
            mark_private(response)
            return response
        if not _public(request, response):
            return response
        mark_public(response)
        if not response.has_header("ETag"):
            response["ETag"] = etag_of(response.content)
        # 304 to a matching If-None-Match (weak comparison: a gzip copy's W/ tag matches too).
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional is not response:
            return conditional
        if not response.has_header("Content-Encoding") and accepts_gzip(request) and compressible(response.content):
            use_compressed(response, gzip_body(response.content))
        return response
