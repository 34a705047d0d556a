"""Joining online (issue #12): the join page with a SEPA mandate, the confirmation link (double
opt-in), the board's decision in "Aufnahmeanträge", and the member, mandate and first fee it makes."""

import datetime
import re
import smtplib
import time
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest
from django_tenants.utils import schema_context

from sites.pages.forms import form_started_token

CREDITOR_ID = "DE98ZZZ09999999999"
IBAN_TYPED = "de89 3704 0044 0532 0130 00"
IBAN = "DE89370400440532013000"


def _join_url(club) -> str:
    from sites.pages.models import JoinPage

    with schema_context(club.schema_name):
        return JoinPage.objects.get().url


def _set_creditor(club, creditor_id: str = CREDITOR_ID) -> None:
    from sites.clubs.models import Club

    Club.objects.filter(pk=club.pk).update(creditor_id=creditor_id)


@pytest.fixture
def fee_group(club):
    from office.models import FeeGroup
    from office.services.fees import office_object_save

    with schema_context(club.schema_name):
        return office_object_save(
            instance=FeeGroup(
                name="Erwachsene", amount=Decimal("120.00"), interval="yearly", admission_fee=Decimal("10.00")
            ),
            by=None,
        )


def _data(fee_group, **extra) -> dict:
    data = {
        "fee_group": str(fee_group.pk),
        "first_name": "Erika",
        "last_name": "Mustermann-Zx7",
        "birth_date": "24.12.1990",
        "street": "Heideweg",
        "house_number": "3a",
        "postal_code": "12345",
        "town": "Musterstadt",
        "country": "DE",
        "email": "erika@example.org",
        "phone": "0301234567",
        "message": "Ich freue mich!",
        "account_holder": "Erika Mustermann",
        "iban": IBAN_TYPED,
        "mandate_consent": "on",
        "consent": "on",
        "website": "",
        "form_started": form_started_token(time.time() - 60),
    }
    data.update(extra)
    return data


def _shown_form(client, url) -> tuple[str, str]:
    """(the reference shown, the signed hidden value) of a freshly shown join form."""
    html = client.get(url).content.decode()
    reference = re.search(r"M-\d{8}-[A-Z2-9]{6}", html).group(0)
    assert f"<strong>{reference}</strong>" in html  # the readable reference, not the hidden field
    hidden = re.search(r'name="mandate_reference" value="([^"]+)"', html).group(1)
    return reference, hidden


def _applications(club):
    from office.models import JoinApplication

    with schema_context(club.schema_name):
        return list(JoinApplication.objects.all())


@pytest.mark.django_db
def test_join_with_mandate_end_to_end(club, club_client, board_client, fee_group, django_capture_on_commit_callbacks):
    from office.constants import EntryKind
    from office.models import ChangeRecord, Member, MemberAccountEntry, SepaMandate
    from office.services.dues import fee_for

    _set_creditor(club)
    url = _join_url(club)
    page = club_client.get(url).content.decode()
    assert "Erwachsene – 120,00 € jährlich (Aufnahmegebühr 10,00 €)" in page
    assert CREDITOR_ID in page and "Ich ermächtige" in page
    reference, hidden = _shown_form(club_client, url)

    response = club_client.post(url, _data(fee_group, mandate_reference=hidden))
    assert response.status_code == 302, response.context["form"].errors
    (application,) = _applications(club)
    assert application.status == "unconfirmed"
    assert application.mandate_reference == reference and application.iban == IBAN
    assert CREDITOR_ID in application.mandate_text and reference in application.mandate_text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["erika@example.org"]  # the club is not told yet

    # Unconfirmed: invisible to the board (list and detail).
    assert "Mustermann-Zx7" not in board_client.get("/admin/mitglieder/aufnahmeantraege/").content.decode()
    assert board_client.get(f"/admin/mitglieder/aufnahmeantraege/{application.pk}/").status_code == 404

    link = re.search(r"https?://[^\s]+/mitgliedsantrag/bestaetigen/[^\s]+/", mail.outbox[0].body).group(0)
    assert club.primary_hostname in link
    path = link.split(club.primary_hostname, 1)[1].lstrip(":0123456789")
    assert "Antrag bestätigen" in club_client.get(path).content.decode()
    assert _applications(club)[0].status == "unconfirmed"  # opening the link alone confirms nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = club_client.post(path)
    assert response.status_code == 200 and "ist bestätigt" in response.content.decode()
    assert _applications(club)[0].status == "pending"
    assert mail.outbox[-1].to == [club.email] and "Mustermann-Zx7" in mail.outbox[-1].subject
    assert IBAN not in mail.outbox[-1].body

    listing = board_client.get("/admin/mitglieder/aufnahmeantraege/").content.decode()
    assert "Mustermann-Zx7" in listing
    detail = board_client.get(f"/admin/mitglieder/aufnahmeantraege/{application.pk}/").content.decode()
    assert IBAN in detail and "Antrag annehmen" in detail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = board_client.post(f"/admin/mitglieder/aufnahmeantraege/{application.pk}/", {"action": "accept"})
    assert response.status_code == 302
    today = timezone.localdate()
    with schema_context(club.schema_name):
        member = Member.objects.get(last_name="Mustermann-Zx7")
        assert member.status == "active" and member.joined_on == today and member.fee_group == fee_group
        assert (member.street, member.house_number, member.email) == ("Heideweg", "3a", "erika@example.org")
        mandate = SepaMandate.objects.get(member=member)
        assert mandate.reference == reference and mandate.iban == IBAN
        assert mandate.signed_on == timezone.localdate(_applications(club)[0].confirmed_at)
        entries = list(MemberAccountEntry.objects.filter(member=member).order_by("pk"))
        assert [e.kind for e in entries] == [EntryKind.DUE, EntryKind.DUE]
        assert entries[0].amount == Decimal("10.00") and entries[0].text == "Aufnahmegebühr"
        period_start = entries[1].period_start
        assert period_start <= today <= entries[1].period_end
        assert entries[1].amount == fee_for(member, fee_group, period_start) > 0
        assert all(e.mandate_id == mandate.pk for e in entries)
        actions = set(ChangeRecord.objects.filter(member_id=member.pk).values_list("action", flat=True))
        assert {"create", "accept"} <= actions
        stored = _applications(club)[0]
        assert stored.status == "accepted" and stored.member_id == member.pk and stored.decided_by
    (welcome,) = mail.outbox
    assert welcome.to == ["erika@example.org"] and "Willkommen" in welcome.subject
    assert str(member.number) in welcome.body and reference in welcome.body and CREDITOR_ID in welcome.body
    assert f"{club.primary_hostname}" in welcome.body and "/mitgliedskonto/" in welcome.body

    # Decided once: a second acceptance is refused and creates nothing.
    board_client.post(f"/admin/mitglieder/aufnahmeantraege/{application.pk}/", {"action": "accept"})
    with schema_context(club.schema_name):
        assert Member.objects.filter(last_name="Mustermann-Zx7").count() == 1


@pytest.mark.django_db
def test_invalid_iban_keeps_everything_typed(club, club_client, fee_group):
    _set_creditor(club)
    url = _join_url(club)
    reference, hidden = _shown_form(club_client, url)
    response = club_client.post(url, _data(fee_group, mandate_reference=hidden, iban="DE00 1234 5678"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "IBAN ist ungültig" in html
    for typed in ("Erika", "Mustermann-Zx7", "24.12.1990", "Heideweg", "3a", "12345", "Musterstadt",
                  "erika@example.org", "0301234567", "Ich freue mich!", "Erika Mustermann", "DE00 1234 5678"):  # fmt: skip
        assert typed in html, typed
    assert re.search(rf'value="{fee_group.pk}"[^>]*checked', html)
    assert reference in html  # the same mandate reference as before
    assert re.search(r'name="mandate_consent"[^>]*checked', html)
    assert _applications(club) == [] and not mail.outbox


@pytest.mark.django_db
def test_refused_address_and_rate_limit_keep_everything_typed(club, club_client, fee_group, monkeypatch, settings):
    from django.core.mail.backends.locmem import EmailBackend

    _set_creditor(club)
    url = _join_url(club)
    _reference, hidden = _shown_form(club_client, url)

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"erika@example.org": (550, b"no such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    response = club_client.post(url, _data(fee_group, mandate_reference=hidden))
    assert response.status_code == 200
    html = response.content.decode()
    assert "keine Nachricht senden" in html and "Mustermann-Zx7" in html and IBAN_TYPED in html
    assert _applications(club) == []
    monkeypatch.undo()

    settings.HH_RATE_LIMITS = {**settings.HH_RATE_LIMITS, "club_join": (0, 600)}
    response = club_client.post(url, _data(fee_group, mandate_reference=hidden))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sie haben in kurzer Zeit viele Nachrichten gesendet" in html
    assert "Mustermann-Zx7" in html and IBAN_TYPED in html and "Heideweg" in html
    assert _applications(club) == []


@pytest.mark.django_db
def test_without_creditor_id_the_page_offers_transfer(club, club_client, fee_group):
    _set_creditor(club, "")
    url = _join_url(club)
    html = club_client.get(url).content.decode()
    assert "keine Lastschrift" in html and 'name="iban"' not in html
    data = _data(fee_group)
    for name in ("iban", "account_holder", "mandate_consent"):
        data.pop(name)
    assert club_client.post(url, data).status_code == 302
    (application,) = _applications(club)
    assert application.payment_method == "transfer" and not application.iban and not application.mandate_reference


def _confirmed_application(club, fee_group):
    from office.services.join import join_application_confirm, join_application_submit

    with schema_context(club.schema_name):
        application = join_application_submit(
            club=club,
            data={
                "fee_group": fee_group,
                "first_name": "Otto",
                "last_name": "Ablehnung-Zx7",
                "birth_date": datetime.date(1980, 1, 2),
                "street": "Weg",
                "postal_code": "12345",
                "town": "Ort",
                "email": "otto@example.org",
                "consent": True,
            },
        )
        return join_application_confirm(application=application, club=club)


@pytest.mark.django_db
def test_decline_needs_a_reason_and_writes_politely(
    club, members_client, page_editor_client, fee_group, django_capture_on_commit_callbacks
):
    application = _confirmed_application(club, fee_group)
    url = f"/admin/mitglieder/aufnahmeantraege/{application.pk}/"
    assert page_editor_client.get(url).status_code == 403
    assert page_editor_client.post(url, {"action": "accept"}).status_code == 403
    response = members_client.post(url, {"action": "decline", "reason": ""})
    assert response.status_code == 200 and "Bitte geben Sie einen Grund" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = members_client.post(url, {"action": "decline", "reason": "Die Gruppe ist leider voll."})
    assert response.status_code == 302
    assert _applications(club)[0].status == "declined"
    (message,) = mail.outbox
    assert message.to == ["otto@example.org"] and "Die Gruppe ist leider voll." in message.body
    assert "Leider" in message.body


@pytest.mark.django_db
def test_confirmation_link_expired_or_for_another_club_is_refused(club, other_club, fee_group, monkeypatch):
    from office.services.join import join_application_submit, join_confirm_token
    from tests.conftest import host_client

    with schema_context(club.schema_name):
        application = join_application_submit(
            club=club,
            data={
                "first_name": "Ina",
                "last_name": "Fremd-Zx7",
                "birth_date": datetime.date(1980, 1, 2),
                "street": "Weg",
                "postal_code": "12345",
                "town": "Ort",
                "email": "ina@example.org",
                "consent": True,
            },
        )
        token = join_confirm_token(application)
    path = f"/mitgliedsantrag/bestaetigen/{token}/"
    response = host_client(other_club.primary_hostname).post(path)
    assert response.status_code == 400 and "nicht zu diesem Verein" in response.content.decode()
    monkeypatch.setattr("office.services.join.CONFIRM_MAX_AGE", -1)
    response = host_client(club.primary_hostname).post(path)
    assert response.status_code == 400 and "abgelaufen" in response.content.decode()
    response = host_client(club.primary_hostname).post("/mitgliedsantrag/bestaetigen/gefaelscht/")
    assert response.status_code == 400
    assert _applications(club)[0].status == "unconfirmed"


@pytest.mark.django_db
def test_first_fee_from_the_next_period_when_the_group_says_so(club):
    from office.models import FeeGroup, Member
    from office.services.join import first_fee_book

    with schema_context(club.schema_name):
        group = FeeGroup.objects.create(
            name="Quartal", amount=Decimal("30"), interval="quarterly", due_month=1, pro_rata="next_period"
        )
        member = Member.objects.create(
            number=9901, first_name="A", last_name="B", joined_on=datetime.date(2026, 5, 10), fee_group=group
        )
        (entry,) = first_fee_book(member=member, mandate=None, by=None)
        assert (entry.period_start, entry.period_end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
        assert entry.amount == Decimal("30") and entry.booked_on == datetime.date(2026, 7, 1)
