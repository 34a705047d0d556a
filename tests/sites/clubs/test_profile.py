"""The club profile in the club's own admin: edits only request.tenant, checks every field."""

import io
from http.cookies import SimpleCookie

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from sites.clubs.models import Club
from tests.conftest import host_client

URL = "/admin/vereinsprofil/"


def _form_data(club: Club, **changes) -> dict:
    data = {
        "name": club.name,
        "short_name": "SV Alpha",
        "description": "Wir sind ein Verein.",
        "legal_form": "ev",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": "VR 100",
        "tax_office": "Finanzamt Musterstadt",
        "exemption_notice_date": "2024-03-01",
        "street": club.street,
        "postal_code": club.postal_code,
        "town": club.town,
        "contact_name": "Paula Alpha",
        "email": club.email,
        "phone": "01234 5678",
        "iban": "DE89 3704 0044 0532 0130 00",
        "bic": "cobadeffxxx",
        "bank_name": "Sparkasse",
        "founded_year": "1900",
        "member_count": "250",
        "primary_colour": "#1d4ed8",
        "secondary_colour": "#0f766e",
        "board-TOTAL_FORMS": "2",
        "board-INITIAL_FORMS": "0",
        "board-MIN_NUM_FORMS": "0",
        "board-MAX_NUM_FORMS": "30",
        "board-0-role": "chair",
        "board-0-name": "Paula Alpha",
        "board-0-email": "paula@alpha.example",
        "board-0-phone": "",
        "board-1-role": "",
        "board-1-name": "",
        "board-1-email": "",
        "board-1-phone": "",
    }
    data.update(changes)
    return data


def _png(**info) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (40, 20), "#1d4ed8")
    exif = Image.Exif()
    exif[0x013B] = "Geheime Autorin"  # Artist
    image.save(out, format="JPEG", exif=exif) if info.get("jpeg") else image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_editor_sees_and_saves_the_profile(club_editor_client, club, categories):
    response = club_editor_client.get(URL)
    assert response.status_code == 200
    assert club.name in response.content.decode()

    data = _form_data(club, categories=[str(categories["music"].pk)])
    response = club_editor_client.post(URL, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    club.refresh_from_db()
    assert club.short_name == "SV Alpha"
    assert club.iban == "DE89370400440532013000"
    assert club.bic == "COBADEFFXXX"
    assert club.member_count == 250
    assert str(club.exemption_notice_date) == "2024-03-01"
    assert [c.slug for c in club.categories.all()] == ["kultur-musik"]
    assert [(m.role, m.name) for m in club.board_members.all()] == [("chair", "Paula Alpha")]
    # The middleware serves the new name at once (its host cache was dropped).
    assert Club.objects.get(pk=club.pk).display_name == "SV Alpha"


@pytest.mark.django_db
def test_invalid_iban_keeps_data_and_changes_nothing(club_editor_client, club):
    before = Club.objects.get(pk=club.pk)
    response = club_editor_client.post(URL, _form_data(club, iban="DE00 1234 5678 9012 3456 78", short_name="Neu"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "iban" in form.errors
    assert "IBAN ist ungültig" in " ".join(form.errors["iban"])
    html = response.content.decode()
    assert "DE00123456789012345678" in html or "DE00 1234 5678 9012 3456 78" in html
    assert 'value="Neu"' in html
    after = Club.objects.get(pk=club.pk)
    assert after.short_name == before.short_name
    assert after.iban == before.iban


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"bic": "XYZ"}, "bic"),
        ({"postal_code": "1234"}, "postal_code"),
        ({"primary_colour": "#ffff00"}, "primary_colour"),
        ({"register_number": "12"}, "register_number"),
        ({"founded_year": "3000"}, "founded_year"),
        ({"email": "kaputt"}, "email"),
    ],
)
def test_invalid_fields_are_explained(club_editor_client, club, changes, field):
    response = club_editor_client.post(URL, _form_data(club, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.django_db
def test_logo_is_reencoded_without_metadata(club_editor_client, club):
    upload = SimpleUploadedFile("mein logo.jpg", _png(jpeg=True), content_type="image/jpeg")
    response = club_editor_client.post(URL, {**_form_data(club), "logo": upload})
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.logo.name.endswith(".jpg")
    with club.logo.open("rb") as fh, Image.open(fh) as image:
        assert image.size == (40, 20)
        assert 0x013B not in image.getexif()
    # The logo is served from the platform-wide media folder.
    assert club.logo.url.startswith("/media/public/club-logos/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"<svg onload=alert(1)>", "kein lesbares Bild"),
        ("logo.gif", None, "GIF"),
        ("riesig.png", b"x" * (2 * 1024 * 1024 + 1), "höchstens 2 MB"),
    ],
)
def test_bad_logos_are_refused(club_editor_client, club, name, content, message):
    if content is None:
        out = io.BytesIO()
        Image.new("RGB", (4, 4)).save(out, format="GIF")
        content = out.getvalue()
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = club_editor_client.post(URL, {**_form_data(club), "logo": upload})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo"])
    club.refresh_from_db()
    assert not club.logo


@pytest.mark.django_db
def test_profile_refused_on_portal_host(operator_client):
    assert operator_client.get(URL).status_code == 404
    assert "Vereinsprofil" not in operator_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_profile_refused_for_anonymous(club_client):
    response = club_client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_other_clubs_session_cannot_touch_this_club(club_editor_client, club, other_club):
    before = Club.objects.get(pk=other_club.pk)
    # alpha's session cookie sent to beta's host (a browser would not even send it): beta's schema
    # does not know the session. A separate client, because beta's answer deletes the cookie.
    intruder = host_client(other_club.primary_hostname)
    intruder.cookies = SimpleCookie({k: v.value for k, v in club_editor_client.cookies.items()})
    response = intruder.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = intruder.post(URL, _form_data(other_club, short_name="Gekapert"))
    assert response.status_code in (302, 403)
    assert Club.objects.get(pk=other_club.pk).short_name == before.short_name
    # Ids in the body are ignored on alpha's own host: only request.tenant is edited.
    response = club_editor_client.post(
        URL, {**_form_data(club, short_name="Nur Alpha"), "id": other_club.pk, "slug": other_club.slug}
    )
    assert response.status_code == 302
    assert Club.objects.get(pk=club.pk).short_name == "Nur Alpha"
    assert Club.objects.get(pk=other_club.pk).short_name == before.short_name


@pytest.mark.django_db
def test_editor_without_permission_is_refused(club):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from django_tenants.utils import schema_context

    with schema_context(club.schema_name):
        user = get_user_model().objects.create_user(username="helfer", password="helfer-passwort-123")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = host_client(club.primary_hostname)
    assert client.post("/admin/login/", {"username": "helfer", "password": "helfer-passwort-123"}).status_code == 302
    response = client.get(URL)
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Vereinsprofil" not in client.get("/admin/").content.decode()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` × `height` pixels in its header (no pixel data needed to refuse it)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.django_db
@pytest.mark.parametrize(("width", "height"), [(12_000, 12_000), (20_000, 20_000)])
def test_logo_with_too_many_pixels_is_refused_before_decoding(club_editor_client, club, monkeypatch, width, height):
    from PIL import ImageFile

    def never(*args, **kwargs):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)  # refused from the header alone
    upload = SimpleUploadedFile("riesig.png", _png_header(width, height), content_type="image/png")
    response = club_editor_client.post(URL, {**_form_data(club), "logo": upload})
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["logo"])
    assert "höchstens 128 Millionen Pixel" in message
    club.refresh_from_db()
    assert not club.logo


@pytest.mark.django_db
def test_logo_is_kept_after_an_error_elsewhere_in_the_form(club_editor_client, club):
    upload = SimpleUploadedFile("vereinslogo.png", _png(), content_type="image/png")
    response = club_editor_client.post(URL, {**_form_data(club, postal_code="12"), "logo": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Logo ‚vereinslogo.png‘ ausgewählt – bleibt erhalten" in html
    token = response.context["form"].fields["logo"].widget.kept[0]
    assert f'name="logo_kept" value="{token}"' in html

    # The editor fixes the postal code and saves, without choosing the logo again.
    response = club_editor_client.post(URL, {**_form_data(club), "logo_kept": token})
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.logo.name.endswith(".png")
    with club.logo.open("rb") as fh, Image.open(fh) as image:
        assert image.size == (40, 20)


@pytest.mark.django_db
def test_unknown_kept_logo_token_changes_nothing(club_editor_client, club):
    response = club_editor_client.post(URL, {**_form_data(club), "logo_kept": "x" * 32})
    assert response.status_code == 302
    club.refresh_from_db()
    assert not club.logo
