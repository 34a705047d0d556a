"""Admin pages of the dunning (menu "Mitglieder" → "Mahnungen", `office.manage_debits` only): the
dunning run (who would get which level, select, send), the sent reminders with their letters as PDF,
the letter batch for members without e-mail, and the club's dunning levels."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.models import DunningChannel, DunningLevel, DunningNotice
from office.services.dunning import dunning_letters_pdf, dunning_proposals, dunning_send

from .catalog import OfficeViewSet
from .debits import DEBIT_ACCESS

MAX_IDS = 500


def _ids(raw: list[str]) -> list[int]:
    ids = []
    for value in raw:
        for part in str(value).split(","):
            if part.strip().isdigit():
                ids.append(int(part))
    return list(dict.fromkeys(ids))[:MAX_IDS]


def run(request):
    """GET: the proposals; POST: send to the chosen members (`now=1` right after a return import)."""
    if request.method == "POST":
        return _send(request)
    proposals = dunning_proposals()
    return TemplateResponse(
        request,
        "office/dunning/run.html",
        {
            "proposals": [proposal for proposal in proposals if proposal.level],
            "blocked": [proposal for proposal in proposals if not proposal.level],
            "levels": DunningLevel.objects.order_by("level"),
        },
    )


def _send(request):
    member_ids = _ids(request.POST.getlist("member"))
    if not member_ids:
        messages.error(request, _("Bitte mindestens ein Mitglied auswählen."))
        return redirect("office_dunning")
    now = request.POST.get("now") == "1"
    result = dunning_send(member_ids=member_ids, club=request.tenant, by=request.user, now=now)
    if result.emailed:
        messages.success(request, _("%(count)d Mahnungen per E-Mail versandt.") % {"count": len(result.emailed)})
    if result.letters:
        messages.warning(
            request,
            _("%(count)d Mitglieder haben keine E-Mail-Adresse: Bitte die Briefe drucken und per Post senden.")
            % {"count": len(result.letters)},
        )
    for member, reason in result.skipped:
        messages.info(request, _("Übersprungen: %(name)s – %(reason)s") % {"name": member.full_name, "reason": reason})
    if not result.sent:
        return redirect("office_dunning")
    ids = ",".join(str(notice.pk) for notice in result.sent)
    return redirect(f"{reverse('office_dunning_notices')}?ids={ids}")


def notices(request):
    """Sent reminders: the latest ones, or those of one sending (`?ids=`), with the letters to print."""
    queryset = DunningNotice.objects.select_related("member").order_by("-sent_on", "-pk")
    ids = _ids(request.GET.getlist("ids"))
    if ids:
        queryset = queryset.filter(pk__in=ids)
    shown = list(queryset[:200])
    letters = [notice for notice in shown if notice.channel == DunningChannel.LETTER]
    return TemplateResponse(
        request,
        "office/dunning/notices.html",
        {
            "notices": shown,
            "letter_ids": ",".join(str(notice.pk) for notice in letters),
            "letter_count": len(letters),
            "filtered": bool(ids),
        },
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def notice_pdf(request, pk):
    notice = get_object_or_404(DunningNotice.objects.select_related("member"), pk=pk)
    return _pdf_response(dunning_letters_pdf([notice], club=request.tenant), notice.filename)


def letters_pdf(request):
    """The letters of the chosen reminders in one PDF (one letter per member, page breaks between)."""
    ids = _ids(request.GET.getlist("ids"))
    chosen = list(DunningNotice.objects.select_related("member").filter(pk__in=ids).order_by("member__number", "pk"))
    if not chosen:
        raise Http404
    return _pdf_response(dunning_letters_pdf(chosen, club=request.tenant), "mahnbriefe.pdf")


class DunningLevelViewSet(OfficeViewSet):
    """The club's dunning levels; the board only (debit permission and the level's model permissions)."""

    model = DunningLevel
    name = "office_dunninglevel"
    url_prefix = "mitglieder/mahnstufen"
    icon = "list-ol"
    menu_label = gettext_lazy("Mahnstufen")
    required_permission = DEBIT_ACCESS
    list_display = ["level", "title", "days", "payment_days", "fee"]
    form_fields = ["level", "title", "days", "payment_days", "fee", "text"]
