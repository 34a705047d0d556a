"""Registration of a club: submit, approve (provisions it), reject, and the e-mails of each."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send_after_commit, reply_to
from sites.clubs.constants import RegistrationStatus
from sites.clubs.models import Club, ClubRegistration
from sites.clubs.selectors import club_hostname, host_url, subdomain_is_free

from .provisioning import ProvisioningError, club_provision


def registration_approve(*, registration: ClubRegistration, by: str) -> Club:
    """Approve a registration and provision its club; a failure is recorded on the registration."""
    registration = ClubRegistration.objects.get(pk=registration.pk)  # the current status, not a stale copy
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.FAILED):
        raise ProvisioningError(_("Diese Registrierung wurde bereits entschieden."))
    profile = {
        f: getattr(registration, f)
        for f in ("name", "legal_form", "register_court", "register_number", "street", "postal_code", "town", "email")
    }
    profile["contact_name"] = registration.editor_name
    try:
        club = club_provision(
            slug=registration.subdomain,
            profile=profile,
            editor_name=registration.editor_name,
            editor_email=registration.editor_email,
            categories=list(registration.categories.all()),
        )
    except ProvisioningError as exc:
        # Not inside one transaction with the provisioning: the failure must stay recorded.
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.APPROVED:
            raise  # approved meanwhile by someone else; keep that decision
        registration.status = RegistrationStatus.FAILED
        registration.status_note = str(exc)
        registration.decided_at = timezone.now()
        registration.decided_by = by
        registration.save()
        raise
    registration.status = RegistrationStatus.APPROVED
    registration.status_note = (
        _(
            "Der Verein ist eingerichtet, aber die Einladung konnte nicht verschickt werden (%(error)s). "
            "Bitte unter „Vereine“ die Einladung erneut senden."
        )
        % {"error": club.invitation_error}
        if club.invitation_error
        else ""
    )
    registration.club = club
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.save()
    return club


def registration_reject(*, registration: ClubRegistration, by: str, reason: str) -> None:
    """Reject a registration with a reason; the applicant is told by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"status_note": _("Bitte eine Begründung angeben.")})
    with transaction.atomic():
        registration = ClubRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.FAILED):
            raise ProvisioningError(_("Diese Registrierung wurde bereits entschieden."))
        registration.status = RegistrationStatus.REJECTED
        registration.status_note = reason
        registration.decided_at = timezone.now()
        registration.decided_by = by
        registration.save()
    _mail(
        template="clubs/email/registration_rejected.txt",
        subject=_("Ihre Registrierung bei Heldenhelfer: %(name)s") % {"name": registration.name},
        to=_applicant_addresses(registration),
        context={"registration": registration, "reason": reason},
        reply_to=_operator_reply_to(),  # the mail asks the applicant to answer it
    )


def registration_submit(*, data: dict, categories=(), notify: bool = True) -> ClubRegistration:
    """Store a club's registration (pending) and confirm it to the applicant and the operators."""
    with transaction.atomic():
        registration = ClubRegistration(**data)
        registration.subdomain = (registration.subdomain or "").strip().lower()
        registration.full_clean()
        if not subdomain_is_free(registration.subdomain):
            raise ValidationError(
                {"subdomain": _("Die Adresse „%(value)s“ ist schon vergeben.") % {"value": registration.subdomain}}
            )
        registration.save()
        registration.categories.set(categories)
    if notify:
        context = {
            "registration": registration,
            # Names, not the QuerySet: a template with autoescape off prints a QuerySet's repr.
            "categories": ", ".join(category.name for category in registration.categories.order_by("name")),
            "address": club_hostname(registration.subdomain),
            "admin_url": host_url(
                settings.HH_BASE_DOMAIN,
                reverse(
                    "clubs_clubregistration_modeladmin_inspect",
                    args=[registration.pk],
                    urlconf=settings.PUBLIC_SCHEMA_URLCONF,
                ),
            ),
        }
        _mail(
            template="clubs/email/registration_received.txt",
            subject=_("Wir haben Ihre Registrierung erhalten: %(name)s") % {"name": registration.name},
            to=_applicant_addresses(registration),
            context=context,
            reply_to=_operator_reply_to(),  # questions about the registration reach the operators
        )
        if settings.HH_OPERATOR_EMAILS:
            _mail(
                template="clubs/email/registration_operator.txt",
                subject=_("Neue Vereinsregistrierung: %(name)s (%(subdomain)s)")
                % {"name": registration.name, "subdomain": registration.subdomain},
                to=list(settings.HH_OPERATOR_EMAILS),
                context=context,
            )
    return registration


def _applicant_addresses(registration: ClubRegistration) -> list[str]:
    return list(dict.fromkeys(a.lower() for a in (registration.email, registration.editor_email) if a))


def _operator_reply_to() -> list[str] | None:
    """Reply-To for mails to applicants: the operators' first address (the sender is noreply@)."""
    return reply_to(settings.HH_OPERATOR_EMAILS[0]) if settings.HH_OPERATOR_EMAILS else None


def _mail(*, template: str, subject: str, to: list[str], context: dict, reply_to: list[str] | None = None) -> None:
    """Send after the commit; a failure is logged (cms/mail.py) and never undoes what was stored."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = EmailMessage(
        subject=header_text(subject), body=render_to_string(template, context), to=recipients, reply_to=reply_to
    )
    mail_send_after_commit(message, what=template)
