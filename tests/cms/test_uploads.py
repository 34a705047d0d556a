"""Uploads through Wagtail's admin: images re-encoded, SVG refused, sizes capped, documents sniffed."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from django_tenants.utils import schema_context
from PIL import Image

PAYLOAD = b"<script>alert(1)</script>"


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Kamera-Hersteller"  # Make
    exif[0x013B] = "Erika Musterfrau"  # Artist
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def _root_collection(client) -> int:
    from wagtail.models import Collection

    host = client.defaults["HTTP_HOST"]
    from sites.clubs.models import Domain

    with schema_context(Domain.objects.get(domain=host).tenant.schema_name):
        return Collection.get_first_root_node().pk


def _upload_image(client, name, data, content_type):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Testbild",
            "collection": _root_collection(client),
            "file": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )


def _stored_image_bytes(club) -> bytes:
    from wagtail.images import get_image_model

    with schema_context(club.schema_name):
        image = get_image_model().objects.get(title="Testbild")
        with image.file.open("rb") as handle:
            return handle.read()


@pytest.mark.django_db
def test_images_are_re_encoded_without_metadata(club, club_editor_client):
    data = _jpeg_with_exif()
    assert b"Erika Musterfrau" in data
    response = _upload_image(club_editor_client, "foto.jpg", data, "image/jpeg")
    assert response.status_code == 302, response.context["form"].errors if response.context else response.status_code
    stored = _stored_image_bytes(club)
    assert b"Erika Musterfrau" not in stored and b"Kamera-Hersteller" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


@pytest.mark.django_db
def test_data_hidden_behind_an_image_is_dropped(club, club_editor_client):
    response = _upload_image(club_editor_client, "bild.png", _png() + PAYLOAD, "image/png")
    assert response.status_code == 302
    assert PAYLOAD not in _stored_image_bytes(club)


@pytest.mark.django_db
def test_svg_is_refused(club, club_editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = _upload_image(club_editor_client, "logo.svg", svg, "image/svg+xml")
    assert response.status_code == 200  # the form again, with an error
    from wagtail.images import get_image_model

    with schema_context(club.schema_name):
        assert not get_image_model().objects.filter(title="Testbild").exists()


@pytest.mark.django_db
def test_oversized_images_are_refused(club, club_editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = _upload_image(club_editor_client, "foto.jpg", _jpeg_with_exif(), "image/jpeg")
    assert response.status_code == 200
    from wagtail.images import get_image_model

    with schema_context(club.schema_name):
        assert not get_image_model().objects.filter(title="Testbild").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "accepted"),
    [
        ("satzung.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", True),
        ("satzung.pdf", b"<html><script>alert(1)</script></html>", False),
        ("liste.xlsx", b"MZ\x90\x00 ein Programm", False),
        ("liste.csv", b"Name;Telefon\nErika;0123\n", True),
        ("liste.csv", b"MZ\x00\x00\x00binary", False),
        ("seite.html", b"<html></html>", False),  # not a listed extension at all
    ],
)
def test_documents_must_be_what_their_extension_says(club, club_editor_client, name, data, accepted):
    from wagtail.documents import get_document_model

    response = club_editor_client.post(
        "/admin/documents/add/",
        {
            "title": "Testdokument",
            "collection": _root_collection(club_editor_client),
            "file": SimpleUploadedFile(name, data),
        },
    )
    with schema_context(club.schema_name):
        exists = get_document_model().objects.filter(title="Testdokument").exists()
    assert exists is accepted, response.content[:1000]


# --- upload_check: the content check shared by documents and application attachments ------------------


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue()


ALLOWED = {"pdf", "png", "jpg", "jpeg", "gif", "docx", "txt"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bild.png", _png(), None),
        ("foto.jpeg", _jpeg_with_exif(), None),
        ("anim.gif", _gif(), None),
        ("brief.pdf", b"%PDF-1.7\n%\xe2\xe3\n", None),
        ("notiz.txt", "Grüße < Ärger & mehr\n".encode(), None),
        ("brief.docx", b"PK\x03\x04\x14\x00<?xml version='1.0'?><w:document/>", None),
        ("bild.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "HTML- oder SVG-Code"),
        ("bild.png", b"\xef\xbb\xbf  <html><script>alert(1)</script>", "HTML- oder SVG-Code"),
        ("bild.png", _png() + b"<html><script>alert(1)</script></html>", "HTML- oder SVG-Code"),
        ("brief.pdf", b"%PDF-1.4 <script>alert(1)</script>", "HTML- oder SVG-Code"),
        ("brief.pdf", PAYLOAD, "HTML- oder SVG-Code"),
        ("notiz.txt", b"<!DOCTYPE html><html></html>", "HTML- oder SVG-Code"),
        ("brief.pdf", b"MZ\x90\x00" + b"\x00" * 60, "ist ein Programm"),
        ("brief.docx", b"\x7fELF\x02\x01\x01", "ist ein Programm"),
        ("bild.png", b"#!/bin/sh\nrm -rf /\n", "ist ein Programm"),
        ("foto.jpg", _png(), "Dateiendung „.jpg“"),
        ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "kein lesbares Bild"),
        ("notiz.txt", b"Text\x00binary", "Binärdaten"),
        ("seite.html", b"<html></html>", "Dateien dieser Art"),
        ("ohne-endung", b"%PDF-1.4", "Dateien dieser Art"),
    ],
)
def test_upload_check_looks_at_the_bytes(name, data, message):
    from django.core.exceptions import ValidationError

    from cms.uploads import upload_check

    upload = SimpleUploadedFile(name, data)
    if message is None:
        assert upload_check(upload, extensions=ALLOWED) == name.rsplit(".", 1)[-1]
        assert upload.read() == data  # the file is handed back at its start
        return
    with pytest.raises(ValidationError) as exc:
        upload_check(upload, extensions=ALLOWED)
    text = " ".join(exc.value.messages)
    assert message in text and f"„{name}“" in text  # names the file
    if "Dateien dieser Art" in message:
        assert ".pdf" in text  # and what is allowed
    else:
        assert "Erwartet wird" in text or "Binärdaten" in text
