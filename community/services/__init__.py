"""Writes of the exchange: posts, handshakes, messages, lending, crises, helpers, moderation.

Every function is keyword-only and atomic, acts for the club it is given (views pass
`request.tenant`), calls `full_clean()` and raises `ValidationError` with a German message when
a rule is broken. E-mails go out after the commit (`transaction.on_commit`), never to the other
club's people before a handshake is accepted: a notification goes to the receiving club's own
contact person and names only the sending club.

One module per subject; this package re-exports every name so `community.services.x` keeps working.
"""

from ._common import _admin_url, _ensure_may_act, _mail_after_commit, _user_name, setting
from .cache import _pages_changed, crisis_cache_clear
from .crises import (
    _crisis_switched,
    _token_hash,
    _unique_crisis_slug,
    crisis_declare,
    crisis_end,
    crisis_notify_clubs,
    crisis_update,
    helper_cancel,
    helper_signup,
    helper_signup_by_token,
    helpers_purge,
)
from .daily import community_daily
from .digest import digest_send
from .lending import _check_in_window, _window_text, lending_cancel, lending_create
from .moderation import (
    _club_posts_changed,
    club_suspend,
    club_unsuspend,
    message_hide,
    post_hide,
    post_unhide,
    report_create,
    report_resolve,
)
from .posts import (
    POST_FIELDS,
    _check_crisis_fields,
    _check_dates,
    _post_before,
    _post_pages_changed,
    _rate_limit_posts,
    _snapshot_contact,
    photo_add,
    post_create,
    post_expiry,
    post_renew,
    post_renewed_until,
    post_set_status,
    post_update,
    posts_expire,
    reminders_send,
    search_vector_refresh,
)
from .threads import (
    _notify_other_side,
    _rate_limit_messages,
    _wanted_days,
    message_send,
    thread_accept,
    thread_decline,
    thread_start,
    threads_time_out,
)

__all__ = [
    "setting",
    "_user_name",
    "_admin_url",
    "_ensure_may_act",
    "_mail_after_commit",
    "_pages_changed",
    "crisis_cache_clear",
    "POST_FIELDS",
    "search_vector_refresh",
    "_check_crisis_fields",
    "_snapshot_contact",
    "_rate_limit_posts",
    "post_expiry",
    "_check_dates",
    "_post_pages_changed",
    "_post_before",
    "post_create",
    "post_update",
    "photo_add",
    "post_set_status",
    "post_renewed_until",
    "post_renew",
    "posts_expire",
    "reminders_send",
    "_rate_limit_messages",
    "_notify_other_side",
    "_wanted_days",
    "thread_start",
    "message_send",
    "thread_accept",
    "thread_decline",
    "threads_time_out",
    "_window_text",
    "_check_in_window",
    "lending_create",
    "lending_cancel",
    "digest_send",
    "_crisis_switched",
    "_unique_crisis_slug",
    "crisis_declare",
    "crisis_notify_clubs",
    "crisis_update",
    "crisis_end",
    "_token_hash",
    "helper_signup",
    "helper_signup_by_token",
    "helper_cancel",
    "helpers_purge",
    "report_create",
    "report_resolve",
    "post_hide",
    "post_unhide",
    "message_hide",
    "club_suspend",
    "club_unsuspend",
    "_club_posts_changed",
    "community_daily",
]
