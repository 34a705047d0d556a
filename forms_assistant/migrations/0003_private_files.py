"""Application files leave MEDIA_ROOT: moved to PRIVATE_MEDIA_ROOT under random names.

Up to this migration, PDFs and attachments were stored below `MEDIA_ROOT/private/forms_assistant/`
under guessable names (`pdf/HH-2026-000001.pdf`, `files/2026/12/lageplan.pdf`), and MEDIA_ROOT is
served whole by the development `/media/` view and by the reverse proxy. Each referenced file is
moved to `PRIVATE_MEDIA_ROOT/forms_assistant/` under a new random name and its row updated (the
original name of an attachment is kept in `original_name`); files no row references are moved to
`PRIVATE_MEDIA_ROOT/forms_assistant/unreferenced/` for the operators to inspect. Not atomic on
purpose: each file is moved and its row updated one at a time, so a failure half-way leaves every
row pointing at its file, and running the migration again finishes the job.
"""

import contextlib
import re
import shutil
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import forms_assistant.models

RANDOM_PDF = re.compile(r"^pdf/[0-9a-f]{32}\.pdf$")
RANDOM_FILE = re.compile(r"^files/\d{4}/\d{2}/[0-9a-f]{32}(\.[a-z0-9]{1,10})?$")
DATED = re.compile(r"^files/(\d{4}/\d{2})/")
EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")


def _roots():
    return (
        Path(settings.MEDIA_ROOT) / "private" / "forms_assistant",
        Path(settings.PRIVATE_MEDIA_ROOT) / "forms_assistant",
    )


def _new_name(old: str, *, is_pdf: bool) -> str:
    if is_pdf:
        return f"pdf/{uuid.uuid4().hex}.pdf"
    extension = Path(old).suffix.lower()
    extension = extension if EXTENSION.match(extension) else ""
    dated = DATED.match(old)
    folder = f"files/{dated.group(1)}" if dated else "files/0000/00"
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def _move_rows(queryset, field: str, *, is_pdf: bool, old_root: Path, new_root: Path) -> tuple[int, int]:
    moved = missing = 0
    random = RANDOM_PDF if is_pdf else RANDOM_FILE
    for pk, name in queryset.exclude(**{field: ""}).values_list("pk", field).iterator():
        if random.match(name) and (new_root / name).is_file():
            continue  # already moved
        source = next((root / name for root in (old_root, new_root) if (root / name).is_file()), None)
        if source is None:
            missing += 1
            continue
        new = _new_name(name, is_pdf=is_pdf)
        target = new_root / new
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        try:
            queryset.filter(pk=pk).update(**{field: new})
        except Exception:
            shutil.move(target, source)
            raise
        moved += 1
    return moved, missing


def _sweep(old_root: Path, new_root: Path) -> int:
    """Move what is left in the old folder (no row points at it) out of the served media."""
    if not old_root.is_dir():
        return 0
    left = 0
    for path in sorted(old_root.rglob("*")):
        if path.is_file():
            target = new_root / "unreferenced" / path.relative_to(old_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            left += 1
    folders = sorted((p for p in old_root.rglob("*") if p.is_dir()), reverse=True)
    for folder in [*folders, old_root, old_root.parent]:
        # A folder that is not empty (something else than a plain file) is left for the operators.
        with contextlib.suppress(OSError):
            folder.rmdir()
    return left


def move_to_private_root(apps, schema_editor):
    from django_tenants.utils import get_public_schema_name

    if getattr(schema_editor.connection, "schema_name", get_public_schema_name()) != get_public_schema_name():
        return
    old_root, new_root = _roots()
    Application = apps.get_model("forms_assistant", "Application")
    Attachment = apps.get_model("forms_assistant", "ApplicationAttachment")
    pdfs = _move_rows(Application.objects.all(), "pdf", is_pdf=True, old_root=old_root, new_root=new_root)
    files = _move_rows(Attachment.objects.all(), "file", is_pdf=False, old_root=old_root, new_root=new_root)
    left = _sweep(old_root, new_root)
    if pdfs[0] or files[0] or left or pdfs[1] or files[1]:
        sys.stdout.write(
            f"\n  forms_assistant: {pdfs[0]} PDFs and {files[0]} attachments moved to {new_root}"
            f" under random names; {left} unreferenced files moved to {new_root / 'unreferenced'};"
            f" {pdfs[1] + files[1]} files referenced but missing.\n"
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("forms_assistant", "0002_inbox_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="pdf",
            field=models.FileField(
                blank=True,
                storage=forms_assistant.models.private_storage,
                upload_to=forms_assistant.models.pdf_upload_to,
                verbose_name="PDF",
            ),
        ),
        migrations.AlterField(
            model_name="applicationattachment",
            name="file",
            field=models.FileField(
                storage=forms_assistant.models.private_storage,
                upload_to=forms_assistant.models.attachment_upload_to,
                verbose_name="Datei",
            ),
        ),
        migrations.RunPython(move_to_private_root, migrations.RunPython.noop, elidable=False),
    ]
