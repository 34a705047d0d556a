"""„Mitglieder importieren“ in the office admin: upload → column mapping (pre-filled from the known
exports) → dry-run report → confirm. The uploaded file travels between the steps signed and
compressed in the form (no copy on the server); the real import is all or nothing."""

import base64

from django import forms
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.imports import FIELDS, TableError, detect_source, guess_mapping, read_table
from office.selectors import user_sees_bank_data
from office.services.imports import ImportRefused, members_import

IMPORT_ACCESS = "office.add_member"
MAX_BYTES = 5 * 1024 * 1024
SALT = "office.import"
TOKEN_MAX_AGE = 2 * 60 * 60


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy(
            "CSV (Komma oder Semikolon; UTF-8 oder Windows-1252, wie Excel speichert) oder XLSX, "
            "z. B. der Export aus easyVerein, ClubDesk oder JVerein. Erste Zeile: Spaltenüberschriften."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB; bitte in Teilen importieren."))
        return upload


def _token(name: str, data: bytes) -> str:
    return signing.dumps({"name": name, "data": base64.b64encode(data).decode()}, salt=SALT, compress=True)


def _untoken(token: str) -> tuple[str, bytes]:
    value = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    return value["name"], base64.b64decode(value["data"])


def _mapping_from(post, headers: list[str]) -> dict[int, str]:
    mapping = {}
    for index in range(len(headers)):
        target = post.get(f"column_{index}", "")
        if target in FIELDS:
            mapping[index] = target
    return mapping


def _duplicates(mapping: dict[int, str]) -> list[str]:
    seen, doubled = set(), []
    for target in mapping.values():
        if target in seen:
            doubled.append(str(FIELDS[target]))
        seen.add(target)
    return doubled


def member_import(request):
    """One view for every step; `step` in the POST says which."""
    step = request.POST.get("step", "") if request.method == "POST" else ""
    upload_form = UploadForm(request.POST or None, request.FILES or None) if step == "upload" else UploadForm()
    context = {"upload_form": upload_form, "fields": FIELDS}
    if step == "upload":
        if not upload_form.is_valid():
            return TemplateResponse(request, "office/imports/upload.html", context)
        upload = upload_form.cleaned_data["file"]
        name, data = upload.name, upload.read()
        mapping = None
    elif step in ("check", "import"):
        try:
            name, data = _untoken(request.POST.get("token", ""))
        except (signing.BadSignature, ValueError, KeyError):
            messages.error(request, _("Die hochgeladene Datei ist abgelaufen; bitte noch einmal hochladen."))
            return redirect("office_import")
        mapping = "from_post"
    else:
        return TemplateResponse(request, "office/imports/upload.html", context)

    try:
        table = read_table(data, name)
    except TableError as error:
        upload_form.add_error(None, str(error)) if step == "upload" else messages.error(request, str(error))
        return TemplateResponse(request, "office/imports/upload.html", context)

    mapping = guess_mapping(table.headers) if mapping is None else _mapping_from(request.POST, table.headers)
    columns = [
        {
            "index": index,
            "heading": heading,
            "target": mapping.get(index, ""),
            "examples": [row[index] for row in table.rows[:3] if row[index]],
        }
        for index, heading in enumerate(table.headers)
    ]
    context.update(
        token=_token(name, data),
        filename=name,
        table=table,
        source=detect_source(table.headers),
        columns=columns,
        may_import_bank_data=user_sees_bank_data(request.user),
    )
    if step == "upload":
        return TemplateResponse(request, "office/imports/mapping.html", context)

    doubled = _duplicates(mapping)
    if doubled:
        messages.error(request, _("Jedes Feld nur einer Spalte zuordnen: %(fields)s") % {"fields": ", ".join(doubled)})
        return TemplateResponse(request, "office/imports/mapping.html", context)
    kwargs = {"table": table, "mapping": mapping, "by": request.user}
    kwargs["may_import_bank_data"] = user_sees_bank_data(request.user)
    if step == "check":
        context["report"] = members_import(dry_run=True, **kwargs)
        return TemplateResponse(request, "office/imports/mapping.html", context)
    try:
        report = members_import(dry_run=False, **kwargs)
    except ImportRefused as refused:
        context["report"] = refused.report
        messages.error(request, _("Der Import enthält Fehler; es wurde nichts übernommen."))
        return TemplateResponse(request, "office/imports/mapping.html", context)
    messages.success(request, _("%(count)d Mitglieder sind importiert.") % {"count": report.created})
    return redirect("office_member:index")
