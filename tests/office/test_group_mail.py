"""E-mail to a filtered group of members (one message per member, a copy kept) and saved filters."""

from django.core import mail

import pytest
from django_tenants.utils import schema_context

from office.models import SavedFilter, SentMessage


@pytest.fixture
def three_members(club, office_data):
    from office.services.members import member_create

    with schema_context(club.schema_name):
        office_data["member"].email = "zora@example.org"
        office_data["member"].save(update_fields=["email"])
        passive = member_create(
            data={"first_name": "Paul", "last_name": "Passiv", "email": "paul@example.org", "status": "passive"},
            by=None,
        )
        no_mail = member_create(data={"first_name": "Ohne", "last_name": "Adresse"}, by=None)
    return office_data["member"], passive, no_mail


@pytest.mark.django_db
def test_compose_preview_send_one_message_per_member(members_client, three_members):
    active = three_members[0]
    query = "status=active"
    page = members_client.get(f"/admin/mitglieder/rundmail/?{query}&p=2")
    assert page.status_code == 200
    assert 'value="status=active"' in page.content.decode()
    form = {"subject": "Hallo {vorname}", "body": "Liebe/r {vorname},\nbis Samstag.", "querystring": query}
    preview = members_client.post("/admin/mitglieder/rundmail/", {**form, "step": "preview"})
    body = preview.content.decode()
    assert "Die E-Mail geht an 1 Mitglied." in body and "1 Mitglied der Auswahl hat keine E-Mail-Adresse" in body
    assert mail.outbox == []
    sent = members_client.post("/admin/mitglieder/rundmail/", {**form, "step": "send"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [active.email] and mail.outbox[0].subject == "Hallo Zora"
    assert mail.outbox[0].cc == [] and mail.outbox[0].bcc == []
    detail = members_client.get(sent["Location"])
    assert detail.status_code == 200 and "Liebe/r {vorname}" in detail.content.decode()
    assert "Hallo {vorname}" in members_client.get("/admin/mitglieder/rundmail/gesendet/").content.decode()


@pytest.mark.django_db
def test_all_members_get_separate_messages_and_the_copy_counts_them(club, members_client, three_members):
    response = members_client.post(
        "/admin/mitglieder/rundmail/", {"subject": "Info", "body": "Text", "querystring": "", "step": "send"}
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["paul@example.org", "zora@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    with schema_context(club.schema_name):
        copy = SentMessage.objects.get()
        assert copy.recipients_count == 2 and copy.body == "Text"


@pytest.mark.django_db
def test_empty_subject_comes_back_with_the_text_kept(members_client, three_members):
    response = members_client.post(
        "/admin/mitglieder/rundmail/", {"subject": "", "body": "Mein langer Text", "querystring": "", "step": "preview"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Mein langer Text" in body and "error-message" in body
    assert mail.outbox == []


@pytest.mark.django_db
def test_saved_filters_are_quick_links_on_the_member_list(club, members_client, three_members):
    response = members_client.post(
        "/admin/mitglieder/filter/", {"name": "Passive", "querystring": "status=passive&p=3"}
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        saved = SavedFilter.objects.get(name="Passive")
        assert saved.querystring == "status=passive"
    listing = members_client.get("/admin/mitglieder/").content.decode()
    assert 'href="?status=passive"' in listing and "Passive" in listing
    filtered = members_client.get("/admin/mitglieder/?status=passive").content.decode()
    assert "/admin/mitglieder/rundmail/?status=passive" in filtered
    assert members_client.get(f"/admin/mitglieder/filter/{saved.pk}/loeschen/").status_code == 405
    assert members_client.post(f"/admin/mitglieder/filter/{saved.pk}/loeschen/").status_code == 302
    with schema_context(club.schema_name):
        assert not SavedFilter.objects.exists()


@pytest.mark.django_db
def test_plain_editors_cannot_mail(page_editor_client, office_data):
    for url in ("/admin/mitglieder/rundmail/", "/admin/mitglieder/rundmail/gesendet/", "/admin/mitglieder/import/"):
        assert page_editor_client.get(url).status_code == 403
