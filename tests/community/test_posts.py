"""Posts: creating through the club admin, validation, status, photos, rate limits."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

import pytest
from PIL import Image

from community.constants import PostStatus
from community.models import Post
from community.selectors import post_search


def _png(size=(50, 40), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format=fmt)
    return buffer.getvalue()


def _form_data(editor, **extra):
    data = {
        "post_type": "request",
        "kind": "equipment",
        "title": "Anhänger für Samstag",
        "description": "Wir brauchen einen Anhänger für den Umzug.",
        "postal_code": "12345",
        "town": "Musterstadt",
        "conditions": "free",
        "contact": editor.pk,
    }
    data.update(extra)
    return data


def test_club_creates_a_post_in_its_admin(club, alpha_client, alpha_editor):
    response = alpha_client.get("/admin/netzwerk/beitraege/neu/?art=request")
    assert response.status_code == 200
    assert "Neuer Beitrag" in response.content.decode()
    photo = SimpleUploadedFile("bild.png", _png(), content_type="image/png")
    response = alpha_client.post("/admin/netzwerk/beitraege/neu/", {**_form_data(alpha_editor), "photos": [photo]})
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(title="Anhänger für Samstag")
    assert post.club == club
    assert post.contact_email == "editor@alpha.example"
    assert (post.expires_on - post.created_at.date()).days == 30
    assert post.photos.count() == 1
    assert post.photos.get().image.name.endswith(".jpg")  # re-encoded
    assert list(post_search(query="Anhänger")) == [post]


def test_form_keeps_input_and_explains_errors_in_german(alpha_client, alpha_editor):
    response = alpha_client.post(
        "/admin/netzwerk/beitraege/neu/",
        _form_data(alpha_editor, title="", postal_code="12", starts_on="2030-05-10", ends_on="2030-05-01"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wir brauchen einen Anhänger" in html  # kept what was typed
    assert "Das Ende liegt vor dem Beginn." in html
    assert "Dieses Feld" in html  # Django's German "required"
    assert not Post.objects.exists()


def test_photo_type_and_size_limits(alpha_client, alpha_editor):
    fake = SimpleUploadedFile("virus.png", b"<script>alert(1)</script>", content_type="image/png")
    response = alpha_client.post("/admin/netzwerk/beitraege/neu/", {**_form_data(alpha_editor), "photos": [fake]})
    assert response.status_code == 200
    assert "konnte nicht als Foto gelesen werden" in response.content.decode()
    gif = SimpleUploadedFile("a.gif", _png(fmt="GIF"), content_type="image/gif")
    response = alpha_client.post("/admin/netzwerk/beitraege/neu/", {**_form_data(alpha_editor), "photos": [gif]})
    assert "kein Foto im Format JPG, PNG oder WebP" in response.content.decode()
    with override_settings():
        from community import constants

        big = SimpleUploadedFile("big.png", b"0" * (constants.MAX_PHOTO_BYTES + 1), content_type="image/png")
        response = alpha_client.post("/admin/netzwerk/beitraege/neu/", {**_form_data(alpha_editor), "photos": [big]})
        assert "ist zu groß" in response.content.decode()
    assert not Post.objects.exists()


@override_settings(HH_COMMUNITY_POSTS_PER_DAY=2)
def test_rate_limit_on_posting(club, alpha_editor, make_post):
    make_post(club, alpha_editor)
    make_post(club, alpha_editor)
    with pytest.raises(ValidationError, match="schon 2 Beiträge"):
        make_post(club, alpha_editor)


def test_status_changes_and_withdrawn_post_disappears(club, alpha_editor, alpha_client, make_post):
    post = make_post(club, alpha_editor)
    response = alpha_client.post(f"/admin/netzwerk/beitraege/{post.pk}/status/", {"status": "partly_met"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PARTLY_MET
    assert post in post_search()
    alpha_client.post(f"/admin/netzwerk/beitraege/{post.pk}/status/", {"status": "withdrawn"})
    assert post not in post_search()


def test_suspended_club_cannot_post(club, alpha_editor, make_post):
    from community.services import club_suspend

    club_suspend(club=club, reason="Spam", by="betrieb")
    with pytest.raises(PermissionDenied):
        make_post(club, alpha_editor)
