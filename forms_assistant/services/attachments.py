"""Attachments: the upload check and adding a file to an application."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.uploads import upload_check
from forms_assistant.constants import AttachmentKind
from forms_assistant.models import Application, ApplicationAttachment

from .transitions import Actor

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_UPLOADS = {"pdf", "jpg", "jpeg", "png", "odt", "docx", "xlsx", "ods", "txt"}


def attachment_check(upload) -> None:
    """The one check for every file that joins an application: the club's uploads in the assistant
    and with an answer, the clerk's with a question or decision."""
    upload_check(upload, extensions=ALLOWED_UPLOADS)
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("„%(name)s“ ist größer als 10 MB. Bitte verkleinern Sie die Datei.") % {"name": upload.name}
        )


def attachment_add(
    *, application: Application, upload, actor: Actor, kind: str = AttachmentKind.ANSWER, field_key: str = ""
) -> ApplicationAttachment:
    """Store a file of an application; refused (ValidationError naming the file) unless its bytes
    are what its name says (`cms.uploads.upload_check`) and it is at most 10 MB."""
    attachment_check(upload)
    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        field_key=field_key,
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_by_name=actor.name,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment
