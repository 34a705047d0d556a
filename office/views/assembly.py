"""Admin menu "Versammlungen" (issue #14): list and create assemblies, the agenda and members' motions,
invitations (letters as a PDF batch), check-in on a phone (search by name or member number, proxies,
the quorum live), vote control and results, the projector view (current item and results in big
type, no personal data), minutes (editable draft and PDF) and the statute's rules. Thin views: the
writes are office/services/assembly.py; only with `office.manage_assemblies`, 404 off club hosts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cms.forms import form_errors_from
from office.assembly.deadlines import german_date
from office.models import AgendaItem, Assembly, Invitation, Member, Motion
from office.models.assembly import ItemKind, Presence
from office.services import assembly as services
from office.services import assembly_minutes as minutes_services
from office.views.assembly_statute import StatuteForm
from sites.clubs.models import Club

ASSEMBLY_ACCESS = "office.manage_assemblies"


def _club(request) -> Club:
    return Club.objects.get(pk=request.tenant.pk)


class AssemblyForm(forms.ModelForm):
    class Meta:
        model = Assembly
        fields = ["title", "held_on", "starts_at", "place", "mode", "video_link", "chair", "keeper"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class AgendaItemForm(forms.ModelForm):
    candidates_text = forms.CharField(
        label=gettext_lazy("Kandidierende (eine Person je Zeile)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "text", "secret", "seats"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


def _pk(value) -> int:
    """A posted id, or 404 (a typed-over value is no server error)."""
    if not str(value or "").isdigit():
        raise Http404
    return int(value)


@require_http_methods(["GET", "POST"])
def index(request):
    form = AssemblyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.assembly_create(data=form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Versammlung ist angelegt."))
            return redirect("office_assembly_detail", assembly.pk)
    return TemplateResponse(
        request,
        "office/assembly/admin_index.html",
        {"assemblies": Assembly.objects.all()[:200], "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    assembly = get_object_or_404(Assembly, pk=pk)
    item_form = AgendaItemForm(request.POST if request.POST.get("action") == "item" else None)
    action = request.POST.get("action")
    if request.method == "POST":
        try:
            if action == "item" and item_form.is_valid():
                data = {key: value for key, value in item_form.cleaned_data.items() if key != "candidates_text"}
                data["candidates"] = [
                    line.strip() for line in item_form.cleaned_data["candidates_text"].splitlines() if line.strip()
                ]
                services.agenda_item_add(assembly=assembly, data=data)
                messages.success(request, _("Der Tagesordnungspunkt ist angelegt."))
                return redirect("office_assembly_detail", pk)
            if action == "place":
                motion = get_object_or_404(Motion, pk=_pk(request.POST.get("motion")), assembly=assembly)
                services.motion_place(motion=motion)
                messages.success(request, _("Der Antrag steht auf der Tagesordnung."))
                return redirect("office_assembly_detail", pk)
            if action == "decline":
                motion = get_object_or_404(Motion, pk=_pk(request.POST.get("motion")), assembly=assembly)
                services.motion_decline(motion=motion)
                messages.success(request, _("Der Antrag wird nicht auf die Tagesordnung gesetzt."))
                return redirect("office_assembly_detail", pk)
            if action == "delivery":
                invitation = get_object_or_404(Invitation, pk=_pk(request.POST.get("invitation")), assembly=assembly)
                services.invitation_delivery_set(invitation=invitation, delivery=request.POST.get("delivery", ""))
                messages.success(request, _("Zustellung vermerkt."))
                return redirect("office_assembly_detail", pk)
            if action == "invite":
                result = services.invitations_send(assembly=assembly, club=_club(request))
                messages.success(
                    request,
                    _("%(emails)d Einladung(en) per E-Mail versandt, %(letters)d Brief(e) zum Druck bereit.")
                    % {"emails": result.emails, "letters": result.letters},
                )
                return redirect("office_assembly_detail", pk)
            if action == "remind":
                count = services.invitations_remind(assembly=assembly, club=_club(request))
                messages.success(request, _("%(count)d Erinnerung(en) per E-Mail versandt.") % {"count": count})
                return redirect("office_assembly_detail", pk)
        except ValidationError as error:
            if action == "item":
                form_errors_from(item_form, error)
            else:
                messages.error(request, " ".join(error.messages))
    return TemplateResponse(
        request,
        "office/assembly/admin_detail.html",
        {
            "assembly": assembly,
            "held_on": german_date(assembly.held_on),
            "items": assembly.items.order_by("order"),
            "motions": assembly.motions.all(),
            "item_form": item_form,
            "invitations": assembly.invitations.count(),
            "invitation_rows": assembly.invitations.select_related("member").order_by(
                "member__last_name", "member__first_name"
            ),
            "letters": assembly.invitations.filter(channel="letter").count(),
            "quorum": services.quorum_status(assembly),
        },
        status=400 if item_form.errors else 200,
    )


def letters_pdf(request, pk: int):
    assembly = get_object_or_404(Assembly, pk=pk)
    ids = assembly.invitations.filter(channel="letter").values_list("member_id", flat=True)
    members = list(Member.objects.filter(pk__in=list(ids)).order_by("last_name", "first_name"))
    pdf = services.invitation_letters_pdf(assembly=assembly, club=_club(request), members=members)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="einladungen-{assembly.held_on:%Y-%m-%d}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def check_in(request, pk: int):
    """Phone-first: search, check in, record proxies; the quorum on top."""
    assembly = get_object_or_404(Assembly, pk=pk)
    query = request.GET.get("q", "")
    if request.method == "POST":
        member = get_object_or_404(Member, pk=_pk(request.POST.get("member")))
        try:
            if request.POST.get("action") == "proxy":
                holder = get_object_or_404(Member, pk=_pk(request.POST.get("holder")))
                services.proxy_record(assembly=assembly, principal=member, holder=holder)
                messages.success(request, _("Vollmacht eingetragen: %(name)s") % {"name": member.full_name})
            else:
                services.attendance_check_in(assembly=assembly, member=member, presence=Presence.PRESENT)
                messages.success(request, _("Eingecheckt: %(name)s") % {"name": member.full_name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{request.path}?q={query or request.POST.get('q', '')}")
    found = services.members_search(query=query)
    checked = {a.member_id: a for a in assembly.attendances.all()}
    present = [a for a in assembly.attendances.select_related("member") if a.presence != Presence.REPRESENTED]
    return TemplateResponse(
        request,
        "office/assembly/admin_checkin.html",
        {
            "assembly": assembly,
            "query": query,
            "found": [(member, checked.get(member.pk)) for member in found],
            "present": present,
            "quorum": services.quorum_status(assembly),
        },
    )


@require_http_methods(["GET", "POST"])
def votes(request, pk: int):
    """Vote control: open and close the vote on an item; the result with the rule that applied."""
    assembly = get_object_or_404(Assembly, pk=pk)
    if request.method == "POST":
        item = get_object_or_404(AgendaItem, pk=_pk(request.POST.get("item")), assembly=assembly)
        try:
            if request.POST.get("action") == "open":
                services.vote_open(item=item)
            elif request.POST.get("action") == "close":
                record = services.vote_close(item=item)
                messages.success(request, record.text)
            elif request.POST.get("action") == "current":
                assembly.current_item = item
                assembly.save(update_fields=["current_item"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("office_assembly_votes", pk)
    items = [(item, services.votes_count(item)) for item in assembly.items.order_by("order").select_related("result")]
    return TemplateResponse(
        request,
        "office/assembly/admin_votes.html",
        {"assembly": assembly, "items": items, "quorum": services.quorum_status(assembly), "kinds": ItemKind},
    )


def projector(request, pk: int):
    """Current item and results in big type; no names of members (it is shown to the room)."""
    assembly = get_object_or_404(Assembly, pk=pk)
    item = assembly.current_item
    return TemplateResponse(
        request,
        "office/assembly/projector.html",
        {
            "assembly": assembly,
            "item": item,
            "live": services.live_counts(item) if item else None,
            "quorum": services.quorum_status(assembly),
        },
    )


@require_http_methods(["GET", "POST"])
def minutes(request, pk: int):
    assembly = get_object_or_404(Assembly, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("draft", "confirm_chair", "confirm_keeper", "publish"):
            try:
                _minutes_action(request, assembly, action)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            try:
                services.minutes_save(assembly=assembly, text=request.POST.get("text", ""))
                messages.success(request, _("Das Protokoll ist gespeichert."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                assembly.minutes_text = request.POST.get("text", "")
                return TemplateResponse(
                    request, "office/assembly/admin_minutes.html", {"assembly": assembly}, status=400
                )
        return redirect("office_assembly_minutes", pk)
    if not assembly.minutes_text and not assembly.minutes_published_at:
        services.minutes_draft(assembly=assembly, club=_club(request))
    return TemplateResponse(
        request,
        "office/assembly/admin_minutes.html",
        {
            "assembly": assembly,
            "confirmed": minutes_services.minutes_confirmed(assembly),
            "user_name": _author(request),
        },
    )


def _author(request) -> str:
    user = request.user
    return (user.get_full_name() or user.get_username() or "").strip()


def _minutes_action(request, assembly: Assembly, action: str) -> None:
    """Redraft, confirm as chair or keeper (the name typed, else the signed-in user's), or publish."""
    if action == "draft":
        services.minutes_draft(assembly=assembly, club=_club(request))
        messages.success(request, _("Der Entwurf ist neu erstellt."))
    elif action == "publish":
        sent = minutes_services.minutes_publish(assembly=assembly, club=_club(request))
        messages.success(
            request, _("Das Protokoll ist veröffentlicht; %(n)d E-Mail(s) mit dem PDF versandt.") % {"n": sent}
        )
    else:
        role = action.removeprefix("confirm_")
        name = (request.POST.get(f"{role}_name") or "").strip() or _author(request)
        minutes_services.minutes_confirm(assembly=assembly, role=role, name=name)
        messages.success(request, _("Bestätigt von %(name)s.") % {"name": name})


def minutes_pdf(request, pk: int):
    assembly = get_object_or_404(Assembly, pk=pk)
    response = HttpResponse(
        services.minutes_pdf(assembly=assembly, club=_club(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="protokoll-{assembly.held_on:%Y-%m-%d}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def statute(request):
    instance = services.statute_settings_get()
    form = StatuteForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.statute_settings_save(settings=form.save(commit=False))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Satzungsregeln sind gespeichert."))
            return redirect("office_assembly_statute")
    notes = [finding for finding in services.statute_get().findings() if finding.level == "note"]
    return TemplateResponse(
        request,
        "office/assembly/admin_statute.html",
        {"form": form, "notes": notes},
        status=400 if form.errors else 200,
    )
