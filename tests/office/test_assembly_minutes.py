"""Minutes of the general assembly published to members (issue #14): the PDF is the edited text the
chair and the keeper confirm; an edit clears their confirmations; publishing needs both, sends every
member with an address the PDF and opens it behind their personal link; unpublished minutes are never
reachable by a member, and published minutes are final."""

import datetime
import io

from django.core import mail
from django.core.exceptions import ValidationError

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def meeting(club):
    from office.services.assembly import agenda_item_add, assembly_create, assembly_link_token
    from office.services.members import member_create

    with schema_context(club.schema_name):
        with_mail = member_create(
            data={"first_name": "Mia", "last_name": "Protokoll", "email": "mia@example.org"}, by=None
        )
        member_create(data={"first_name": "Ole", "last_name": "Ohnemail"}, by=None)
        assembly = assembly_create(
            data={
                "title": "Jahreshauptversammlung",
                "held_on": datetime.date.today(),
                "place": "Vereinsheim",
                "chair": "Anna Leitung",
                "keeper": "Karl Schrift",
            }
        )
        agenda_item_add(assembly=assembly, data={"title": "Bericht des Vorstands"})
        token = assembly_link_token(member=with_mail, assembly=assembly)
    return {"assembly": assembly, "token": token}


@pytest.mark.django_db
def test_confirm_publish_and_read_the_minutes(club, meeting, board_client, club_client):
    from office.models import Assembly

    pk, token = meeting["assembly"].pk, meeting["token"]
    url = f"/admin/versammlungen/{pk}/protokoll/"
    text = board_client.get(url).content.decode()
    assert "TOP 1: Bericht des Vorstands" in text
    # Unpublished minutes: not reachable through the member's link, not offered on their page.
    assert club_client.get(f"/versammlung/{token}/protokoll.pdf").status_code == 404
    assert "protokoll.pdf" not in club_client.get(f"/versammlung/{token}/").content.decode()
    refused = board_client.post(url, {"action": "publish"}, follow=True)
    assert "Erst veröffentlichen" in refused.content.decode()

    with schema_context(club.schema_name):
        draft = Assembly.objects.get(pk=pk).minutes_text
    edited = draft + "\nDer Vorstand dankt allen Helfern Zq9.\n"
    assert board_client.post(url, {"action": "save", "text": edited}).status_code == 302
    board_client.post(url, {"action": "confirm_chair", "chair_name": "Anna Leitung"})
    # An edit after a confirmation clears it: the chair confirmed another text.
    board_client.post(url, {"action": "save", "text": edited + "Nachtrag.\n"})
    with schema_context(club.schema_name):
        assert Assembly.objects.get(pk=pk).minutes_chair_confirmed_at is None
    board_client.post(url, {"action": "confirm_chair", "chair_name": "Anna Leitung"})
    draft_pdf = _pdf_text(board_client.get(f"/admin/versammlungen/{pk}/protokoll.pdf").content)
    assert "Entwurf" in draft_pdf and "Helfern Zq9" in draft_pdf and "bestätigt von Anna Leitung" in draft_pdf
    board_client.post(url, {"action": "confirm_keeper", "keeper_name": "Karl Schrift"})

    published = board_client.post(url, {"action": "publish"}, follow=True).content.decode()
    assert "veröffentlicht" in published and "1 E-Mail(s)" in published
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mia@example.org"] and "Protokoll: Jahreshauptversammlung" in message.subject
    assert "/versammlung/" in message.body and club.primary_hostname in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    attached = _pdf_text(content)
    assert "Helfern Zq9" in attached and "Entwurf" not in attached and "bestätigt von Karl Schrift" in attached

    page = club_client.get(f"/versammlung/{token}/").content.decode()
    assert "protokoll.pdf" in page
    pdf = club_client.get(f"/versammlung/{token}/protokoll.pdf")
    assert pdf.status_code == 200 and "no-store" in pdf["Cache-Control"]
    assert "Helfern Zq9" in _pdf_text(pdf.content)
    # Published minutes are final.
    assert board_client.post(url, {"action": "save", "text": "anders"}).status_code == 400
    with schema_context(club.schema_name):
        assert "Helfern Zq9" in Assembly.objects.get(pk=pk).minutes_text


@pytest.mark.django_db
def test_minutes_services_refuse_confirming_without_name_and_publishing_twice(club, meeting):
    from office.services.assembly_minutes import minutes_confirm, minutes_draft, minutes_publish

    assembly = meeting["assembly"]
    with schema_context(club.schema_name):
        minutes_draft(assembly=assembly, club=club)
        with pytest.raises(ValidationError):
            minutes_confirm(assembly=assembly, role="chair", name=" ")
        minutes_confirm(assembly=assembly, role="chair", name="Anna")
        minutes_confirm(assembly=assembly, role="keeper", name="Karl")
        assert minutes_publish(assembly=assembly, club=club) == 1
        with pytest.raises(ValidationError):
            minutes_publish(assembly=assembly, club=club)
        with pytest.raises(ValidationError):
            minutes_draft(assembly=assembly, club=club)


@pytest.mark.django_db
def test_member_area_lists_only_published_minutes(club, meeting, club_client):
    import re

    from office.models import Member
    from office.services.assembly_minutes import minutes_confirm, minutes_draft, minutes_publish
    from office.services.self_service import member_link_token

    assembly = meeting["assembly"]
    with schema_context(club.schema_name):
        member = Member.objects.get(email="mia@example.org")
        account = f"/mitgliedskonto/{member_link_token(member)}/"
        minutes_draft(assembly=assembly, club=club)
    assert "Protokolle der Mitgliederversammlungen" not in club_client.get(account).content.decode()
    with schema_context(club.schema_name):
        minutes_confirm(assembly=assembly, role="chair", name="Anna")
        minutes_confirm(assembly=assembly, role="keeper", name="Karl")
        minutes_publish(assembly=assembly, club=club)
    page = club_client.get(account).content.decode()
    assert "Protokolle der Mitgliederversammlungen" in page and "Jahreshauptversammlung" in page
    link = re.search(r'href="(/versammlung/[^"]+/protokoll\.pdf)"', page).group(1)
    pdf = club_client.get(link)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
