"""Uploads in the club admin: too large or of a refused type, each with a clear message."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image as PILImage


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_image_over_the_size_limit_is_refused(club_editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100  # bytes: any real picture is larger
    response = club_editor_client.post(
        "/admin/images/add/", {"title": "Zu groß", "file": SimpleUploadedFile("gross.png", _png(), "image/png")}
    )
    assert response.status_code == 200
    assert "zu groß" in response.content.decode().lower()


@pytest.mark.django_db
def test_svg_image_is_refused_with_the_allowed_types(club_editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = club_editor_client.post(
        "/admin/images/add/", {"title": "Logo", "file": SimpleUploadedFile("logo.svg", svg, "image/svg+xml")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nicht unterstütztes Bildformat" in html and "PNG" in html  # names what is allowed


@pytest.mark.django_db
def test_document_of_a_refused_type_is_named_in_the_message(club_editor_client):
    response = club_editor_client.post(
        "/admin/documents/add/",
        {"title": "Programm", "file": SimpleUploadedFile("virus.exe", b"MZ" + b"0" * 100, "application/octet-stream")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "exe" in html and "pdf" in html


@pytest.mark.django_db
def test_document_over_the_size_limit_is_refused(club_editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    response = club_editor_client.post(
        "/admin/documents/add/",
        {"title": "Satzung", "file": SimpleUploadedFile("satzung.pdf", b"%PDF-1.4 " + b"0" * 200, "application/pdf")},
    )
    assert response.status_code == 200
    assert "zu groß" in response.content.decode().lower()
