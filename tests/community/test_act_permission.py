"""The exchange has its own permission: only club editors with `community.act` act for the club (issue #10).

A plain member of the group "Redaktion" (Wagtail's "Editors") may edit pages but gets 403 on every URL of the menu
"Netzwerk" (GET and POST) and does not see the menu; given the permission (through a group, as
a club's administrator would), the same person works in the exchange.
"""

import re

from django.contrib.auth import get_user_model

import pytest
from django_tenants.utils import schema_context

from community.admin_urls import urlpatterns
from tests.conftest import host_client

PASSWORD = "test-passwort-123"
# Every URL of the menu, with an id filled in: the permission is checked before any lookup.
EXCHANGE_URLS = ["/admin/netzwerk/" + re.sub(r"<int:\w+>", "1", str(p.pattern)) for p in urlpatterns]


def _editor(club, *, act: bool):
    from django.contrib.auth.models import Group, Permission

    with schema_context(club.schema_name):
        user = get_user_model().objects.create_user("redakteurin", "redakteurin@alpha.example", PASSWORD)
        group = Group.objects.get(name="Redaktion")  # Wagtail's "Editors" of every club schema (cms 0002)
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        user.groups.add(group)
        if act:
            group.permissions.add(Permission.objects.get(content_type__app_label="community", codename="act"))
    client = host_client(club.primary_hostname)
    response = client.post("/admin/login/", {"username": "redakteurin", "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def test_every_exchange_url_is_listed():
    assert len(EXCHANGE_URLS) == 14
    assert "/admin/netzwerk/beitraege/1/bearbeiten/" in EXCHANGE_URLS


def test_the_permission_exists_in_club_schemas(club):
    from django.contrib.auth.models import Permission

    for schema in (club.schema_name, "club_template"):
        with schema_context(schema):
            assert Permission.objects.filter(content_type__app_label="community", codename="act").exists()


def test_editor_without_the_permission_is_refused_everywhere(club):
    client = _editor(club, act=False)
    for url in EXCHANGE_URLS:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"body": "x", "title": "x", "status": "withdrawn"})
            assert response.status_code == 403, (method, url, response.status_code)
    assert "Im Netzwerk für den Verein handeln" in response.content.decode()
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "/admin/netzwerk/" not in dashboard.content.decode()
    assert "/admin/pages/" in dashboard.content.decode()  # an editor all the same


def test_editor_with_the_permission_works_in_the_exchange(club, make_post):
    from community.models import Post

    client = _editor(club, act=True)
    assert "/admin/netzwerk/" in client.get("/admin/").content.decode()
    for url in ("/admin/netzwerk/", "/admin/netzwerk/suche/", "/admin/netzwerk/gespraeche/"):
        assert client.get(url).status_code == 200, url
    response = client.get("/admin/netzwerk/beitraege/neu/")
    assert response.status_code == 200
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(username="redakteurin")
    response = client.post(
        "/admin/netzwerk/beitraege/neu/",
        {
            "post_type": "offer",
            "kind": "equipment",
            "title": "Zwölf Pavillons",
            "description": "Faltpavillons 3×3 m.",
            "postal_code": club.postal_code,
            "town": club.town,
            "conditions": "free",
            "contact": str(user.pk),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Post.objects.filter(club=club, title="Zwölf Pavillons").exists()


def test_club_superuser_keeps_the_exchange(alpha_client):
    assert alpha_client.get("/admin/netzwerk/").status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "abc", "-1", "99999999999999999999999"])
def test_remove_photo_with_odd_values_shows_the_form(club, alpha_editor, alpha_client, make_post, value):
    post = make_post(club, alpha_editor)
    response = alpha_client.post(
        f"/admin/netzwerk/beitraege/{post.pk}/bearbeiten/",
        {
            "post_type": "offer",
            "kind": "equipment",
            "title": "Geänderter Titel",
            "description": post.description,
            "postal_code": post.postal_code,
            "town": post.town,
            "conditions": "free",
            "contact": str(alpha_editor.pk),
            "remove_photo": value,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bitte nur Fotos dieses Beitrags zum Entfernen anhaken." in body
    assert "Geänderter Titel" in body  # what was typed comes back


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Bänke\x00"},
        {"town": "a\r\nb"},
        {"postal_code": "²"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "31.02.2026"},
        {"p": "²"},
        {"p": "99999999"},
    ],
)
def test_searches_take_odd_values(club, alpha_client, params):
    assert alpha_client.get("/admin/netzwerk/suche/", params).status_code == 200
    assert host_client("localhost").get("/netzwerk/", params).status_code == 200
    assert alpha_client.get("/admin/netzwerk/gespraeche/", params).status_code == 200
    assert alpha_client.get("/admin/netzwerk/beitraege/neu/", {"art": params.popitem()[1]}).status_code == 200


def test_search_says_what_it_ignored_and_keeps_the_rest(club, alpha_editor, alpha_client, make_post):
    make_post(club, alpha_editor)
    body = alpha_client.get("/admin/netzwerk/suche/", {"q": "Bierbänke", "date_to": "9999-12-31"}).content.decode()
    assert "Bitte ein Datum bis zum Jahr 2200 angeben." in body
    assert "40 Bierbänke mit Tischen" in body
