"""A written resolution on the member's phone (§ 32 Abs. 3 BGB, issue #14), through the personal link
of the e-mail or letter: the question, the deadline, Ja/Nein/Enthaltung; after voting, the vote as
recorded (name, moment, answer — it is not secret). The link works only on the club's host and ends
with the deadline day (office/services/resolutions.py). Pages answer `no-store`, referrer same-origin."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from office.assembly import deadlines, written
from office.models import WrittenVote
from office.services import resolutions as services
from office.services.tokens import TokenInvalid

from .assembly_member import _private


def _refused(request, error: TokenInvalid):
    response = TemplateResponse(
        request, "office/assembly/resolution_refused.html", {"error": str(error), "expired": error.expired}, status=400
    )
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def resolution_home(request, token: str):
    try:
        member, resolution = services.resolution_for_token(token)
    except TokenInvalid as error:
        return _refused(request, error)
    error = ""
    if request.method == "POST":
        try:
            services.resolution_vote(resolution=resolution, member=member, choice=request.POST.get("choice", ""))
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            return _private(redirect(request.path + "?abgestimmt=1"))
    vote = WrittenVote.objects.filter(resolution=resolution, member=member).first()
    context = {
        "member": member,
        "resolution": resolution,
        "vote": vote,
        "deadline": deadlines.german_date(resolution.deadline),
        "open": resolution.status == "open",
        "rule": services.majority_label(resolution.kind),
        "participation": written.participation_rule_text(services.participation_share()),
        "choices": [("yes", _("Ja")), ("no", _("Nein")), ("abstain", _("Enthaltung"))],
        "error": error,
        "saved": request.GET.get("abgestimmt") == "1" and vote is not None,
    }
    return _private(
        TemplateResponse(request, "office/assembly/resolution_member.html", context, status=400 if error else 200)
    )
