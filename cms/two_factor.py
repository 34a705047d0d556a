"""Second factor for the admin (django-otp, TOTP apps such as FreeOTP, Aegis or Google Authenticator).

`/admin/zwei-faktor/einrichten/` shows a new secret as a QR code and confirms it with the first
code; `/admin/zwei-faktor/` asks for the code after the password. Staff and operators on the
portal are sent to the set-up before any other admin page (cms/security.py), club editors may set
it up from their account and are asked for it from then on.
"""

import base64

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

import segno
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Sechsstelliger Code aus der App"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Der Code besteht nur aus Ziffern."))
        return token


def _spaced_base32(key: bytes) -> str:
    """The secret as authenticator apps expect it when typed in: base32, in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/admin/"
    return target


def verify(request):
    """Ask a signed-in user with a device for the current code."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("cms_2fa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error("token", _("Der Code stimmt nicht oder ist abgelaufen."))
    return render(request, "cms/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def setup(request):
    """Create (or replace an unconfirmed) device and confirm it with a first code."""
    if request.user.is_verified():
        messages.info(request, _("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."))
        return redirect("/admin/")
    device, _created = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "App"})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Zwei-Faktor-Anmeldung eingerichtet."))
            return redirect("/admin/")
        form.add_error("token", _("Der Code stimmt nicht. Bitte die Uhrzeit des Telefons prüfen."))
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    return render(
        request,
        "cms/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _spaced_base32(device.bin_key), "config_url": device.config_url},
    )
