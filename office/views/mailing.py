"""E-mail to the members the list's current filter shows (compose → preview with the number of
recipients → send; one message per member), the copies sent, and the saved filters of the list."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.forms import MemberFilterSet
from office.models import SavedFilter, SentMessage
from office.selectors import member_list, members_with_balance
from office.services.mailing import (
    filter_querystring,
    group_mail_send,
    recipients_split,
    saved_filter_delete,
    saved_filter_save,
)

MAIL_ACCESS = "office.change_member"


def members_for(querystring: str):
    """The members the member list shows for this query string (its filters and search)."""
    query = QueryDict(querystring)
    search = query.get("q", "").strip()
    queryset = member_list(search=search) if search else members_with_balance()
    filterset = MemberFilterSet(data=query, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(_("Der Filter ist ungültig; bitte in der Mitgliederliste neu wählen."))
    return filterset.qs, filterset


def _filter_summary(filterset) -> list[str]:
    summary = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], False):
            continue
        label = filterset.form.fields[name].label
        if isinstance(value, list | tuple):
            choices = dict(filterset.form.fields[name].choices)
            value = ", ".join(str(choices.get(v, v)) for v in value)
        summary.append(f"{label}: {value}")
    return summary


class GroupMailForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Betreff"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("Platzhalter: {vorname}, {nachname}, {mitgliedsnummer} – je Mitglied ersetzt."),
    )
    newsletter_only = forms.BooleanField(
        label=gettext_lazy("Nur an Mitglieder mit Einwilligung in den Newsletter"), required=False
    )
    querystring = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


def compose(request):
    source = request.POST if request.method == "POST" else None
    querystring = (
        request.POST.get("querystring", "")
        if source
        else filter_querystring((name, value) for name, values in request.GET.lists() for value in values)
    )
    try:
        members, filterset = members_for(querystring)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("office_member:index")
    form = GroupMailForm(source, initial={"querystring": querystring})
    step = request.POST.get("step", "edit") if source else "edit"
    preview = None
    if source and form.is_valid():
        recipients = recipients_split(members, newsletter_only=form.cleaned_data["newsletter_only"])
        if step == "send":
            try:
                sent = group_mail_send(
                    members=members,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    querystring=querystring,
                    by=request.user,
                    reply_to=getattr(request.tenant, "email", ""),
                    newsletter_only=form.cleaned_data["newsletter_only"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request, _("Die E-Mail ist an %(count)d Mitglieder gesendet.") % {"count": sent.recipients_count}
                )
                return redirect("office_mail_detail", pk=sent.pk)
        elif step == "preview":
            preview = recipients
    context = {
        "form": form,
        "preview": preview,
        "querystring": querystring,
        "summary": _filter_summary(filterset),
        "count": members.count(),
    }
    return TemplateResponse(request, "office/mailing/compose.html", context)


def sent_list(request):
    return TemplateResponse(request, "office/mailing/sent_list.html", {"sent": SentMessage.objects.all()[:200]})


def sent_detail(request, pk: int):
    return TemplateResponse(
        request, "office/mailing/sent_detail.html", {"message": get_object_or_404(SentMessage, pk=pk)}
    )


def filter_save(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    name = request.POST.get("name", "").strip()
    querystring = request.POST.get("querystring", "")
    pairs = [(key, value) for key, values in QueryDict(querystring).lists() for value in values]
    back = reverse("office_member:index") + (f"?{filter_querystring(pairs)}" if querystring else "")
    if not name:
        messages.error(request, _("Bitte einen Namen für den Filter eingeben."))
        return redirect(back)
    try:
        saved_filter_save(name=name[:80], querystring=querystring, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Filter „%(name)s“ ist gespeichert.") % {"name": name[:80]})
    return redirect(back)


def filter_delete(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    saved_filter_delete(saved_filter=saved)
    messages.success(request, _("Der Filter „%(name)s“ ist gelöscht.") % {"name": saved.name})
    return redirect("office_member:index")
