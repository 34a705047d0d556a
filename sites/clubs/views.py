"""Views of the clubs app.

Portal host: club directory, club detail, registration. Club host: accepting the invitation,
the club profile in the club's Wagtail admin. Operators' views live in `admin_views.py`.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from cms.forms import form_errors_from
from cms.rate_limits import rate_limit_take
from cms.tenancy.guards import club_only, portal_only

from .forms import HONEYPOT_FIELD, BoardMemberFormSet, ClubProfileForm, RegistrationForm, board_members_data
from .invitations import invitation_tokens
from .selectors import (
    category_list,
    club_directory_get,
    club_fresh,
    club_hostname,
    club_list,
    club_towns,
    portal_operator,
)
from .services import club_profile_update, registration_submit

logger = logging.getLogger(__name__)

DIRECTORY_PAGE_SIZE = 12


# --- portal: directory -------------------------------------------------------------------------


@portal_only
def directory(request):
    """All active clubs: search by name, filter by category and town, 12 per page."""
    from sites.portal.forms import DirectoryQueryForm

    categories = list(category_list())
    towns = club_towns()
    form = DirectoryQueryForm(request.GET, categories=categories, towns=towns)
    query, category, town = form.values["q"], form.values["kategorie"], form.values["ort"]
    notes = form.notes
    clubs = club_list(query=query, category=category, town=town)
    paginator = Paginator(clubs, DIRECTORY_PAGE_SIZE)
    page_number = form.values["seite"]
    if page_number > paginator.num_pages:
        notes.append(_("Diese Seite des Verzeichnisses gibt es nicht; wir zeigen die letzte Seite."))
        page_number = paginator.num_pages
    page = paginator.get_page(page_number)
    kept = {key: value for key, value in (("q", query), ("kategorie", category), ("ort", town)) if value}
    towns_overview = _directory_towns(query=query, category=category, town=town)
    return TemplateResponse(
        request,
        "clubs/club_directory.html",
        {
            "page_obj": page,
            "clubs": page.object_list,
            "query": query,
            "category": category,
            "town": town,
            "categories": categories,
            "towns": towns,
            "notes": notes,
            "is_filtered": bool(kept),
            "page_query": urlencode(kept),
            "town_overview": towns_overview,
        },
    )


def _directory_towns(*, query: str, category: str, town: str) -> dict:
    """The "Nach Ort" section: the clubs of the search (without its town) per town, as map and list."""
    from django.http import QueryDict

    from sites.portal.selectors import town_counts_of_clubs
    from sites.portal.town_map import town_overview

    # The links keep the search as the form understood it (an ignored filter is not carried on).
    params = QueryDict(mutable=True)
    params.update({key: value for key, value in (("q", query), ("kategorie", category)) if value})
    return town_overview(
        towns=town_counts_of_clubs(club_list(query=query, category=category)),
        params=params,
        path=reverse("clubs_portal:directory"),
        kind="clubs",
        place=town,
        drop=("ort", "seite"),
    )


@portal_only
def club_detail(request, slug: str):
    """A club's profile summary on the portal, linking to its own site."""
    club = club_directory_get(slug=slug)
    if club is None:
        raise Http404
    return TemplateResponse(request, "clubs/club_detail.html", {"club": club})


# --- portal: registration ----------------------------------------------------------------------


@sensitive_post_parameters()
@portal_only
def registration(request):
    """A club applies for its site; an operator decides in the portal's admin.

    Valid registrations are limited per client address (`HH_RATE_LIMITS["registration"]`,
    cms/rate_limits.py); over the limit the form comes back filled in with the waiting time (429).
    """
    terms_url = reverse("clubs_portal:terms")
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD):
            # A bot filled the field people do not see: answer as if all went well, store nothing.
            logger.info("registration honeypot triggered")
            return redirect("clubs_portal:registration_thanks")
        form = RegistrationForm(request.POST, terms_url=terms_url)
        if form.is_valid():
            slot = rate_limit_take(request, form="registration")
            if not slot.allowed:
                form.add_error(None, slot.message)
                status = 429
            else:
                try:
                    registration_obj = registration_submit(
                        data=form.registration_data(), categories=form.cleaned_data["categories"]
                    )
                except ValidationError as exc:
                    slot.release()
                    form.add_error(None, exc)
                else:
                    request.session["clubs_registration"] = {
                        "name": registration_obj.name,
                        "email": registration_obj.email,
                        "address": club_hostname(registration_obj.subdomain),
                    }
                    return redirect("clubs_portal:registration_thanks")
    else:
        form = RegistrationForm(terms_url=terms_url)
    response = TemplateResponse(
        request,
        "clubs/club_registration.html",
        {"form": form, "honeypot_field": HONEYPOT_FIELD, "terms_url": terms_url},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(slot.retry_after)
    return response


@portal_only
def registration_thanks(request):
    submitted = request.session.get("clubs_registration")
    return TemplateResponse(request, "clubs/club_registration_thanks.html", {"submitted": submitted})


@portal_only
def terms(request):
    return TemplateResponse(request, "clubs/terms.html")


# --- club host: invitation ---------------------------------------------------------------------


@never_cache
@sensitive_post_parameters()
@club_only
def invitation(request, uidb64: str, token: str):
    """The link from the invitation e-mail: set a password, then go to the club's admin."""
    user_model = get_user_model()
    try:
        user = user_model.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, user_model.DoesNotExist):
        user = None
    if user is None or not invitation_tokens.check_token(user, token):
        return TemplateResponse(request, "clubs/invitation_invalid.html", status=410)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("wagtailadmin_home")
    return TemplateResponse(request, "clubs/invitation.html", {"form": form, "invited_user": user})


# --- club host: profile in the club's Wagtail admin ---------------------------------------------


def user_can_edit_profile(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm("clubs.edit_profile")))


@sensitive_post_parameters("iban", "bic")
@club_only
def profile_edit(request):
    """The club's editors maintain their profile; it always acts on `request.tenant`."""
    if not user_can_edit_profile(request.user):
        raise PermissionDenied
    club = club_fresh(club=request.tenant)
    post = request.method == "POST"
    form = ClubProfileForm(request.POST if post else None, request.FILES if post else None, instance=club)
    formset = BoardMemberFormSet(request.POST if post else None, instance=club, prefix="board")
    if post:
        form_ok = form.is_valid()
        formset_ok = formset.is_valid()
        if form_ok and formset_ok:
            data = form.profile_data()
            data["board_members"] = board_members_data(formset)
            try:
                club_profile_update(club=club, data=data, by=request.user.get_username())
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Das Vereinsprofil ist gespeichert."))
                return redirect("clubs_profile")
        messages.error(request, _("Das Profil wurde nicht gespeichert. Bitte prüfen Sie die markierten Felder."))
    return TemplateResponse(
        request,
        "clubs/club_profile.html",
        {"form": form, "formset": formset, "club": club, "fieldsets": _profile_fieldsets(form)},
    )


def _profile_fieldsets(form) -> list[tuple[str, list]]:
    groups = [
        (
            _("Name und Beschreibung"),
            ["name", "short_name", "description", "categories", "founded_year", "member_count"],
        ),
        (_("Rechtliches"), ["legal_form", "register_court", "register_number", "tax_office", "exemption_notice_date"]),
        (_("Anschrift und Kontakt"), ["street", "postal_code", "town", "contact_name", "email", "phone"]),
        (_("Bankverbindung"), ["iban", "bic", "bank_name"]),
        (_("Logo und Farben"), ["logo", "primary_colour", "secondary_colour"]),
    ]
    return [(title, [form[name] for name in names]) for title, names in groups]


# --- portal: the operator's legal pages (every portal footer links them) -------------------------


def _operator_context() -> dict:
    operator = portal_operator()
    return {
        "operator": operator,
        "board": list(operator.board_members.all()) if operator else [],
        "contact_email": settings.HH_OPERATOR_EMAILS[0] if settings.HH_OPERATOR_EMAILS else "",
    }


def portal_imprint(request):
    """Impressum of the portal (§ 5 DDG, § 18 MStV), from the operator's profile."""
    return render(request, "cms/portal_imprint.html", _operator_context())


def portal_privacy(request):
    """Datenschutzerklärung of the portal (Art. 13 DSGVO): what the platform stores and why."""
    return render(request, "cms/portal_privacy.html", _operator_context())
