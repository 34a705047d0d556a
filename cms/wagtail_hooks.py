"""Admin registration of the cms package: the second-factor views under /admin/zwei-faktor/, the
account page's link to set one up (no device yet) or to manage it (recovery codes, more apps), and
the character counter of length-limited text areas (static/js/char-counter.js)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail import hooks

from . import two_factor
from .security import user_has_device


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("zwei-faktor/", two_factor.verify, name="cms_2fa_verify"),
        path("zwei-faktor/einrichten/", two_factor.setup, name="cms_2fa_setup"),
        path("zwei-faktor/wiederherstellungscodes/", two_factor.recovery_codes, name="cms_2fa_recovery_codes"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if user_has_device(request.user):
        return {
            "url": reverse("cms_2fa_recovery_codes"),
            "label": _("Zwei-Faktor-Anmeldung verwalten"),
            "help_text": _("Wiederherstellungscodes neu erzeugen, eine weitere App einrichten oder die App ersetzen."),
        }
    return {
        "url": reverse("cms_2fa_setup"),
        "label": _("Zwei-Faktor-Anmeldung einrichten"),
        "help_text": _("Schützt das Konto zusätzlich mit einem Code aus einer Authenticator-App."),
    }


@hooks.register("insert_global_admin_js")
def character_counter_js():
    return format_html('<script src="{}"></script>', static("js/char-counter.js"))
