"""Member self-service (issue #12): the personal link (same answer for known and unknown addresses,
rate limited, refused when expired or on another club's host), corrections with history, the IBAN
change as an amendment, the notice period's arithmetic, and the statement PDF of a year's payments."""

import datetime
import io
import re
from decimal import Decimal

from django.core import mail

import pytest
from django_tenants.utils import schema_context

from office.services.self_service import notice_effective_on
from tests.conftest import host_client
from tests.office.conftest import VICTIM_IBAN, VICTIM_NAME

NEW_IBAN = "DE02120300000000202051"


@pytest.fixture
def member(club, office_data):
    from office.services.members import member_update

    with schema_context(club.schema_name):
        return member_update(member=office_data["member"], data={"email": "zora@example.org"}, by=None)


def _token(club, member) -> str:
    from office.services.self_service import member_link_token

    with schema_context(club.schema_name):
        return member_link_token(member)


def _body(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.django_db
def test_link_request_answers_the_same_and_is_rate_limited(club, club_client, member, settings):
    known = club_client.post("/mitgliedskonto/", {"email": "ZORA@example.org"})
    assert known.status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zora@example.org"]
    link = re.search(r"https?://\S+/mitgliedskonto/\S+/", mail.outbox[0].body).group(0)
    assert club.primary_hostname in link
    unknown = club_client.post("/mitgliedskonto/", {"email": "niemand@example.org"})
    assert len(mail.outbox) == 1
    assert _body(unknown).replace("niemand@example.org", "X") == _body(known).replace("ZORA@example.org", "X")

    settings.HH_RATE_LIMITS = {**settings.HH_RATE_LIMITS, "office_member_link": (0, 600)}
    limited = club_client.post("/mitgliedskonto/", {"email": "zora@example.org"})
    assert limited.status_code == 429 and 'value="zora@example.org"' in limited.content.decode()
    assert len(mail.outbox) == 1

    path = link.split(club.primary_hostname, 1)[1].lstrip(":0123456789")
    page = club_client.get(path)
    assert page.status_code == 200 and VICTIM_NAME in page.content.decode()
    assert "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "same-origin"
    assert VICTIM_IBAN not in page.content.decode()  # masked


@pytest.mark.django_db
def test_token_of_club_alpha_is_refused_on_club_beta_and_when_expired(club, other_club, member, monkeypatch):
    token = _token(club, member)
    response = host_client(other_club.primary_hostname).get(f"/mitgliedskonto/{token}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "gehört nicht zu diesem Verein" in html and VICTIM_NAME not in html
    assert host_client(club.primary_hostname).get(f"/mitgliedskonto/{token}/").status_code == 200
    monkeypatch.setattr("office.services.self_service.LINK_MAX_AGE", -1)
    response = host_client(club.primary_hostname).get(f"/mitgliedskonto/{token}/kuendigung/")
    assert response.status_code == 400 and "abgelaufen" in response.content.decode()
    # A join confirmation token is no self-service token (a salt per purpose).
    from django.core import signing

    from office.services.join import CONFIRM_SALT

    forged = signing.dumps({"m": member.pk, "s": club.schema_name}, salt=CONFIRM_SALT, compress=True)
    monkeypatch.undo()
    assert host_client(club.primary_hostname).get(f"/mitgliedskonto/{forged}/").status_code == 400


@pytest.mark.django_db
def test_self_service_edits_write_history(club, club_client, member):
    from office.models import ChangeRecord, Member

    token = _token(club, member)
    data = {
        "street": "Neue Straße",
        "house_number": "7",
        "postal_code": "12345",
        "town": "Musterstadt",
        "country": "de",
        "email": "zora@example.org",
        "phone": "030 1234",
        "mobile": "",
        "newsletter_consent": "on",
    }
    response = club_client.post(f"/mitgliedskonto/{token}/", {**data, "email": "kaputt"})
    assert response.status_code == 200 and 'value="Neue Straße"' in response.content.decode()
    response = club_client.post(f"/mitgliedskonto/{token}/", data)
    assert response.status_code == 302
    with schema_context(club.schema_name):
        stored = Member.objects.get(pk=member.pk)
        assert (stored.street, stored.country, stored.newsletter_consent) == ("Neue Straße", "DE", True)
        assert stored.newsletter_consent_on == datetime.date.today()
        record = ChangeRecord.objects.filter(member_id=member.pk, action="update").latest("pk")
        assert record.user_name == "Mitglied (Selbstauskunft)" and record.user_id is None
        assert record.changes["street"] == ["Hauptstraße", "Neue Straße"]


@pytest.mark.django_db
def test_iban_change_is_an_amendment(club, club_client, member, office_data):
    from office.models import ChangeRecord, SepaMandate

    token = _token(club, member)
    url = f"/mitgliedskonto/{token}/bankverbindung/"
    response = club_client.post(url, {"account_holder": "Zora Neu", "iban": "DE00 0000", "confirm": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "IBAN ist ungültig" in html and 'value="Zora Neu"' in html and 'value="DE00 0000"' in html
    response = club_client.post(
        url, {"account_holder": "Zora Neu", "iban": "de02 1203 0000 0000 2020 51", "confirm": "on"}
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        mandate = SepaMandate.objects.get(pk=office_data["mandate"].pk)
        assert mandate.iban == NEW_IBAN and mandate.account_holder == "Zora Neu"
        assert mandate.is_amended and mandate.original_iban == VICTIM_IBAN
        assert mandate.reference == office_data["mandate"].reference
        record = ChangeRecord.objects.filter(object_type="sepamandate", action="update").latest("pk")
        assert record.user_name == "Mitglied (Selbstauskunft)" and record.changes["iban"] == [VICTIM_IBAN, NEW_IBAN]


@pytest.mark.parametrize(
    ("given_on", "months", "to_year_end", "expected"),
    [
        (datetime.date(2026, 9, 30), 3, True, datetime.date(2026, 12, 31)),  # just in time
        (datetime.date(2026, 10, 1), 3, True, datetime.date(2027, 12, 31)),  # one day late: a year more
        (datetime.date(2026, 1, 15), 3, True, datetime.date(2026, 12, 31)),
        (datetime.date(2026, 6, 30), 6, True, datetime.date(2026, 12, 31)),
        (datetime.date(2026, 7, 1), 6, True, datetime.date(2027, 12, 31)),
        (datetime.date(2026, 5, 10), 0, True, datetime.date(2026, 12, 31)),
        (datetime.date(2026, 3, 15), 3, False, datetime.date(2026, 6, 15)),
        (datetime.date(2026, 11, 30), 3, False, datetime.date(2027, 2, 28)),  # no 30 February
        (datetime.date(2027, 11, 30), 3, False, datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2026, 12, 31), 0, False, datetime.date(2026, 12, 31)),
        (datetime.date(2026, 2, 1), 12, True, datetime.date(2027, 12, 31)),
    ],
)
def test_notice_date_arithmetic(given_on, months, to_year_end, expected):
    assert notice_effective_on(given_on=given_on, months=months, to_year_end=to_year_end) == expected


@pytest.mark.django_db
def test_notice_records_left_on_history_and_mail(club, club_client, member, django_capture_on_commit_callbacks):
    from office.models import ChangeRecord, Member
    from sites.clubs.models import Club

    Club.objects.filter(pk=club.pk).update(notice_period_months=3, notice_period_to_year_end=True)
    today = datetime.date.today()
    expected = notice_effective_on(given_on=today, months=3, to_year_end=True)
    token = _token(club, member)
    url = f"/mitgliedskonto/{token}/kuendigung/"
    page = club_client.get(url).content.decode()
    assert f"{expected:%d.%m.%Y}" in page and "3 Monaten zum Ende des Kalenderjahres" in page
    response = club_client.post(url, {"text": "Ich ziehe um."})
    assert response.status_code == 200 and "Bitte bestätigen Sie die Kündigung" in response.content.decode()
    assert "Ich ziehe um." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = club_client.post(url, {"text": "Ich ziehe um.", "confirm": "on"})
    assert response.status_code == 302
    with schema_context(club.schema_name):
        stored = Member.objects.get(pk=member.pk)
        assert stored.left_on == expected
        record = ChangeRecord.objects.get(member_id=member.pk, action="notice")
        assert record.changes["notice_text"] == ["", "Ich ziehe um."]
        assert record.changes["left_on"] == ["", f"{expected:%d.%m.%Y}"]
        assert ChangeRecord.objects.filter(member_id=member.pk, action="leave").exists()
    (message,) = mail.outbox
    assert message.to == ["zora@example.org"] and message.cc == [club.email]
    assert f"{expected:%d.%m.%Y}" in message.body
    assert f"{expected:%d.%m.%Y}" in club_client.get(url).content.decode()
    assert club_client.post(url, {"text": "nochmal", "confirm": "on"}).status_code == 200  # no second notice
    with schema_context(club.schema_name):
        assert ChangeRecord.objects.filter(member_id=member.pk, action="notice").count() == 1


@pytest.mark.django_db
def test_statement_pdf_lists_one_members_payments_of_one_year(club, club_client, member, office_data):
    from pypdf import PdfReader

    from office.constants import EntryKind
    from office.services.fees import account_entry_add
    from office.services.members import member_create

    with schema_context(club.schema_name):
        other = member_create(data={"first_name": "Max", "last_name": "Anders"}, by=None)
        for who, day, amount in (
            (member, datetime.date(2025, 2, 3), "60.00"),
            (member, datetime.date(2025, 8, 1), "61.50"),
            (member, datetime.date(2024, 12, 30), "77.77"),
            (other, datetime.date(2025, 3, 3), "99.99"),
        ):
            account_entry_add(
                member=who,
                data={"booked_on": day, "kind": EntryKind.PAYMENT, "amount": Decimal(amount), "text": "Beitrag"},
                by=None,
            )
        account_entry_add(
            member=member,
            data={"booked_on": datetime.date(2025, 1, 1), "kind": EntryKind.DUE, "amount": Decimal("55.55")},
            by=None,
        )
    token = _token(club, member)
    assert "beitraege-2025.pdf" in club_client.get(f"/mitgliedskonto/{token}/").content.decode()
    response = club_client.get(f"/mitgliedskonto/{token}/beitraege-2025.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert VICTIM_NAME in text and "2025" in text
    assert "60,00" in text and "61,50" in text and "121,50" in text
    assert "77,77" not in text and "99,99" not in text and "55,55" not in text and "Anders" not in text
