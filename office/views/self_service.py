"""Member self-service on the club's host ("Mein Mitgliedskonto"): ask for a personal link by e-mail,
then, through the link, correct one's data, change the IBAN, download a statement of dues paid in a
year, give notice of leaving. Thin views: the writes are office/services/self_service.py.

The token travels in the path; pages answer `no-store` and send no referrer, so the link neither
sits in a shared cache nor leaks to another site. A refused or expired link gets an explanation and
the way to a new one (status 400), never another member's data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from cms.forms import form_errors_from
from cms.rate_limits import rate_limit_take
from office.models import Member
from office.sepa.errors import InvalidIdentifier
from office.sepa.identifiers import normalize_iban
from office.services.assembly_minutes import published_minutes_for
from office.services.join import TokenInvalid
from office.services.self_service import (
    LINK_MAX_AGE,
    SELF_EDITABLE,
    member_active_mandate,
    member_for_token,
    member_link_send,
    member_notice_effective_on,
    member_notice_give,
    member_self_iban_change,
    member_self_update,
    member_statement,
    member_statement_years,
    statement_pdf,
)
from office.validators import validate_country
from sites.clubs.models import Club

RATE_LIMIT_FORM = "office_member_link"


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        help_text=gettext_lazy("Die Adresse, die der Verein von Ihnen hat."),
        error_messages={"invalid": gettext_lazy("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")},
    )


class MemberDataForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = list(SELF_EDITABLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True  # the way to the next personal link

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip().upper()
        validate_country(value)
        return value


class IbanForm(forms.Form):
    account_holder = forms.CharField(label=gettext_lazy("Kontoinhaber/in"), max_length=70)
    iban = forms.CharField(
        label=gettext_lazy("Neue IBAN"),
        max_length=42,
        help_text=gettext_lazy("z. B. DE89 3704 0044 0532 0130 00"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Der Verein darf den Beitrag künftig von diesem Konto einziehen (Ihr Mandat gilt weiter)."),
        error_messages={"required": gettext_lazy("Bitte bestätigen Sie die neue Bankverbindung.")},
    )

    def clean_iban(self) -> str:
        try:
            return normalize_iban(self.cleaned_data.get("iban"))
        except InvalidIdentifier:
            raise forms.ValidationError(
                _("Diese IBAN ist ungültig. Bitte Länderkennung, Prüfziffer und Länge prüfen."), code="invalid_iban"
            ) from None


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Ihre Kündigung (optional mit Grund)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Ja, ich kündige meine Mitgliedschaft."),
        error_messages={"required": gettext_lazy("Bitte bestätigen Sie die Kündigung.")},
    )


def _club(request) -> Club:
    return Club.objects.get(pk=request.tenant.pk)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    # same-origin, not no-referrer: with no-referrer browsers post with `Origin: null`, which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request, error: TokenInvalid):
    response = TemplateResponse(
        request, "office/self_service/refused.html", {"error": str(error), "expired": error.expired}, status=400
    )
    return _private(response)


def _member_view(view):
    """Resolves the token to the member (in this club's schema only) or answers the refusal page."""

    def wrapper(request, token: str, *args, **kwargs):
        try:
            member = member_for_token(token)
        except TokenInvalid as error:
            return _refused(request, error)
        return _private(view(request, member, token, *args, **kwargs))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return never_cache(wrapper)


@never_cache
@require_http_methods(["GET", "POST"])
def link_request(request):
    """ "Mein Mitgliedskonto": the same answer whether or not the address is known."""
    form = LinkRequestForm(request.POST or None)
    status = 200
    sent = False
    if request.method == "POST" and form.is_valid():
        slot = rate_limit_take(request, form=RATE_LIMIT_FORM)
        if slot.allowed:
            member_link_send(club=_club(request), email=form.cleaned_data["email"])
            sent = True
        else:
            form.add_error(None, slot.message)
            status = 429
    response = TemplateResponse(
        request,
        "office/self_service/request.html",
        {"form": form, "sent": sent, "days": LINK_MAX_AGE // 86400},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(slot.retry_after)
    return _private(response)


@_member_view
@sensitive_post_parameters()
def account_home(request, member, token):
    """The member's data (correctable), their mandate (masked IBAN) and the links to the rest."""
    form = MemberDataForm(request.POST or None, instance=member)
    saved = request.GET.get("gespeichert") == "1"
    if request.method == "POST" and form.is_valid():
        try:
            member_self_update(member=member, data=form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect(reverse("office_public:account_home", args=[token]) + "?gespeichert=1")
    return TemplateResponse(
        request,
        "office/self_service/home.html",
        {
            "member": Member.objects.select_related("fee_group").get(pk=member.pk),
            "form": form,
            "saved": saved,
            "token": token,
            "mandate": member_active_mandate(member),
            "years": member_statement_years(member),
            "minutes": published_minutes_for(member),
        },
    )


@_member_view
@sensitive_post_parameters("iban", "account_holder")
def account_iban(request, member, token):
    mandate = member_active_mandate(member)
    form = IbanForm(request.POST or None, initial={"account_holder": mandate.account_holder if mandate else ""})
    if request.method == "POST" and form.is_valid():
        try:
            member_self_iban_change(
                member=member, account_holder=form.cleaned_data["account_holder"], iban=form.cleaned_data["iban"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("office_public:account_iban", args=[token]) + "?gespeichert=1")
    return TemplateResponse(
        request,
        "office/self_service/iban.html",
        {
            "member": member,
            "form": form,
            "token": token,
            "mandate": member_active_mandate(member),
            "saved": request.GET.get("gespeichert") == "1",
        },
    )


@_member_view
@require_GET
def account_statement(request, member, token, year: int):
    """PDF of the dues paid in `year`."""
    if not 1900 <= year <= timezone.localdate().year + 1:
        return TemplateResponse(
            request,
            "office/self_service/refused.html",
            {"error": _("Für dieses Jahr gibt es keine Aufstellung."), "token": token},
            status=404,
        )
    pdf = statement_pdf(member_statement(member=member, year=year), club=_club(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="beitraege-{year}-mitglied-{member.number}.pdf"'
    return response


@_member_view
def account_notice(request, member, token):
    """Notice of leaving: the day it takes effect is shown before and after sending."""
    club = _club(request)
    form = NoticeForm(request.POST or None)
    effective_on = member_notice_effective_on(member=member, club=club)
    if request.method == "POST" and not member.left_on and form.is_valid():
        try:
            member = member_notice_give(member=member, club=club, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("office_public:account_notice", token=token)
    return TemplateResponse(
        request,
        "office/self_service/notice.html",
        {
            "member": member,
            "form": form,
            "token": token,
            "club": club,
            "effective_on": effective_on,
            "today": timezone.localdate(),
            "months": club.notice_period_months,
            "to_year_end": club.notice_period_to_year_end,
        },
    )
