"""A small cache-based limit on how often one client may send one form.

Used by the public forms of both trees (the portal's registration, a club site's contact, join and
event sign-up forms). Limits are per client address (`cms.security.client_ip`), per form and,
because django-tenants prefixes cache keys with the schema, per club. They are configured in
`settings.HH_RATE_LIMITS` as `{"<form>": (count, seconds)}`.

The window is fixed (aligned to multiples of its length), so it needs one counter and one atomic
`incr` per submission and tells exactly when the next window opens; at a window's edge a client
may send up to twice the count. Views take a slot only for a *valid* submission: a person who
corrects a typo never runs into the limit, and a refused submission takes no slot either.
"""

import contextlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from cms.security import client_ip

# Used when a form has no entry in settings.HH_RATE_LIMITS.
DEFAULT_LIMIT = (5, 10 * 60)


@dataclass(frozen=True)
class RateLimitSlot:
    """The outcome of `rate_limit_take`: whether the submission may go on, and if not, for how long."""

    allowed: bool
    retry_after: int  # seconds until the current window ends
    key: str

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self) -> str:
        minutes = self.retry_minutes
        return ngettext(
            "Sie haben in kurzer Zeit viele Nachrichten gesendet. "
            "Bitte versuchen Sie es in %(minutes)d Minute noch einmal.",
            "Sie haben in kurzer Zeit viele Nachrichten gesendet. "
            "Bitte versuchen Sie es in %(minutes)d Minuten noch einmal.",
            minutes,
        ) % {"minutes": minutes}

    def release(self) -> None:
        """Give the slot back (the submission was not stored after all)."""
        if self.allowed:
            with contextlib.suppress(ValueError):  # the window ended meanwhile
                cache.decr(self.key)


def rate_limit(form: str) -> tuple[int, int]:
    """(count, seconds) for `form` from the settings."""
    count, seconds = getattr(settings, "HH_RATE_LIMITS", {}).get(form, DEFAULT_LIMIT)
    return int(count), max(1, int(seconds))


def rate_limit_take(request, *, form: str) -> RateLimitSlot:
    """Count one submission of `form` by this request's client; `allowed` is False over the limit."""
    count, seconds = rate_limit(form)
    now = time.time()
    window = int(now // seconds)
    retry_after = max(1, math.ceil((window + 1) * seconds - now))
    key = f"hh:rate:{form}:{client_ip(request) or 'unknown'}:{window}"
    # add + incr: atomic in Redis and in the local-memory cache; the key dies with its window.
    cache.add(key, 0, timeout=retry_after + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=retry_after + 5)
        used = 1
    return RateLimitSlot(allowed=used <= count, retry_after=retry_after, key=key)
