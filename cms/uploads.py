"""Upload checks for Wagtail's images and documents (both trees).

Images (`WAGTAILIMAGES_IMAGE_FORM_BASE`): Wagtail already refuses other extensions (no SVG: it can
carry script), files over `WAGTAILIMAGES_MAX_UPLOAD_SIZE` and files whose content is not the image
format their name claims. On top, every upload is re-encoded with Pillow: metadata (EXIF with the
place a photo was taken, author, camera) and anything hidden behind the image data are dropped.

Documents (`WAGTAILDOCS_DOCUMENT_FORM_BASE`): Wagtail checks extension and size; here the first
bytes must match the extension, so an HTML or executable file renamed to `.pdf` is refused.
"""

import io

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from PIL import Image, ImageOps, UnidentifiedImageError

_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}
_OFFICE_ZIP = b"PK\x03\x04"
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (_OFFICE_ZIP,),
    "xlsx": (_OFFICE_ZIP,),
    "pptx": (_OFFICE_ZIP,),
    "odt": (_OFFICE_ZIP,),
    "ods": (_OFFICE_ZIP,),
    "zip": (_OFFICE_ZIP, b"PK\x05\x06"),
    "rtf": (b"{\\rtf",),
}
_TEXT = {"csv", "txt"}


def image_reencode(upload) -> SimpleUploadedFile:
    """A clean copy of an uploaded image in its own format (animations kept), without metadata."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            if kind not in _SAVE_OPTIONS:
                raise forms.ValidationError(_("Dieses Bildformat wird nicht unterstützt."), code="image_format")
            frames = getattr(image, "n_frames", 1)
            buffer = io.BytesIO()
            if frames > 1 and kind in ("GIF", "WEBP"):
                image.save(buffer, format=kind, save_all=True, **_SAVE_OPTIONS[kind])
            else:
                clean = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data described
                if kind == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
                    clean = clean.convert("RGB")
                clean.save(buffer, format=kind, **_SAVE_OPTIONS[kind])
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(_("Diese Datei ist kein lesbares Bild."), code="image_unreadable") from None
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}[kind]
    return SimpleUploadedFile(upload.name, buffer.getvalue(), content_type=content_type)


def document_check(upload) -> None:
    """Refuse a document whose first bytes do not fit its extension."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if extension in _SIGNATURES:
        if not head.startswith(_SIGNATURES[extension]):
            raise forms.ValidationError(
                _("Der Inhalt passt nicht zur Dateiendung „.%(extension)s“.") % {"extension": extension},
                code="document_mismatch",
            )
    elif extension in _TEXT and b"\x00" in head:
        raise forms.ValidationError(_("Eine Textdatei darf keine Binärdaten enthalten."), code="document_binary")


class ImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            return image_reencode(upload)
        return upload


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            document_check(upload)
        return upload
