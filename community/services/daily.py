"""The daily job of the exchange (`manage.py community_daily`)."""

from datetime import datetime

from django.utils import timezone

from django_tenants.utils import get_public_schema_name, schema_context

from .cache import crisis_cache_clear
from .crises import helpers_purge
from .digest import digest_send
from .posts import posts_expire, reminders_send
from .threads import threads_time_out


def community_daily(*, now: datetime | None = None) -> dict[str, int]:
    """Everything `manage.py community_daily` does; each step is idempotent for the same day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with schema_context(get_public_schema_name()):
        result = {
            "expired": posts_expire(today=today),
            "reminders": reminders_send(today=today),
            "timed_out": threads_time_out(now=now),
            "digests": digest_send(now=now),
            "helpers_deleted": helpers_purge(now=now),
        }
    crisis_cache_clear()
    return result
