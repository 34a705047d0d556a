"""E-mail headers from what people typed, and sending that never costs the data it is about.

* `header_text` turns any text (a visitor's subject, a club's name) into one line for a subject:
  Django refuses a header with a line break (`BadHeaderError`), and a header must never carry more
  than the sender meant to put there.
* `reply_to` gives a validated address for Reply-To, or nothing.
* `mail_send_after_commit` sends once the data the mail is about is committed; a failure (a
  refused header, an unreachable server) is logged without personal data and never reaches the
  visitor as a 500 — the record is stored and can be read in the admin.
"""

import logging
import re

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction

logger = logging.getLogger(__name__)

# C0 and C1 control characters, DEL and Unicode's line and paragraph separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SUBJECT_MAX_LENGTH = 200


def header_text(value: object, *, max_length: int = SUBJECT_MAX_LENGTH) -> str:
    """`value` as one line: control characters and runs of whitespace become one space, cut at `max_length`."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", str(value or "")).split())
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def reply_to(address: str | None) -> list[str] | None:
    """`[address]` if it is one valid e-mail address (nothing else in it), else None."""
    address = (address or "").strip()
    if not address or CONTROL_CHARACTERS.search(address) or "," in address:
        return None
    try:
        validate_email(address)
    except ValidationError:
        return None
    return [address]


def mail_send(message: EmailMessage, *, what: str) -> bool:
    """Send `message`; on failure log `what` (no addresses, no content) and return False."""
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure of the mail must not lose the request
        # The exception's text may quote a header or an address: only its class is logged.
        logger.error("e-mail not sent (%s): %s", what, type(exc).__name__)
        return False
    return True


def mail_send_after_commit(message: EmailMessage, *, what: str) -> None:
    """Send `message` after the current transaction commits (at once outside one), never raising."""
    transaction.on_commit(lambda: mail_send(message, what=what))
