"""/favicon.ico answers on every host (feed readers ask for it without reading the page)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.django_db
def test_portal_favicon_is_the_heart(portal_client):
    response = portal_client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("img/heart.svg")


@pytest.mark.django_db
def test_club_favicon_is_its_logo_or_the_heart(club, club_client):
    assert club_client.get("/favicon.ico")["Location"].endswith("img/heart.svg")
    club.logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    club.save()
    response = club_client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == club.logo.url
