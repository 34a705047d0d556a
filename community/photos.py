"""Photo uploads of posts: checked for size and type, then re-encoded with Pillow.

Re-encoding drops whatever else a file carries (EXIF with GPS positions, scripts in crafted
files) and keeps photos small; only the re-encoded JPEG is ever stored.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from PIL import Image, ImageOps, UnidentifiedImageError

from .constants import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, PHOTO_MAX_EDGE

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def photo_reencode(upload) -> ContentFile:
    """A JPEG of at most PHOTO_MAX_EDGE pixels per edge, or a ValidationError in plain German."""
    name = getattr(upload, "name", "") or _("Foto")
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("„%(name)s“ ist zu groß (%(size)s MB). Erlaubt sind höchstens %(max)s MB pro Foto.")
            % {"name": name, "size": round(upload.size / 1024 / 1024, 1), "max": MAX_PHOTO_BYTES // 1024 // 1024},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("„%(name)s“ ist kein Foto im Format JPG, PNG oder WebP.") % {"name": name}, code="format"
                )
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    _("„%(name)s“ hat zu viele Bildpunkte. Bitte ein kleineres Foto wählen.") % {"name": name},
                    code="too_many_pixels",
                )
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("„%(name)s“ konnte nicht als Foto gelesen werden. Bitte JPG, PNG oder WebP verwenden.") % {"name": name},
            code="unreadable",
        ) from exc
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
