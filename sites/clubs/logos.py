"""Club logos: only real PNG, JPEG or WebP images up to 2 MB, re-encoded to strip metadata.

Re-encoding with Pillow drops EXIF (location, camera, author) and anything appended to the file,
and refuses files that merely carry an image extension. Images with more pixels than Wagtail's
images allow are refused from their header, before they are decoded.
"""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000  # per side; larger logos are scaled down
_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def max_pixels() -> int:
    """The same bound as Wagtail's images (WAGTAILIMAGES_MAX_IMAGE_PIXELS, by default 128 million)."""
    return int(getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000))


def _too_many_pixels(width: int = 0, height: int = 0) -> ValidationError:
    size = _("%(width)d × %(height)d Pixel") % {"width": width, "height": height} if width else _("sehr groß")
    return ValidationError(
        _(
            "Das Bild ist zu groß (%(size)s); erlaubt sind höchstens %(max)s Millionen Pixel. "
            "Bitte das Logo verkleinern, z. B. auf 1000 × 1000 Pixel, und erneut hochladen."
        )
        % {"size": size, "max": f"{max_pixels() / 1_000_000:g}"},
        code="logo_too_many_pixels",
    )


def _check_pixels(width: int, height: int) -> None:
    # Checked from the header, before any decoding: a small PNG can unpack to hundreds of megabytes.
    if width * height > max_pixels():
        raise _too_many_pixels(width, height)


def logo_reencode(upload) -> ContentFile:
    """Check an uploaded logo and return a clean copy; raises ValidationError with a German message."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Das Logo ist %(size).1f MB groß; erlaubt sind höchstens 2 MB.") % {"size": upload.size / 1024 / 1024},
            code="logo_too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:  # reads the header only: size and format, no pixels yet
            kind = probe.format
            _check_pixels(*probe.size)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except Image.DecompressionBombError:  # Pillow's own, larger bound: refused before our check ran
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Diese Datei ist kein lesbares Bild. Bitte ein Logo als PNG, JPG oder WebP hochladen."),
            code="logo_not_an_image",
        ) from None
    if kind not in _FORMATS:
        raise ValidationError(
            _("Bilder im Format %(kind)s werden nicht angenommen. Bitte PNG, JPG oder WebP verwenden.")
            % {"kind": kind or "?"},
            code="logo_wrong_type",
        )
    image.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
    if kind == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    elif image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA")  # palettes and odd modes: keep transparency, drop the rest
    # A new image from the pixels alone: no EXIF, ICC profile or text chunks survive.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    save_kwargs = {"quality": 90} if kind in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(out, format=kind, **save_kwargs)
    stem = os.path.splitext(os.path.basename(upload.name or "logo"))[0][:60] or "logo"
    return ContentFile(out.getvalue(), name=f"{stem}.{_FORMATS[kind]}")
