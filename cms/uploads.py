"""Upload checks for Wagtail's images and documents (both trees).

Images (`WAGTAILIMAGES_IMAGE_FORM_BASE`): Wagtail already refuses other extensions (no SVG: it can
carry script), files over `WAGTAILIMAGES_MAX_UPLOAD_SIZE` and files whose content is not the image
format their name claims. On top, every upload is re-encoded with Pillow: metadata (EXIF with the
place a photo was taken, author, camera) and anything hidden behind the image data are dropped.

Documents (`WAGTAILDOCS_DOCUMENT_FORM_BASE`): Wagtail checks extension and size; here the first
bytes must match the extension, so an HTML or executable file renamed to `.pdf` is refused.

Other uploads (the attachments of applications, clerks' decisions) use `upload_check`, the same
check with the allowed extensions and images verified with Pillow.
"""

import io
import os
from collections.abc import Iterable

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
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}
_TEXT = {"csv", "txt"}
# The format Pillow must find in a file with this extension.
_IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
# What a file with this extension is expected to be, for the error message.
_EXPECTED = {
    "pdf": _("ein PDF-Dokument"),
    "docx": _("ein Word-Dokument (DOCX)"),
    "xlsx": _("eine Excel-Tabelle (XLSX)"),
    "pptx": _("eine PowerPoint-Präsentation (PPTX)"),
    "odt": _("ein OpenDocument-Text (ODT)"),
    "ods": _("eine OpenDocument-Tabelle (ODS)"),
    "zip": _("ein ZIP-Archiv"),
    "rtf": _("ein RTF-Dokument"),
    "png": _("ein PNG-Bild"),
    "jpg": _("ein JPEG-Bild"),
    "jpeg": _("ein JPEG-Bild"),
    "gif": _("ein GIF-Bild"),
    "webp": _("ein WebP-Bild"),
    "txt": _("eine Textdatei"),
    "csv": _("eine CSV-Datei"),
}
# Programs: Windows (MZ), Linux (ELF), macOS (Mach-O, universal), scripts with a shebang.
_EXECUTABLES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Markup a browser would run as a page or an image with scripts.
_MARKUP = (b"<html", b"<svg", b"<script", b"<!doctype", b"<body", b"<iframe")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


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


def _describe(extension: str) -> str:
    return str(_EXPECTED.get(extension) or _("eine Datei vom Typ „.%(extension)s“") % {"extension": extension})


def upload_check(upload, *, extensions: Iterable[str] | None = None) -> str:
    """Refuse an upload whose bytes are not what its name says; return its extension.

    `extensions` (lower case, no dot) are the ones allowed; None leaves that to the caller (Wagtail's
    own extension check). Programs are refused whatever their name, markup (HTML, SVG) in anything
    but a text file, and images must be readable by Pillow in the format their name claims. Every
    message names the file and what was expected.
    """
    name = os.path.basename(upload.name or "") or _("Die Datei")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extensions is not None and extension not in extensions:
        raise forms.ValidationError(
            _("„%(name)s“: Dateien dieser Art können nicht hochgeladen werden. Erlaubt sind: %(list)s.")
            % {"name": name, "list": ", ".join(f".{e}" for e in sorted(extensions))},
            code="upload_extension",
        )
    expected = _describe(extension)
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    start = head
    for bom in _BOMS:
        start = start.removeprefix(bom)
    start = start.lstrip().lower()
    is_text = extension in _TEXT
    if head.startswith(_EXECUTABLES if not is_text else _EXECUTABLES[:-1]):
        raise forms.ValidationError(
            _("„%(name)s“ ist ein Programm und kann nicht hochgeladen werden. Erwartet wird %(expected)s.")
            % {"name": name, "expected": expected},
            code="upload_executable",
        )
    compressed = head.startswith(_OFFICE_ZIP)  # office files: their XML parts are markup by design
    if (not is_text and start.startswith(b"<")) or (not compressed and any(m in head.lower() for m in _MARKUP)):
        raise forms.ValidationError(
            _("„%(name)s“ enthält HTML- oder SVG-Code und wird deshalb abgelehnt. Erwartet wird %(expected)s.")
            % {"name": name, "expected": expected},
            code="upload_markup",
        )
    signatures = _SIGNATURES.get(extension)
    if signatures and (not head.startswith(signatures) or (extension == "webp" and head[8:12] != b"WEBP")):
        raise forms.ValidationError(
            _("„%(name)s“: Der Inhalt passt nicht zur Dateiendung „.%(extension)s“. Erwartet wird %(expected)s.")
            % {"name": name, "extension": extension, "expected": expected},
            code="document_mismatch",
        )
    if is_text and b"\x00" in head:
        raise forms.ValidationError(
            _("„%(name)s“ enthält Binärdaten. Erwartet wird %(expected)s.") % {"name": name, "expected": expected},
            code="document_binary",
        )
    if extension in _IMAGE_FORMATS:
        try:
            with Image.open(upload) as image:
                found = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            found = None
        finally:
            upload.seek(0)
        if found != _IMAGE_FORMATS[extension]:
            raise forms.ValidationError(
                _("„%(name)s“ ist kein lesbares Bild. Erwartet wird %(expected)s.")
                % {"name": name, "expected": expected},
                code="image_unreadable",
            )
    return extension


def document_check(upload) -> None:
    """Refuse a document whose bytes do not fit its extension (Wagtail checked the extension)."""
    upload_check(upload)


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
