"""Rule 5: club code acts for `request.tenant`; a club editor's session works on its own host only.

The first version of the isolation suite of issue 6: every admin URL without arguments of the
club URLconf is tried with another club's session and anonymously; neither may see a page.
"""

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from tests.conftest import host_client

DENIED = (302, 403, 404, 405)
# Admin pages a signed-out person must reach; none of them shows a club's data.
PUBLIC_ADMIN_PATHS = {
    "/admin/login/",
    "/admin/logout/",
    "/admin/jsi18n/",  # translations of the admin's scripts
    "/admin/sprite/",  # the admin's icons
    "/admin/password_reset/",
    "/admin/password_reset/done/",
    "/admin/password_reset/complete/",
}


def _admin_paths(urlconf: str) -> list[str]:
    """Every /admin/ path without URL arguments in `urlconf` (generated: new views cannot escape)."""
    found: list[str] = []

    def walk(patterns, prefix: str):
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or "(?P" in route or "(" in route:
                continue
            route = route.lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + route)

    walk(get_resolver(urlconf).url_patterns, "")
    return sorted({p for p in found if p.startswith("/admin/") and p not in PUBLIC_ADMIN_PATHS})


CLUB_ADMIN_PATHS = _admin_paths(settings.ROOT_URLCONF)
PORTAL_ADMIN_PATHS = _admin_paths(settings.PUBLIC_SCHEMA_URLCONF)


def _planted(hostname: str, session_key: str):
    client = host_client(hostname)
    client.cookies["sessionid"] = session_key
    return client


@pytest.mark.django_db
def test_club_session_is_useless_on_another_club_and_the_portal(club_editor_client, other_club, session_of):
    session_key = session_of(club_editor_client)
    assert club_editor_client.get("/admin/").status_code == 200
    for hostname in (other_club.primary_hostname, "localhost"):
        response = _planted(hostname, session_key).get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_club_editor_cannot_sign_in_on_another_club(club_editor, other_club):
    client = host_client(other_club.primary_hostname)
    response = client.post("/admin/login/", {"username": club_editor.username, "password": "test-passwort-123"})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("path", CLUB_ADMIN_PATHS)
def test_club_admin_url_refuses_other_club_session_and_anonymous(path, club_editor_client, other_club, session_of):
    planted = _planted(other_club.primary_hostname, session_of(club_editor_client))
    anonymous = host_client(other_club.primary_hostname)
    for who, client in (("alpha's session", planted), ("anonymous", anonymous)):
        response = client.get(path)
        assert response.status_code in DENIED, f"{path} with {who}: {response.status_code}"
        if response.status_code == 302:
            assert "/login/" in response["Location"], f"{path} with {who} -> {response['Location']}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PORTAL_ADMIN_PATHS)
def test_portal_admin_url_refuses_club_session_and_anonymous(path, club_editor_client, session_of):
    planted = _planted("localhost", session_of(club_editor_client))
    anonymous = host_client("localhost")
    for who, client in (("a club editor's session", planted), ("anonymous", anonymous)):
        response = client.get(path)
        assert response.status_code in DENIED, f"{path} with {who}: {response.status_code}"
        if response.status_code == 302:
            assert "/login/" in response["Location"], f"{path} with {who} -> {response['Location']}"


@pytest.mark.django_db
def test_club_ids_in_the_request_body_are_ignored(club_editor_client, club, other_club):
    """The profile view edits `request.tenant`: another club's id, slug or board FK in the body change nothing."""
    from sites.clubs.models import BoardMember, Club

    before = Club.objects.get(pk=other_club.pk)
    data = {
        "name": club.name,
        "short_name": "Nur für Alpha",
        "legal_form": "ev",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": "VR 100",
        "street": club.street,
        "postal_code": club.postal_code,
        "town": club.town,
        "email": club.email,
        "primary_colour": "#1d4ed8",
        "secondary_colour": "#0f766e",
        "board-TOTAL_FORMS": "1",
        "board-INITIAL_FORMS": "0",
        "board-MIN_NUM_FORMS": "0",
        "board-MAX_NUM_FORMS": "30",
        "board-0-role": "chair",
        "board-0-name": "Vera Vorsitz",
        # Fields a crafted request might add to redirect the write.
        "id": str(other_club.pk),
        "pk": str(other_club.pk),
        "club": str(other_club.pk),
        "slug": other_club.slug,
        "schema_name": other_club.schema_name,
    }
    # A board member pointed at another club is refused as a whole (the inline formset checks its FK).
    response = club_editor_client.post("/admin/vereinsprofil/", {**data, "board-0-club": str(other_club.pk)})
    assert response.status_code == 200
    assert not BoardMember.objects.filter(name="Vera Vorsitz").exists()
    assert Club.objects.get(pk=club.pk).short_name != "Nur für Alpha"

    response = club_editor_client.post("/admin/vereinsprofil/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Club.objects.get(pk=club.pk).short_name == "Nur für Alpha"
    after = Club.objects.get(pk=other_club.pk)
    assert (after.short_name, after.slug, after.schema_name) == (before.short_name, before.slug, before.schema_name)
    assert list(BoardMember.objects.filter(name="Vera Vorsitz").values_list("club_id", flat=True)) == [club.pk]
    assert Club.objects.get(pk=club.pk).schema_name == club.schema_name
