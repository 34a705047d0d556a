"""XSS payloads in every text field of the exchange are rendered escaped, on every page that shows them."""

from django.contrib.auth import get_user_model

import pytest
from django_tenants.utils import schema_context

from community.models import Report
from community.services import crisis_declare, helper_signup, report_create, thread_accept, thread_start
from tests.conftest import host_client

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<script>alert", "<img src=x")
ESCAPED = "&lt;script&gt;alert"


def assert_escaped(html: str, where: str):
    for marker in RAW_MARKERS:
        assert marker not in html, f"unescaped payload on {where}"
    assert ESCAPED in html, f"payload not shown at all on {where}"


@pytest.fixture
def evil_world(club, other_club, alpha_editor, beta_editor, make_post):
    with schema_context(other_club.schema_name):
        beta_editor.first_name = PAYLOAD
        beta_editor.save()
    crisis = crisis_declare(title="Krise " + PAYLOAD, description=PAYLOAD, area_towns=PAYLOAD + ", Musterstadt", by="x")
    fields = {
        "title": "Titel " + PAYLOAD,
        "description": PAYLOAD,
        "quantity": 3,
        "quantity_unit": PAYLOAD[:40],
        "town": "Ort" + PAYLOAD[:100],
        "address": PAYLOAD,
        "conditions": "deposit",
        "conditions_note": PAYLOAD,
        "contact_phone": PAYLOAD[:40],
        "is_public": True,
    }
    offer = make_post(club, alpha_editor, **fields)
    need = make_post(
        club,
        alpha_editor,
        post_type="request",
        kind="helpers",
        crisis=crisis,
        helper_cap=5,
        helper_slots=PAYLOAD,
        **{k: v for k, v in fields.items() if k != "title"},
        title="Bedarf " + PAYLOAD,
    )
    thread = thread_start(post=offer, club=other_club, user=beta_editor, body=PAYLOAD)
    thread_accept(thread=thread, club=club)
    helper_signup(post=need, name=PAYLOAD, email="h@example.org", phone=PAYLOAD[:40], slot=PAYLOAD)
    report_create(club=other_club, user=beta_editor, post=offer, reason=PAYLOAD)
    return {"offer": offer, "need": need, "thread": thread, "crisis": crisis}


def test_payloads_are_escaped_everywhere(evil_world, alpha_client, beta_client, portal_client, portal):
    offer, need, thread, crisis = (evil_world[k] for k in ("offer", "need", "thread", "crisis"))
    pages = {
        "club admin overview": alpha_client.get("/admin/netzwerk/"),
        "club admin search": beta_client.get("/admin/netzwerk/suche/"),
        "club admin search with query": beta_client.get("/admin/netzwerk/suche/", {"q": PAYLOAD, "town": PAYLOAD}),
        "own post with helpers": alpha_client.get(f"/admin/netzwerk/beitraege/{need.pk}/"),
        "other's post": beta_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/"),
        "edit form": alpha_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/bearbeiten/"),
        "thread (poster)": alpha_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/"),
        "thread (responder)": beta_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/"),
        "thread list": alpha_client.get("/admin/netzwerk/gespraeche/"),
        "portal list": portal_client.get("/netzwerk/"),
        "portal post": portal_client.get(f"/netzwerk/beitrag/{offer.pk}/"),
        "crisis page": portal_client.get(f"/netzwerk/krise/{crisis.slug}/"),
        "sign-up page": portal_client.get(f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/"),
        "banner on club site": host_client("alpha.localhost").get("/"),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        assert_escaped(response.content.decode(), where)

    # the operators' report page
    with schema_context("public"):
        get_user_model().objects.create_superuser("op", "op@example.org", "test-passwort-123")
    operator = host_client("localhost")
    operator.post("/admin/login/", {"username": "op", "password": "test-passwort-123"})
    with schema_context("public"):
        report = Report.objects.get()
    for url in (
        f"/admin/community/report/decide/{report.pk}/",
        "/admin/community/report/",
        "/admin/community/post/",
        "/admin/community/crisis/",
    ):
        response = operator.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_sign_up_form_echoes_payload_escaped(evil_world, portal_client):
    crisis, need = evil_world["crisis"], evil_world["need"]
    response = portal_client.post(
        f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/", {"name": PAYLOAD, "slot": "nope", "privacy": "on"}
    )
    assert response.status_code == 200
    assert_escaped(response.content.decode(), "sign-up form with errors")
