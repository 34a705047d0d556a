"""The status machine: every transition, who may make it, logging and e-mails; the inbox."""

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from forms_assistant.constants import ApplicationStatus as S
from forms_assistant.services import TRANSITIONS, Actor, ApplicationError, application_transition


@pytest.mark.parametrize(("frm", "to"), sorted(k for k in TRANSITIONS if k[0] != S.DRAFT))
def test_every_transition_by_its_side_and_not_the_other(submitted, frm, to, mailoutbox):
    submitted.status = frm
    submitted.save()
    side = TRANSITIONS[(frm, to)]
    other = "club" if side == "authority" else "authority"
    with pytest.raises(PermissionDenied):
        application_transition(
            application=submitted, to_status=to, actor=Actor(other, 1, "Falsch", "x@example.org"), note="n"
        )
    mailoutbox.clear()
    application = application_transition(
        application=submitted, to_status=to, actor=Actor(side, 1, "Richtig", "r@example.org"), note="Notiz"
    )
    assert application.status == to
    entry = application.log.last()
    assert (entry.from_status, entry.to_status, entry.actor_name, entry.note) == (frm, to, "Richtig", "Notiz")
    assert len(mailoutbox) == 2  # club and authority
    assert all("Notiz" in m.body or to == S.SUBMITTED for m in mailoutbox)


def test_impossible_transition_refused(submitted, staff_actor):
    with pytest.raises(ApplicationError):
        application_transition(application=submitted, to_status=S.ANSWERED, actor=staff_actor, note="x")


def test_decision_needs_a_note(submitted, staff_actor):
    with pytest.raises(ValidationError):
        application_transition(application=submitted, to_status=S.REJECTED, actor=staff_actor, note="  ")


def test_approval_with_permit_document(submitted, staff_actor, mailoutbox):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mailoutbox.clear()
    permit = SimpleUploadedFile("bescheid.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    application = application_transition(
        application=submitted, to_status=S.APPROVED, actor=staff_actor, note="Genehmigt mit Auflagen.", upload=permit
    )
    assert application.decision_text == "Genehmigt mit Auflagen."
    assert application.decided_at is not None
    assert application.attachments.filter(kind="permit").count() == 1
    club_mail = next(m for m in mailoutbox if submitted.club.email in m.to)
    assert any(a[0] == "bescheid.pdf" for a in club_mail.attachments)


# --- inbox (portal admin) ---------------------------------------------------------------------------


def test_inbox_lists_own_authority_only(staff_client, other_staff_client, submitted):
    own = staff_client.get("/admin/forms_assistant/application/")
    assert own.status_code == 200 and submitted.reference in own.content.decode()
    other = other_staff_client.get("/admin/forms_assistant/application/")
    assert submitted.reference not in other.content.decode()


def test_inbox_detail_and_transition_buttons(staff_client, submitted, mailoutbox):
    page = staff_client.get(f"/admin/forms_assistant/application/inspect/{submitted.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "In Bearbeitung nehmen" in body and "Rückfrage stellen" in body
    mailoutbox.clear()
    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/", {"to_status": "question", "note": "Bitte Lageplan nachreichen."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.QUESTION
    assert any("Lageplan" in m.body for m in mailoutbox)
    pdf = staff_client.get(f"/admin/posteingang/{submitted.pk}/antrag.pdf")
    assert pdf.status_code == 200


def test_cross_authority_access_is_refused(other_staff_client, submitted):
    assert other_staff_client.get(f"/admin/forms_assistant/application/inspect/{submitted.pk}/").status_code in (
        403,
        404,
    )
    assert other_staff_client.get(f"/admin/posteingang/{submitted.pk}/antrag.pdf").status_code == 404
    response = other_staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/", {"to_status": "approved", "note": "x"}
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_inbox_filters_search_and_csv(staff_client, submitted):
    listing = staff_client.get(
        "/admin/forms_assistant/application/", {"status__exact": "submitted", "q": submitted.reference}
    )
    assert submitted.reference in listing.content.decode()
    empty = staff_client.get("/admin/forms_assistant/application/", {"status__exact": "approved"})
    assert submitted.reference not in empty.content.decode()
    csv = staff_client.get("/admin/forms_assistant/application/", {"export": "csv"})
    assert csv.status_code == 200
    content = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert submitted.reference in content


def test_inbox_is_not_on_club_hosts(club_editor_client, submitted):
    assert club_editor_client.get("/admin/forms_assistant/application/").status_code == 404
    assert club_editor_client.get(f"/admin/posteingang/{submitted.pk}/antrag.pdf").status_code == 404
    assert "Posteingang" not in club_editor_client.get("/admin/").content.decode()


def test_club_menu_is_not_on_the_portal(staff_client):
    assert staff_client.get("/admin/antraege/").status_code == 404


# --- the club's side --------------------------------------------------------------------------------


def test_club_answers_question_and_withdraws(club_editor_client, submitted, staff_actor, mailoutbox):
    application_transition(application=submitted, to_status=S.QUESTION, actor=staff_actor, note="Wo genau?")
    url = f"/admin/antraege/{submitted.pk}/"
    page = club_editor_client.get(url).content.decode()
    assert "Wo genau?" in page
    empty = club_editor_client.post(url, {"action": "answer", "note": ""})
    assert empty.status_code == 200
    response = club_editor_client.post(url, {"action": "answer", "note": "Nördliche Hälfte des Marktplatzes."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.ANSWERED
    assert submitted.log.last().actor_name  # the editor's name snapshot
    club_editor_client.post(url, {"action": "withdraw", "note": "Fest abgesagt"})
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN


def test_cross_club_access_is_404(submitted, other_club):
    from django.contrib.auth import get_user_model

    from django_tenants.utils import schema_context

    from tests.forms_assistant.conftest import login

    with schema_context(other_club.schema_name):
        user = get_user_model().objects.get(email="editor@beta.example")
        user.set_password("beta-passwort-123")
        user.save()
    client = login(other_club.primary_hostname, user.username, "beta-passwort-123")
    for url in (
        f"/admin/antraege/{submitted.pk}/",
        f"/admin/antraege/{submitted.pk}/antrag.pdf",
        f"/admin/antraege/{submitted.pk}/schritt/verein/",
        f"/admin/antraege/{submitted.pk}/pruefen/",
    ):
        assert client.get(url).status_code == 404, url
    assert submitted.reference not in client.get("/admin/antraege/").content.decode()
    if submitted.event_id:
        assert client.get(f"/admin/antraege/vorhaben/{submitted.event_id}/").status_code == 404


def test_editor_without_permission_gets_403(club):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from django_tenants.utils import schema_context

    from tests.forms_assistant.conftest import login

    with schema_context(club.schema_name):
        user = get_user_model().objects.create_user(
            username="plain@alpha.example", email="plain@alpha.example", password="plain-passwort-123"
        )
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(club.primary_hostname, "plain@alpha.example", "plain-passwort-123")
    assert client.get("/admin/antraege/").status_code == 403
    with schema_context(club.schema_name):
        user.user_permissions.add(Permission.objects.get(content_type__app_label="forms_assistant", codename="apply"))
    assert client.get("/admin/antraege/").status_code == 200
