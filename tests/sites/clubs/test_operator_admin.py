"""Operators' admin on the portal: registrations (approve, reject, retry), clubs, host and permission checks."""

from django.core import mail
from django.db import connection

import pytest
from django_tenants.utils import schema_exists

from sites.clubs.constants import RegistrationStatus
from sites.clubs.models import Club, Domain
from sites.clubs.services import provisioning
from tests.conftest import host_client

REG = "/admin/clubs/clubregistration/"
CLUBS = "/admin/clubs/club/"


@pytest.mark.django_db
def test_lists_filters_and_search(operator_client, pending_registration, club):
    html = operator_client.get(REG).content.decode()
    assert "Gamma Sportfreunde" in html
    assert "Wartet auf Prüfung" in html
    assert "Gamma Sportfreunde" in operator_client.get(REG, {"status": "pending"}).content.decode()
    assert "Gamma Sportfreunde" not in operator_client.get(REG, {"status": "rejected"}).content.decode()
    assert "Gamma Sportfreunde" in operator_client.get(REG, {"q": "gina@gamma"}).content.decode()
    assert "Gamma Sportfreunde" not in operator_client.get(REG, {"q": "zzz"}).content.decode()

    inspect = operator_client.get(f"{REG}inspect/{pending_registration.pk}/").content.decode()
    assert "Freigeben" in inspect and "Ablehnen" in inspect

    clubs = operator_client.get(CLUBS).content.decode()
    assert club.name in clubs
    assert "Vorlage" not in clubs  # only real clubs
    assert club.name in operator_client.get(CLUBS, {"town": club.town}).content.decode()
    assert club.name not in operator_client.get(CLUBS, {"q": "nichtvorhanden"}).content.decode()
    assert operator_client.get("/admin/clubs/category/").status_code == 200


@pytest.mark.django_db
def test_menu_shows_on_portal_only(operator_client, club_editor_client):
    assert "Registrierungen" in operator_client.get("/admin/").content.decode()
    club_admin = club_editor_client.get("/admin/").content.decode()
    assert "Registrierungen" not in club_admin
    assert "Vereinsprofil" in club_admin


@pytest.mark.django_db
def test_club_host_refuses_operator_views(club_editor_client, pending_registration, club):
    # The club's first editor is superuser of the club schema: the host check must hold anyway.
    for url in (REG, f"{REG}inspect/{pending_registration.pk}/", f"{REG}approve/{pending_registration.pk}/", CLUBS):
        assert club_editor_client.get(url).status_code == 404, url
    assert club_editor_client.post(f"{CLUBS}active/{club.pk}/").status_code == 404
    club.refresh_from_db()
    assert club.is_active


@pytest.mark.django_db
def test_staff_without_permission_is_refused(pending_registration):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username="staff", password="staff-passwort-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = host_client("localhost")
    assert client.post("/admin/login/", {"username": "staff", "password": "staff-passwort-123"}).status_code == 302
    assert client.get(REG).status_code in (302, 403)
    assert "Registrierungen" not in client.get("/admin/").content.decode()
    response = client.post(f"{REG}approve/{pending_registration.pk}/")
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.PENDING


@pytest.mark.django_db
def test_approve_provisions_and_invites(operator_client, pending_registration):
    assert operator_client.get(f"{REG}approve/{pending_registration.pk}/").status_code == 200
    response = operator_client.post(f"{REG}approve/{pending_registration.pk}/")
    assert response.status_code == 302
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.APPROVED
    assert pending_registration.decided_by == "op@heldenhelfer.localhost"
    club = pending_registration.club
    assert club.slug == "gamma"
    assert club.register_number == "VR 9001"
    assert [c.slug for c in club.categories.all()] == ["sport"]
    assert schema_exists("club_gamma")
    assert Domain.objects.get(tenant=club).domain == "gamma.localhost"
    (invitation,) = mail.outbox
    assert invitation.to == ["gina@gamma.example"]
    assert "gamma.localhost" in invitation.body and "/einladung/" in invitation.body
    # The new club answers on its host.
    assert host_client("gamma.localhost").get("/").status_code == 200
    # A second approval is refused.
    operator_client.post(f"{REG}approve/{pending_registration.pk}/")
    assert Club.objects.filter(slug="gamma").count() == 1


@pytest.mark.django_db
def test_reject_needs_reason_and_mails_applicant(
    operator_client, pending_registration, django_capture_on_commit_callbacks
):
    url = f"{REG}reject/{pending_registration.pk}/"
    response = operator_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Bitte eine Begründung angeben" in response.content.decode()
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes out after the commit
        response = operator_client.post(url, {"reason": "Kein Verein aus unserer Region."})
    assert response.status_code == 302
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.REJECTED
    assert pending_registration.status_note == "Kein Verein aus unserer Region."
    (rejection,) = mail.outbox
    assert set(rejection.to) == {"info@gamma.example", "gina@gamma.example"}
    assert "Kein Verein aus unserer Region." in rejection.body
    assert not Club.objects.filter(slug="gamma").exists()


@pytest.mark.django_db
def test_failed_provisioning_is_recorded_and_can_be_retried(operator_client, pending_registration, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("Festplatte voll (Test)")

    monkeypatch.setattr(provisioning, "_club_fill", broken)
    response = operator_client.post(f"{REG}approve/{pending_registration.pk}/")
    assert response.status_code == 302
    connection.set_schema_to_public()
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.FAILED
    assert "Festplatte voll" in pending_registration.status_note
    assert not Club.objects.filter(slug="gamma").exists()
    assert not Domain.objects.filter(domain="gamma.localhost").exists()
    assert not schema_exists("club_gamma")
    assert mail.outbox == []
    inspect = operator_client.get(f"{REG}inspect/{pending_registration.pk}/").content.decode()
    assert "Festplatte voll" in inspect
    assert "Erneut einrichten" in inspect

    monkeypatch.undo()
    operator_client.post(f"{REG}approve/{pending_registration.pk}/")
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.APPROVED
    assert schema_exists("club_gamma")


@pytest.mark.django_db
def test_deactivation_takes_the_site_offline_at_once(operator_client, club, portal_client):
    club_client = host_client(club.primary_hostname)
    assert club_client.get("/").status_code == 200  # warms the middleware's host cache
    assert club.name in portal_client.get("/vereine/").content.decode()

    assert operator_client.post(f"{CLUBS}active/{club.pk}/").status_code == 302
    response = club_client.get("/")
    assert response.status_code == 404
    assert "kein Verein" in response.content.decode()
    assert club.name not in portal_client.get("/vereine/").content.decode()
    assert portal_client.get(f"/vereine/{club.slug}/").status_code == 404

    operator_client.post(f"{CLUBS}active/{club.pk}/")
    assert club_client.get("/").status_code == 200


@pytest.mark.django_db
def test_approval_with_a_failing_mail_server_says_so_and_the_invitation_can_be_resent(
    operator_client, pending_registration, monkeypatch
):
    def smtp_down(**kwargs):
        raise ConnectionRefusedError("SMTP nicht erreichbar (Test)")

    monkeypatch.setattr(provisioning, "invitation_send", smtp_down)
    response = operator_client.post(f"{REG}approve/{pending_registration.pk}/", follow=True)
    assert "konnte nicht" in response.content.decode()
    pending_registration.refresh_from_db()
    assert pending_registration.status == RegistrationStatus.APPROVED  # the club is live
    assert "SMTP nicht erreichbar" in pending_registration.status_note
    club = pending_registration.club
    assert schema_exists(club.schema_name)

    monkeypatch.undo()
    inspect = operator_client.get(f"{CLUBS}inspect/{club.pk}/").content.decode()
    assert f"{CLUBS}invite/{club.pk}/" in inspect
    assert operator_client.get(f"{CLUBS}invite/{club.pk}/").status_code == 200
    response = operator_client.post(f"{CLUBS}invite/{club.pk}/", follow=True)
    assert "gina@gamma.example" in response.content.decode()
    (invitation,) = mail.outbox
    assert invitation.to == ["gina@gamma.example"] and "/einladung/" in invitation.body


@pytest.mark.django_db
def test_resend_after_the_password_is_set_sends_nothing(operator_client, club, club_editor):
    response = operator_client.post(f"{CLUBS}invite/{club.pk}/", follow=True)
    assert response.status_code == 200
    assert mail.outbox == []
    assert "bereits ein Passwort" in response.content.decode()
