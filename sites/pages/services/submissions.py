"""What visitors send through a club's pages: contact messages and event registrations.

Each is stored, then e-mailed to the club after the commit (a failed mail is logged and never loses
the submission). Joining online is office/services/join.py.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send_after_commit
from cms.mail import reply_to as reply_to_list
from sites.pages.models import ContactMessage, ContactPage, EventPage, EventRegistration


def _notify_club(*, club, subject: str, template: str, context: dict, reply_to: str | None = None) -> None:
    """E-mail a submission to the club once it is stored; a failed mail keeps the record (cms/mail.py)."""
    if not club.email:
        return
    message = EmailMessage(
        subject=header_text(subject),
        body=render_to_string(template, {"club": club, **context}),
        to=[club.email],
        reply_to=reply_to_list(reply_to),
    )
    mail_send_after_commit(message, what=f"{template} for {club.schema_name}")


def contact_message_submit(*, page: ContactPage, club, data: dict) -> ContactMessage:
    """Store a contact message and e-mail it to the club's address."""
    with transaction.atomic():
        message = ContactMessage(
            page_title=page.title,
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
        )
        message.full_clean()
        message.save()
    _notify_club(
        club=club,
        subject=_("Kontaktanfrage: %(subject)s") % {"subject": message.subject},
        template="pages/email/contact_message.txt",
        context={"message": message, "page": page},
        reply_to=message.email,
    )
    return message


def event_registration_submit(*, event: EventPage, club, data: dict) -> EventRegistration:
    """Store a registration for an event and e-mail it to the club's address."""
    with transaction.atomic():
        registration = EventRegistration(
            event=event,
            page_title=event.title,
            name=data["name"],
            email=data["email"],
            persons=data.get("persons") or 1,
            message=data.get("message", ""),
        )
        registration.full_clean()
        registration.save()
    _notify_club(
        club=club,
        subject=_("Anmeldung zu „%(event)s“: %(name)s") % {"event": event.title, "name": registration.name},
        template="pages/email/event_registration.txt",
        context={"registration": registration, "event": event},
        reply_to=registration.email,
    )
    return registration
