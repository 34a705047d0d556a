"""Admin "Versammlungen → Beschlüsse ohne Versammlung" (§ 32 Abs. 3 BGB, issue #14): create a question
with a deadline, send it to every member entitled to vote (e-mail with the personal link, letters as a
PDF batch), follow who took part, enter a vote that arrived otherwise in text form, count after the
deadline, download the record as a PDF. Thin views: the writes are office/services/resolutions.py;
only with `office.manage_assemblies`, 404 off club hosts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cms.forms import GermanDateField, form_errors_from
from office.assembly import written
from office.assembly.deadlines import german_date
from office.models import Member, WrittenResolution
from office.models.resolutions import ResolutionStatus, WrittenVoteSource
from office.services import resolutions as services
from sites.clubs.models import Club


def _club(request) -> Club:
    return Club.objects.get(pk=request.tenant.pk)


class ResolutionForm(forms.ModelForm):
    deadline = GermanDateField(
        label=gettext_lazy("Stimmabgabe bis (einschließlich)"),
        widget=forms.TextInput(attrs={"placeholder": "TT.MM.JJJJ", "inputmode": "numeric"}),
        error_messages={"invalid": gettext_lazy("Bitte ein Datum wie 14.06.2026 angeben.")},
    )

    class Meta:
        model = WrittenResolution
        fields = ["title", "text", "kind", "deadline"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


def _author(request) -> str:
    user = request.user
    return (user.get_full_name() or user.get_username() or "").strip()


@require_http_methods(["GET", "POST"])
def index(request):
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_create(data=form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Abstimmung ist angelegt. Prüfen Sie den Text und versenden Sie sie."))
            return redirect("office_resolution_detail", resolution.pk)
    return TemplateResponse(
        request,
        "office/assembly/resolution_index.html",
        {"resolutions": WrittenResolution.objects.all()[:200], "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    resolution = get_object_or_404(WrittenResolution, pk=pk)
    action = request.POST.get("action")
    posted = request.POST if action == "record" else {}
    if request.method == "POST":
        try:
            if action == "open":
                result = services.resolution_open(resolution=resolution, club=_club(request))
                messages.success(
                    request,
                    _(
                        "%(emails)d E-Mail(s) versandt, %(letters)d Brief(e) zum Druck bereit, %(failed)d E-Mail(s) nicht zugestellt."
                    )
                    % {"emails": result.emails, "letters": result.letters, "failed": result.failed},
                )
                return redirect("office_resolution_detail", pk)
            if action == "record":
                number = (request.POST.get("number") or "").strip()
                member = Member.objects.filter(number=int(number)).first() if number.isdigit() else None
                if member is None:
                    raise ValidationError(_("Kein Mitglied mit dieser Mitgliedsnummer."))
                services.resolution_vote(
                    resolution=resolution,
                    member=member,
                    choice=request.POST.get("choice", ""),
                    source=WrittenVoteSource.RECORDED,
                    recorded_by=_author(request),
                )
                messages.success(request, _("Stimme erfasst: %(name)s") % {"name": member.full_name})
                return redirect("office_resolution_detail", pk)
            if action == "close":
                resolution = services.resolution_close(resolution=resolution)
                messages.success(request, resolution.result_text)
                return redirect("office_resolution_detail", pk)
            raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    rows = services.participation(resolution) if resolution.status != ResolutionStatus.DRAFT else []
    return TemplateResponse(
        request,
        "office/assembly/resolution_detail.html",
        {
            "resolution": resolution,
            "deadline": german_date(resolution.deadline),
            "rows": rows,
            "voted": sum(1 for _notice, vote in rows if vote),
            "letters": sum(1 for notice, _vote in rows if notice.channel == "letter"),
            "posted": posted,
            "rule": services.majority_label(resolution.kind),
            "participation": written.participation_rule_text(services.participation_share()),
            "required": written.required_answers(resolution.entitled, services.participation_share()),
        },
        status=400 if request.method == "POST" else 200,
    )


def letters_pdf(request, pk: int):
    resolution = get_object_or_404(WrittenResolution, pk=pk)
    ids = resolution.notices.filter(channel="letter").values_list("member_id", flat=True)
    members = list(Member.objects.filter(pk__in=list(ids)).order_by("last_name", "first_name"))
    pdf = services.resolution_letters_pdf(resolution=resolution, club=_club(request), members=members)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abstimmung-{resolution.pk}-briefe.pdf"'
    return response


def record_pdf(request, pk: int):
    resolution = get_object_or_404(WrittenResolution, pk=pk)
    pdf = services.resolution_pdf(resolution=resolution, club=_club(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abstimmung-{resolution.pk}.pdf"'
    return response
