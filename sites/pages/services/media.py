"""Images and documents that the starter tree and the demo put into a club's media library.

Each `*_ensure` finds its object again by title, so building a tree twice adds nothing.
"""

import hashlib
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from sites.pages.illustrations import illustration_png


def collection_ensure(name: str) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def illustration_image_ensure(
    *, title: str, description: str, motif: str, primary: str, secondary: str, collection: Collection, seed: int = 1
) -> Image:
    """A Pillow-made illustration as a Wagtail image; found again by title (idempotent)."""
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    png = illustration_png(motif=motif, primary=primary, secondary=secondary, size=(1600, 800), seed=seed)
    # Stable names (not hash(), which changes per process) keep repeated runs predictable.
    filename = f"{motif}-{hashlib.sha256(f'{title}|{seed}'.encode()).hexdigest()[:10]}.png"
    image = Image(title=title, description=description, collection=collection)
    image.file = ImageFile(io.BytesIO(png), name=filename)
    image._set_image_file_metadata()
    image.save()
    return image


def image_file_ensure(*, title: str, description: str, path: Path, collection: Collection) -> Image:
    """A Wagtail image read from a file shipped in the repository; found again by title (idempotent)."""
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    if not path.exists():
        raise FileNotFoundError(f"{path} fehlt: `manage.py render_demo_images` zeichnet die Demo-Bilder.")
    # Stable names, one per title: the same file serves several titles (a demo club's pictures).
    filename = f"{path.stem}-{hashlib.sha256(title.encode()).hexdigest()[:10]}{path.suffix}"
    image = Image(title=title, description=description, collection=collection)
    image.file = ImageFile(io.BytesIO(path.read_bytes()), name=filename)
    image._set_image_file_metadata()
    image.save()
    return image


def text_document_ensure(*, title: str, filename: str, text: str, collection: Collection) -> Document:
    existing = Document.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    document = Document(title=title, collection=collection)
    document.file = ContentFile(text.encode("utf-8"), name=filename)
    document._set_document_file_metadata()
    document.save()
    return document
