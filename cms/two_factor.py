"""Second factor for the admin (django-otp: TOTP apps such as FreeOTP, Aegis or Google
Authenticator, and one-time recovery codes).

* `/admin/zwei-faktor/` asks for the code after the password; a recovery code is accepted instead
  (it is consumed, and the user learns how many are left).
* `/admin/zwei-faktor/einrichten/` shows a new secret as a QR code and confirms it with the first
  code. Only the very first device may be set up with the password alone; once a user has a
  confirmed device, adding one or replacing the app needs a session verified with the old factor
  (a password-only session is sent to the verify page), so a stolen password is not enough to
  enrol the thief's phone. The unconfirmed device being set up is bound to the session.
* `/admin/zwei-faktor/wiederherstellungscodes/` shows how many recovery codes are left and makes
  new ones (the old ones stop working) for a verified session. The codes are shown once, right
  after they were made, and stored only as django-otp's static tokens, which are deleted on use.

Staff and operators on the portal are sent to the set-up before any other admin page
(cms/security.py), club editors may set it up from their account and are asked for it from then on.
django-otp slows guessing down after each wrong code (exponential delay per device); a code sent
during that delay is not checked, and the page says how long to wait instead of calling it wrong.
"""

import base64
import math
import secrets

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

import segno
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
# Lower-case letters and digits without the look-alikes 0/o, 1/l/i: easy to read from paper.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# From this many codes left on, the user is asked to make new ones.
RECOVERY_CODES_LOW = 2
# The session remembers the device being set up: only that one can be confirmed.
_PENDING_DEVICE_KEY = "cms_2fa_pending_device"


# --- forms ---------------------------------------------------------------------------------------------


def _normalise(value: str) -> str:
    """What a person typed, without spaces and hyphens (codes are shown in groups), lower-case."""
    return "".join(value.split()).replace("-", "").lower()


def _is_app_code(token: str) -> bool:
    return token.isdigit() and 6 <= len(token) <= 8


def _is_recovery_code(token: str) -> bool:
    return (
        len(token) == RECOVERY_CODE_LENGTH
        and all(char in RECOVERY_CODE_ALPHABET for char in token)
        and not token.isdigit()
    )


class TokenForm(forms.Form):
    """The six digits of the authenticator app (spaces allowed: some apps show "123 456")."""

    token = forms.CharField(
        label=_("Sechsstelliger Code aus der App"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = _normalise(self.cleaned_data["token"])
        if not _is_app_code(token):
            raise forms.ValidationError(_("Der Code aus der App besteht aus sechs Ziffern."))
        return token


class SetupForm(TokenForm):
    replace = forms.BooleanField(
        label=_("Die bisherige App ersetzen"),
        help_text=_("Codes der bisherigen App gelten danach nicht mehr, z. B. wenn das alte Telefon verloren ist."),
        required=False,
    )

    def __init__(self, *args, offer_replace: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_replace:
            del self.fields["replace"]


class VerifyForm(TokenForm):
    """The app's code, or one of the recovery codes (letters and digits) instead."""

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery:
            field = self.fields["token"]
            field.label = _("Wiederherstellungscode")
            field.help_text = _("Einer der ausgedruckten oder gespeicherten Codes, z. B. „abcde-23456“.")
            field.widget.attrs.update({"inputmode": "text", "autocomplete": "off", "autocapitalize": "none"})

    def clean_token(self):
        token = _normalise(self.cleaned_data["token"])
        if not (_is_app_code(token) or _is_recovery_code(token)):
            raise forms.ValidationError(
                _(
                    "Bitte den sechsstelligen Code aus der App oder einen Wiederherstellungscode "
                    "(zehn Buchstaben und Ziffern) eingeben."
                )
            )
        return token


# --- services (writes) ------------------------------------------------------------------------------


def _new_recovery_code() -> str:
    while True:
        code = "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _i in range(RECOVERY_CODE_LENGTH))
        if not code.isdigit():  # an all-digit code could be taken for an app code
            return code


def recovery_codes_create(*, user) -> list[str]:
    """New recovery codes for `user`; the earlier ones stop working. Returns them for one display."""
    codes = [_new_recovery_code() for _i in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user).order_by("pk").first()
        if device is None:
            device = StaticDevice(user=user, name=str(_("Wiederherstellungscodes")))
        device.confirmed = True
        device.throttle_reset(commit=False)
        device.full_clean()
        device.save()
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_device_confirm(*, device: TOTPDevice, replace: bool) -> list[str] | None:
    """Confirm a device being set up; with `replace` the user's other apps are removed.

    Returns new recovery codes when the user had none left (the first device, typically), else None.
    """
    user = device.user
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        others = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
        if replace:
            others.delete()
        else:
            others.filter(confirmed=False).delete()
        if recovery_codes_left(user=user) == 0:
            return recovery_codes_create(user=user)
    return None


def _seconds_until(info: dict | None) -> int:
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def app_code_check(*, devices: list[TOTPDevice], token: str) -> tuple[TOTPDevice | None, int]:
    """(device the code belongs to, 0) or (None, seconds to wait; 0 when the code is simply wrong).

    A device still in its delay after a wrong code is not asked (django-otp would answer False
    without looking at the code), so its delay is reported instead of "wrong code".
    """
    wait = 0
    for candidate in devices:
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=candidate.pk)  # one use per code
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait = max(wait, _seconds_until(info))
                continue
            if device.verify_token(token):
                return device, 0
    return None, wait


def recovery_code_use(*, user, token: str) -> tuple[StaticDevice | None, int]:
    """Consume a recovery code: (its device, 0), or (None, seconds to wait; 0 when it is wrong).

    The token row is deleted in the same statement that finds it, so a code works exactly once
    even when it is sent twice at the same time.
    """
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            return None, 0
        allowed, info = device.verify_is_allowed()
        if not allowed:
            return None, _seconds_until(info)
        deleted, _rows = StaticToken.objects.filter(device=device, token=token).delete()
        if not deleted:
            device.throttle_increment()
            return None, 0
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
    return device, 0


# --- selectors (reads) -------------------------------------------------------------------------------


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- helpers -------------------------------------------------------------------------------------------


def _spaced_base32(key: bytes) -> str:
    """The secret as authenticator apps expect it when typed in: base32, in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _grouped(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/admin/"
    return target


def _verify_first(request):
    """A password-only session of a user who has a device: confirm the old factor first."""
    return redirect(f"{reverse('cms_2fa_verify')}?{urlencode({'next': request.path})}")


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Zu viele falsche Codes kurz hintereinander: Zum Schutz vor Rateversuchen wird der Code "
        "erst in %(seconds)d Sekunde wieder geprüft. Bitte kurz warten und dann erneut senden.",
        "Zu viele falsche Codes kurz hintereinander: Zum Schutz vor Rateversuchen wird der Code "
        "erst in %(seconds)d Sekunden wieder geprüft. Bitte kurz warten und dann erneut senden.",
        seconds,
    ) % {"seconds": seconds}


def _pending_device(request) -> tuple[TOTPDevice, bool]:
    """The unconfirmed device of this session, or a new one (then True): never one made elsewhere."""
    user = request.user
    pk = request.session.get(_PENDING_DEVICE_KEY)
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=pk).first() if pk else None
    if device is not None:
        return device, False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()  # left over: never confirmable
        device = TOTPDevice.objects.create(user=user, name="App", confirmed=False)
    request.session[_PENDING_DEVICE_KEY] = device.pk
    return device, True


def _show_codes(request, codes: list[str], *, next_url: str = "/admin/"):
    return render(
        request,
        "cms/two_factor_recovery_codes.html",
        {"codes": [_grouped(code) for code in codes], "left": len(codes), "next": next_url},
    )


# --- views -----------------------------------------------------------------------------------------------


@never_cache
def verify(request):
    """Ask a signed-in user with a device for the current code (or a recovery code)."""
    user = request.user
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    has_codes = StaticDevice.objects.devices_for_user(user, confirmed=True).exists()
    if not devices and not has_codes:
        return redirect("cms_2fa_setup")
    recovery = request.GET.get("wiederherstellung") == "1" or not devices
    form = VerifyForm(request.POST or None, recovery=recovery)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if _is_app_code(token):
            device, wait = app_code_check(devices=devices, token=token)
        else:
            device, wait = recovery_code_use(user=user, token=token)
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                return _after_recovery_code(request)
            return redirect(_next_url(request))
        if wait:
            form.add_error("token", _wait_message(wait))
        elif _is_app_code(token):
            form.add_error("token", _("Der Code stimmt nicht oder ist abgelaufen. Bitte den aktuellen Code eingeben."))
        else:
            form.add_error(
                "token",
                _("Dieser Wiederherstellungscode stimmt nicht oder wurde schon verwendet (jeder gilt nur einmal)."),
            )
    return render(
        request,
        "cms/two_factor_verify.html",
        {"form": form, "next": _next_url(request), "recovery": recovery, "has_app": bool(devices)},
    )


def _after_recovery_code(request):
    left = recovery_codes_left(user=request.user)
    if left > RECOVERY_CODES_LOW:
        messages.success(
            request,
            ngettext(
                "Wiederherstellungscode angenommen; er ist damit verbraucht. Es ist noch %(count)d Code übrig.",
                "Wiederherstellungscode angenommen; er ist damit verbraucht. Es sind noch %(count)d Codes übrig.",
                left,
            )
            % {"count": left},
        )
        return redirect(_next_url(request))
    if left:
        text = ngettext(
            "Wiederherstellungscode angenommen. Es ist nur noch %(count)d Code übrig: Bitte jetzt neue "
            "Wiederherstellungscodes erzeugen.",
            "Wiederherstellungscode angenommen. Es sind nur noch %(count)d Codes übrig: Bitte jetzt neue "
            "Wiederherstellungscodes erzeugen.",
            left,
        ) % {"count": left}
    else:
        text = _(
            "Wiederherstellungscode angenommen. Das war der letzte: Bitte jetzt neue Wiederherstellungscodes erzeugen."
        )
    messages.warning(request, text)
    return redirect("cms_2fa_recovery_codes")


@never_cache
def setup(request):
    """Create a device for this session and confirm it with a first code.

    The first device needs the password only; any further one (or a replacement) a session that
    has been verified with the existing factor.
    """
    has_device = user_has_device(request.user, confirmed=True)
    if has_device and not request.user.is_verified():
        messages.info(
            request,
            _(
                "Eine weitere App einrichten oder die App ersetzen geht erst nach der Bestätigung mit dem "
                "bisherigen zweiten Faktor (Code aus der App oder Wiederherstellungscode)."
            ),
        )
        return _verify_first(request)
    device, fresh = _pending_device(request)
    form = SetupForm(request.POST or None, offer_replace=has_device)
    if request.method == "POST" and form.is_valid():
        allowed, info = device.verify_is_allowed()
        if fresh:
            form.add_error(
                "token", _("Die Einrichtung war abgelaufen. Bitte den neuen QR-Code scannen und dessen Code eingeben.")
            )
        elif not allowed:
            form.add_error("token", _wait_message(_seconds_until(info)))
        elif device.verify_token(form.cleaned_data["token"]):
            codes = totp_device_confirm(device=device, replace=form.cleaned_data.get("replace", False))
            request.session.pop(_PENDING_DEVICE_KEY, None)
            otp_login(request, device)
            messages.success(request, _("Zwei-Faktor-Anmeldung eingerichtet."))
            if codes:
                return _show_codes(request, codes)
            return redirect("/admin/")
        else:
            form.add_error("token", _("Der Code stimmt nicht. Bitte die Uhrzeit des Telefons prüfen."))
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    return render(
        request,
        "cms/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": _spaced_base32(device.bin_key),
            "config_url": device.config_url,
            "adding": has_device,
        },
    )


@never_cache
def recovery_codes(request):
    """How many recovery codes are left; POST makes new ones (verified sessions only)."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect("cms_2fa_setup")
    if not user.is_verified():
        return _verify_first(request)
    if request.method == "POST":
        codes = recovery_codes_create(user=user)
        messages.success(request, _("Neue Wiederherstellungscodes erzeugt; die bisherigen gelten nicht mehr."))
        return _show_codes(request, codes)
    return render(
        request,
        "cms/two_factor_recovery_codes.html",
        {"codes": None, "left": recovery_codes_left(user=user), "low": RECOVERY_CODES_LOW},
    )
