"""E-mails of the application assistant: status changes (to the club and to the authority) and
the warning before a draft is deleted.

Each e-mail links to the application where its reader can open it: club editors on their club's
host (`/admin/antraege/<pk>/`; they have no account on the portal), authority staff in the
portal's inbox. Links are built for the scheme and port in use (cms.public_urls).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.public_urls import absolute_url, portal_url

from .constants import ApplicationStatus, AttachmentKind
from .models import Application


def recipients(application: Application) -> tuple[list[str], list[str]]:
    """(the club's addresses, the authority's addresses) for e-mails about `application`."""
    club = list(dict.fromkeys(e for e in [application.club.email, application.created_by_email] if e))
    return club, [application.authority.email]


def club_application_url(application: Application) -> str:
    """The application in the club's admin, on the club's own host."""
    path = reverse("fa_club:detail", args=[application.pk], urlconf=settings.ROOT_URLCONF)
    hostname = application.club.primary_hostname
    return absolute_url(hostname, path) if hostname else ""


def inbox_application_url(application: Application) -> str:
    """The application in the portal's inbox (authority staff sign in on the portal)."""
    path = reverse(
        "forms_assistant_application_modeladmin_inspect",
        args=[application.pk],
        urlconf=settings.PUBLIC_SCHEMA_URLCONF,
    )
    return portal_url(path)


def application_status_notify(
    *, application: Application, status: str, note: str, attach_pdf: bool = False, attach_permit: bool = False
) -> None:
    """One e-mail to the club and one to the authority about a new status of `application`."""
    club_to, authority_to = recipients(application)
    label = ApplicationStatus(status).label
    subject = _("%(ref)s: %(title)s – %(status)s") % {
        "ref": application.reference,
        "title": application.template_title,
        "status": label,
    }
    for to, audience, url in (
        (club_to, "club", club_application_url(application)),
        (authority_to, "authority", inbox_application_url(application)),
    ):
        context = {
            "application": application,
            "status_label": label,
            "note": note,
            "status": status,
            "application_url": url,
        }
        message = EmailMessage(
            subject=subject,
            body=render_to_string(f"forms_assistant/email/status_{audience}.txt", context),
            to=to,
        )
        if attach_pdf and application.pdf:
            with application.pdf.open("rb") as fh:
                message.attach(f"{application.reference}.pdf", fh.read(), "application/pdf")
        if attach_permit:
            for permit in application.attachments.filter(kind=AttachmentKind.PERMIT):
                with permit.file.open("rb") as fh:
                    message.attach(permit.original_name, fh.read())
        message.send()


def draft_warning_send(*, application: Application, delete_on: datetime) -> None:
    """Tell the club that its untouched draft will be deleted on `delete_on`."""
    club_to, _authority_to = recipients(application)
    EmailMessage(
        subject=_("Ihr Antragsentwurf „%(title)s“ wird in 7 Tagen gelöscht") % {"title": application.template_title},
        body=render_to_string(
            "forms_assistant/email/draft_warning.txt",
            {
                "application": application,
                "delete_on": delete_on,
                "application_url": club_application_url(application),
            },
        ),
        to=club_to,
    ).send()
