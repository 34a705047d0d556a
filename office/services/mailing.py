"""E-mail to a filtered group of members: one message per member through Django's mail API (nobody
sees another's address), a copy kept as SentMessage with the number of recipients; and the saved
filters of the member list. Addresses go to no log and are not kept with the copy."""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from office.models import Member, SavedFilter, SentMessage

from .history import user_snapshot

# Query parameters of the member list that are not part of its filter.
NOT_FILTER = {"p", "page", "ordering", "export", "_", "saved"}
PLACEHOLDERS = {"{vorname}": "first_name", "{nachname}": "last_name", "{mitgliedsnummer}": "number"}


def filter_querystring(pairs) -> str:
    """The filter part of a member-list query string, in a stable order (for saving and linking)."""
    kept = [(name, value) for name, value in pairs if name not in NOT_FILTER and value != ""]
    return urlencode(sorted(kept))


@dataclass
class Recipients:
    with_email: list[Member]
    without_email: int


def recipients_split(members: QuerySet, *, newsletter_only: bool = False) -> Recipients:
    if newsletter_only:
        members = members.filter(newsletter_consent=True)
    chosen = Member.objects.filter(pk__in=members.order_by().values("pk"))
    people = list(chosen.order_by("pk").only("pk", "first_name", "last_name", "number", "email"))
    with_email = [member for member in people if member.email]
    return Recipients(with_email=with_email, without_email=len(people) - len(with_email))


def _personal(text: str, member: Member) -> str:
    for placeholder, name in PLACEHOLDERS.items():
        text = text.replace(placeholder, str(getattr(member, name)))
    return text


def group_mail_send(
    *, members: QuerySet, subject: str, body: str, querystring: str, by, reply_to: str = "", newsletter_only=False
) -> SentMessage:
    """Sends one message per member with an address; keeps the copy. {vorname}, {nachname} and
    {mitgliedsnummer} in subject or body are filled in per member."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Bitte Betreff und Text eingeben."))
    if "\n" in subject or "\r" in subject:
        raise ValidationError({"subject": _("Der Betreff muss eine Zeile sein.")})
    recipients = recipients_split(members, newsletter_only=newsletter_only)
    if not recipients.with_email:
        raise ValidationError(_("Niemand in dieser Auswahl hat eine E-Mail-Adresse."))
    messages = [
        EmailMessage(
            subject=_personal(subject, member),
            body=_personal(body, member),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[member.email],
            reply_to=[reply_to] if reply_to else None,
        )
        for member in recipients.with_email
    ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    user_id, user_name = user_snapshot(by)
    return SentMessage.objects.create(
        subject=subject[:200],
        body=body,
        querystring=querystring[:1000],
        recipients_count=sent,
        failed_count=len(messages) - sent,
        sent_by_id=user_id,
        sent_by_name=user_name,
    )


@transaction.atomic
def saved_filter_save(*, name: str, querystring: str, by) -> SavedFilter:
    """Saves (or, under a name that exists, replaces) a filter of the member list."""
    querystring = filter_querystring(parse_qsl(querystring, keep_blank_values=True))
    if not querystring:
        raise ValidationError({"querystring": _("Es ist kein Filter gesetzt; bitte erst die Liste filtern.")})
    stored = SavedFilter.objects.select_for_update().filter(name=name.strip()).first() or SavedFilter(name=name.strip())
    stored.querystring = querystring
    stored.created_by_name = user_snapshot(by)[1]
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def saved_filter_delete(*, saved_filter: SavedFilter) -> None:
    # A saved filter holds no member data; removing it loses no history.
    saved_filter.delete()
