"""The general assembly on the member's phone (issue #14), through the personal link of the invitation:
the current item, vote buttons (yes/no/abstain, or the candidates), online check-in, motions until
the statute's deadline. No sign-in: the link is signed, expires and names the club's schema
(office/services/assembly.py). Pages answer `no-store` and send a referrer only to the same origin.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from office.assembly import deadlines
from office.models import Member
from office.models.assembly import Presence, VoteState
from office.services import assembly as services
from office.services import assembly_minutes as minutes_services
from office.services.join import TokenInvalid
from sites.clubs.models import Club


def _private(response):
    """No shared cache; the token in the path is never sent to another site. `same-origin`, not
    `no-referrer`: with `no-referrer` browsers send `Origin: null` on the page's own form posts, which
    Django's CSRF check refuses."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request, error: TokenInvalid):
    response = TemplateResponse(
        request, "office/assembly/member_refused.html", {"error": str(error), "expired": error.expired}, status=400
    )
    return _private(response)


def _context(member, assembly, token) -> dict:
    statute = services.statute_get()
    item = assembly.current_item
    rights = services.voting_rights(assembly=assembly, member=member)
    ballots = []
    if item and item.vote_state == VoteState.OPEN:
        ballots = [(voter, services.has_voted(item=item, member=voter)) for voter in rights]
    deadline = deadlines.motion_deadline(assembly.held_on, statute)
    attendance = assembly.attendances.filter(member=member).first()
    return {
        "member": member,
        "assembly": assembly,
        "token": token,
        "item": item,
        "ballots": ballots,
        "attendance": attendance,
        "held_on": deadlines.german_date(assembly.held_on),
        "motion_deadline": deadlines.german_date(deadline) if deadline else "",
        "motions_open": deadlines.motion_on_time(timezone.localdate(), meeting_on=assembly.held_on, statute=statute),
        "online_possible": assembly.mode != "in_person",
        "choices": [("yes", _("Ja")), ("no", _("Nein")), ("abstain", _("Enthaltung"))],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def assembly_home(request, token: str):
    """The member's page of one assembly; POST `action` = vote, checkin or motion."""
    try:
        member, assembly = services.assembly_for_token(token)
    except TokenInvalid as error:
        return _refused(request, error)
    error = ""
    if request.method == "POST":
        # What a POST needs is read here, the page's context only if the page is shown again: 500
        # members vote within a minute (bench/assembly.py), and a counted vote is answered by a redirect.
        action = request.POST.get("action")
        item = assembly.current_item
        try:
            if action == "vote" and item is not None:
                posted_voter = request.POST.get("voter", "")
                voter = member
                if posted_voter.isdigit() and int(posted_voter) != member.pk:
                    voter = Member.objects.filter(pk=int(posted_voter)).first() or member
                choice = request.POST.getlist("choice")
                services.vote_cast(
                    item=item,
                    member=voter,
                    choice=choice[0] if len(choice) == 1 else choice,
                    cast_by=member if voter.pk != member.pk else None,
                )
                return _private(redirect(request.path + "?gezaehlt=1"))
            if action == "checkin" and assembly.mode != "in_person":
                services.attendance_check_in(assembly=assembly, member=member, presence=Presence.ONLINE)
                return _private(redirect(request.path))
            if action == "motion":
                services.motion_submit(
                    member=member,
                    assembly=assembly,
                    title=(request.POST.get("title") or "").strip(),
                    text=(request.POST.get("text") or "").strip(),
                )
                return _private(redirect(request.path + "?antrag=1"))
            error = _("Diese Aktion ist gerade nicht möglich.")
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    context = _context(member, assembly, token)
    context.update(
        error=error,
        counted=request.GET.get("gezaehlt") == "1",
        motion_saved=request.GET.get("antrag") == "1",
        posted=request.POST if request.method == "POST" else {},
    )
    return _private(
        TemplateResponse(request, "office/assembly/member_home.html", context, status=400 if error else 200)
    )


@never_cache
@require_GET
def assembly_minutes_pdf(request, token: str):
    """The published minutes as a PDF through the member's personal link; unpublished minutes are
    answered like a missing page."""
    try:
        _member, assembly = services.assembly_for_token(token)
    except TokenInvalid as error:
        return _refused(request, error)
    if not assembly.minutes_published_at:
        raise Http404
    response = HttpResponse(
        minutes_services.minutes_pdf(assembly=assembly, club=Club.objects.get(pk=request.tenant.pk)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="protokoll-{assembly.held_on:%Y-%m-%d}.pdf"'
    return _private(response)
