"""Helpers every write of the exchange shares: limits, names, admin links, the suspension check, mail after the commit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send_after_commit
from community import constants as c
from community.models import ExchangeSuspension
from sites.clubs.models import Club
from sites.clubs.selectors import host_url


def setting(name: str):
    """A limit from constants, overridable as settings.HH_COMMUNITY_<NAME> (tests lower them)."""
    return getattr(settings, f"HH_COMMUNITY_{name}", getattr(c, name))


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def _admin_url(club: Club, name: str, **kwargs) -> str:
    """Absolute link into the club's own admin (its host)."""
    return host_url(club.primary_hostname or "", reverse(name, kwargs=kwargs or None))


def _ensure_may_act(club: Club) -> None:
    if ExchangeSuspension.objects.filter(club=club).exists():
        raise PermissionDenied(
            _("Der Netzwerk-Zugang Ihres Vereins ist gesperrt. Bitte wenden Sie sich an das Heldenhelfer-Team.")
        )


def _mail_after_commit(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    """Send after the commit; subjects carry titles people typed, so they are made one line first,
    and a failed mail is logged without personal data (cms/mail.py)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = EmailMessage(subject=header_text(subject), body=render_to_string(template, context), to=recipients)
    mail_send_after_commit(message, what=template)
