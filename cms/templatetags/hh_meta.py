"""Template tags of the page head and the language switch, for club sites and the portal.

* `{% capture "name" %}…{% endcapture %}` renders its content once into a context variable, so
  the title a template sets in `{% block title %}` serves `<title>`, Open Graph and Twitter alike;
* `{% page_meta title=… description=… as meta %}`: description, canonical address, image and
  favicon of the page being shown (absolute addresses for the request's scheme, host and port,
  cms/public_urls.py), read from the Wagtail page, the object a view shows, the club or the portal;
* `{% language_links as links %}`: the language switch; on the portal every link goes through
  `cms.views.language_choose`, which remembers the choice for the portal's own views.
"""

from __future__ import annotations

import unicodedata

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from cms.public_urls import absolute_url, origin_of, page_full_url

register = template.Library()

DESCRIPTION_LENGTH = 200
# The renditions the page templates show anyway (page header, club home's hero): sharing the
# page costs no new image and, with the renditions cache, no query.
OG_IMAGE_FILTERS = {"image": "fill-1200x500", "hero_image": "fill-1600x640"}
PORTAL_FAVICON = "img/heart.svg"
PORTAL_IMAGE = "img/heldenhelfer-logo.png"


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # blocks inside stay overridable by child templates

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        html = " ".join(self.nodelist.render(context).split())
        context[self.name.resolve(context)] = mark_safe(html)  # noqa: S308 - rendered and escaped by the template
        return ""


@register.tag("capture")
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture needs one name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, parser.compile_filter(bits[1]))


def _text(value) -> str:
    if value is None:
        return ""
    source = getattr(value, "source", None)  # RichText
    text = strip_tags(str(source if source is not None else value))
    return " ".join(text.split())


def _host(request) -> str:
    origin = origin_of(request) if request is not None else None
    if origin is None or getattr(request, "tenant", None) is None:
        # A host no club serves (the portal's 404 answers it): nothing may point back to it.
        return settings.HH_BASE_DOMAIN
    return origin.host


def _absolute(request, url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return absolute_url(_host(request), url, request=request)


def _page_image(page):
    """(image, rendition filter) of the page's own picture, or (None, "")."""
    for name, spec in OG_IMAGE_FILTERS.items():
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            return image, spec
    return None, ""


def _description(context, page) -> str:
    candidates = []
    if page is not None:
        candidates += [getattr(page, "search_description", ""), getattr(page, "summary", "")]
        candidates += [getattr(page, "intro", ""), getattr(page, "hero_text", "")]
    for name in ("post", "crisis", "need", "club"):
        obj = context.get(name)
        if obj is not None:
            candidates += [getattr(obj, "description", ""), getattr(obj, "summary", "")]
    club = context.get("current_club")
    if club is not None:
        candidates += [getattr(club, "description", ""), club.display_name]
    else:
        candidates.append(_("Vereine, Termine und Engagement in der Region – alles an einem Ort bei Heldenhelfer."))
    for candidate in candidates:
        text = _text(candidate)
        if text:
            # What Truncator.chars gives for a text that fits (it counts no more characters than
            # len() does), without its per-character loop and its translated ellipsis.
            text = unicodedata.normalize("NFC", text)
            return text if len(text) <= DESCRIPTION_LENGTH else Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


@register.simple_tag(takes_context=True)
def page_meta(context, title: str = "", description: str = "") -> dict:
    """What the head says about the page to search engines and when it is shared."""
    request = context.get("request")
    page = context.get("page")
    page = page if hasattr(page, "get_url_parts") else None
    club = context.get("current_club")

    canonical = page_full_url(page, request) if page is not None and page.pk else ""
    if not canonical and request is not None and not context.get("unknown_host"):
        canonical = absolute_url(_host(request), request.path, request=request)

    image_url, image_alt, large = "", "", False
    image, spec = _page_image(page) if page is not None else (None, "")
    if image is not None:
        try:
            rendition = image.get_rendition(spec)
        except Exception:  # noqa: BLE001 - a missing original file must not break the page
            rendition = None
        if rendition is not None:
            image_url, large = _absolute(request, rendition.url), True
            image_alt = getattr(image, "default_alt_text", "") or image.title
    logo = getattr(club, "logo", None) if club is not None else None
    if not image_url and logo:
        image_url, image_alt = _absolute(request, logo.url), club.display_name
    if not image_url:
        image_url, image_alt = _absolute(request, static(PORTAL_IMAGE)), "Heldenhelfer"

    if logo:
        favicon, favicon_type = logo.url, ""
    else:
        favicon, favicon_type = static(PORTAL_FAVICON), "image/svg+xml"

    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return {
        "title": title,
        "description": description or _description(context, page),
        "canonical": canonical,
        "image": image_url,
        "image_alt": image_alt,
        "large_image": large,
        "type": "article" if page is not None and type(page).__name__ == "NewsArticlePage" else "website",
        "site_name": club.display_name if club is not None else "Heldenhelfer",
        "locale": {"de": "de_DE", "en": "en_GB"}.get(language, language),
        "favicon": favicon,
        "favicon_type": favicon_type,
    }


@register.simple_tag(takes_context=True)
def language_links(context, translations=None) -> list[dict]:
    """Entries of the language switch: [{code, name, url, current}].

    Club sites: the page's live translations (`page_translations`), as before. The portal: every
    language always (its own views have no /en/ address), each link through `language_choose`
    with the translation of the page, or the same address, as the place to go on to.
    """
    translations = translations or []
    if context.get("current_club") is not None:
        return translations
    request = context.get("request")
    try:
        choose = reverse("language_choose", args=["xx"]).rsplit("xx", 1)[0]
    except NoReverseMatch:
        return translations
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    by_code = {t["code"]: t["url"] for t in translations}
    here = request.get_full_path() if request is not None else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        target = by_code.get(code) or here
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": f"{choose}{code}/?{urlencode({'next': target})}",
                "current": code == current,
            }
        )
    return links
