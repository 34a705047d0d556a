"""Bank statement lines (issue #13): many proposals booked at once (confirmation, all or nothing, the
reason next to each refused line), and the unmatched rest assigned by hand to a member, a donation or a
category, with everything typed kept after an error."""

import datetime
import re
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tests.office.conftest import VICTIM_NAME


def _csv(member_number: int) -> bytes:
    return (
        "Buchungstag;Valutadatum;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Verwendungszweck;Betrag\n"
        f"12.02.2026;12.02.2026;Zora {VICTIM_NAME};DE02120300000000202051;Mitgliedsnr. {member_number} Beitrag;120,00\n"
        "10.03.2026;10.03.2026;Erika Spenderin;DE02500105170137075030;Spende Jugendarbeit;50,00\n"
        "30.12.2025;30.12.2025;Otto Altjahr;DE12500105170648489890;Spende Weihnachten;20,00\n"
        "11.03.2026;11.03.2026;Stadtwerke;DE89370400440532013000;Strom Vereinsheim;-45,10\n"
        "12.03.2026;12.03.2026;Zora Zahlerin;DE02120300000000202051;Ueberweisung;120,00\n"
    ).encode("cp1252")


@pytest.fixture
def statement(club, office_data):
    """A statement of club alpha (2025 closed): a due, two donations (one dated in 2025), two unmatched."""
    from office.models import Account, Member
    from office.services.bank_statements import statement_import
    from office.services.finance import year_close

    with schema_context(club.schema_name):
        year_close(year=2025, by=None)
        member = Member.objects.get(last_name=VICTIM_NAME)
        result = statement_import(
            account=Account.objects.get(number="1200"), data=_csv(member.number), filename="feb.csv", by=None
        )
        entries = {e.name: e for e in result.statement.entries.all()}
        assert [e.kind for e in result.statement.entries.order_by("position")] == [
            "due",
            "donation",
            "donation",
            "unmatched",
            "unmatched",
        ]
    return result.statement, entries, member


def _booked(club):
    from office.models import Booking, Donation, MemberAccountEntry

    with schema_context(club.schema_name):
        return (
            Booking.objects.count(),
            Donation.objects.count(),
            MemberAccountEntry.objects.filter(kind="payment").count(),
        )


@pytest.mark.django_db
def test_bulk_service_books_all_or_nothing(club, statement):
    from office.models import StatementEntry
    from office.services.bank_statements import BulkRefusal, statement_entries_accept

    statement, entries, member = statement
    due, gift, old = entries[f"Zora {VICTIM_NAME}"], entries["Erika Spenderin"], entries["Otto Altjahr"]
    before = _booked(club)
    with schema_context(club.schema_name):
        with pytest.raises(BulkRefusal) as refusal:
            statement_entries_accept(statement=statement, entry_ids=[due.pk, gift.pk, old.pk], by=None)
        assert list(refusal.value.errors) == [old.pk]
        assert "2025 ist abgeschlossen" in refusal.value.errors[old.pk]
        assert _booked(club) == before  # nothing at all, not even the good lines
        assert set(StatementEntry.objects.filter(statement=statement).values_list("status", flat=True)) == {"open"}
        bookings = statement_entries_accept(statement=statement, entry_ids=[due.pk, gift.pk], by=None)
        assert sorted(b.amount for b in bookings) == [Decimal("50.00"), Decimal("120.00")]
        assert member.account_entries.filter(kind="payment", amount=Decimal("120.00")).exists()
        assert StatementEntry.objects.get(pk=gift.pk).booking.donations.get().donor.name == "Erika Spenderin"
        with pytest.raises(BulkRefusal) as refusal:  # booked lines are refused, not booked twice
            statement_entries_accept(statement=statement, entry_ids=[due.pk], by=None)
        assert refusal.value.errors == {due.pk: "Diese Zeile ist schon erledigt."}


@pytest.mark.django_db
def test_bulk_in_the_admin_confirms_then_books_or_names_each_refused_line(club, statement, board_client):
    from office.models import StatementEntry

    statement, entries, _member = statement
    due, gift, old = entries[f"Zora {VICTIM_NAME}"], entries["Erika Spenderin"], entries["Otto Altjahr"]
    url = f"/admin/finanzen/kontoauszug/{statement.pk}/"
    page = board_client.get(url).content.decode()
    assert "Ausgewählte Vorschläge buchen" in page
    assert f'name="entries" value="{due.pk}"' in page and f'name="entries" value="{old.pk}"' in page
    assert f'name="entries" value="{entries["Stadtwerke"].pk}"' not in page  # no proposal, no checkbox
    before = _booked(club)
    confirm = board_client.post(f"{url}buchen/", {"entries": [due.pk, gift.pk, old.pk]})
    body = confirm.content.decode()
    assert confirm.status_code == 200 and "Jetzt buchen" in body and "3 Zeilen, Summe 190,00 €" in body
    assert _booked(club) == before  # the first step only shows
    refused = board_client.post(f"{url}buchen/", {"entries": [due.pk, gift.pk, old.pk], "confirm": "yes"})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Es wurde nichts gebucht" in body and "2025 ist abgeschlossen" in body
    assert body.count('type="checkbox" name="entries"') == 3  # the choice is kept
    assert _booked(club) == before
    done = board_client.post(f"{url}buchen/", {"entries": [due.pk, gift.pk], "confirm": "yes"})
    assert done.status_code == 302
    with schema_context(club.schema_name):
        assert StatementEntry.objects.get(pk=due.pk).status == "booked"
        assert StatementEntry.objects.get(pk=old.pk).status == "open"
    assert "2 Zeilen gebucht" in board_client.get(url).content.decode()
    nothing = board_client.post(f"{url}buchen/", {"confirm": "yes"}, follow=True)
    assert "Bitte mindestens eine Zeile auswählen." in nothing.content.decode()


@pytest.mark.django_db
def test_bulk_refuses_lines_of_another_statement(club, statement, board_client):
    from office.models import Account
    from office.services.bank_statements import statement_import

    statement, entries, _member = statement
    with schema_context(club.schema_name):
        other = statement_import(
            account=Account.objects.get(number="1200"), data=_csv(1), filename="andere.csv", by=None
        ).statement
        foreign = other.entries.get(name="Erika Spenderin")
    before = _booked(club)
    response = board_client.post(
        f"/admin/finanzen/kontoauszug/{statement.pk}/buchen/",
        {"entries": [entries["Erika Spenderin"].pk, foreign.pk], "confirm": "yes"},
    )
    assert response.status_code == 400
    assert "Nichts gebucht" in response.content.decode()
    assert _booked(club) == before


@pytest.mark.django_db
def test_assign_by_hand_keeps_what_was_typed_and_books(club, statement, board_client):
    from office.models import Booking, Donation, Donor, LedgerCategory, StatementEntry

    statement, entries, member = statement
    power, transfer = entries["Stadtwerke"], entries["Zora Zahlerin"]
    base = f"/admin/finanzen/kontoauszug/{statement.pk}/zeile/"
    page = board_client.get(f"{base}{power.pk}/zuordnen/")
    assert page.status_code == 200 and "Strom Vereinsheim" in page.content.decode()
    # a category alone: without the category the form comes back with what was typed
    response = board_client.post(
        f"{base}{power.pk}/zuordnen/", {"kind": "category", "cost_centre": "Vereinsheim Zq4", "text": "Strom Q1"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Bitte eine Kategorie wählen." in body
    assert (
        'value="Vereinsheim Zq4"' in body
        and 'value="Strom Q1"' in body
        and re.search(r'value="category"[^>]* checked', body)
    )
    with schema_context(club.schema_name):
        expense = LedgerCategory.objects.filter(kind="expense", sphere="ideell").first()
    response = board_client.post(
        f"{base}{power.pk}/zuordnen/",
        {"kind": "category", "category": expense.pk, "cost_centre": "Vereinsheim Zq4", "text": "Strom Q1"},
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        booking = StatementEntry.objects.get(pk=power.pk).booking
        assert (booking.amount, booking.category, booking.cost_centre, booking.text) == (
            Decimal("-45.10"),
            expense,
            "Vereinsheim Zq4",
            "Strom Q1",
        )
    # an outgoing line cannot be a donation
    response = board_client.post(f"{base}{power.pk}/zuordnen/", {"kind": "donation"}, follow=True)
    assert "schon erledigt" in response.content.decode()
    # a member: an unknown number is named, the choice kept
    response = board_client.post(f"{base}{transfer.pk}/zuordnen/", {"kind": "member", "member_number": "99999"})
    body = response.content.decode()
    assert response.status_code == 400 and "Es gibt kein Mitglied mit der Nummer 99999." in body
    assert 'value="99999"' in body
    payments = member.account_entries.filter(kind="payment").count()
    response = board_client.post(f"{base}{transfer.pk}/zuordnen/", {"kind": "member", "member_number": member.number})
    assert response.status_code == 302
    with schema_context(club.schema_name):
        assert member.account_entries.filter(kind="payment").count() == payments + 1
        assert StatementEntry.objects.get(pk=transfer.pk).booking.category.number == "2010"
    # a donation of an existing donor, and one dated in the closed year: the reason, nothing typed lost
    with schema_context(club.schema_name):
        donor = Donor.objects.create(name="Otto A. Spender")
    old = entries["Otto Altjahr"]
    response = board_client.post(
        f"{base}{old.pk}/zuordnen/", {"kind": "donation", "donor": donor.pk, "cost_centre": "Weihnachten Zq4"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "2025 ist abgeschlossen" in body and 'value="Weihnachten Zq4"' in body
    with schema_context(club.schema_name):
        assert not Donation.objects.filter(donor=donor).exists()
        assert not Booking.objects.filter(cost_centre="Weihnachten Zq4").exists()


@pytest.mark.django_db
def test_assign_donation_and_refusals_in_the_service(club, statement):
    from django.core.exceptions import ValidationError

    from office.models import Donation, Donor
    from office.services.bank_statements import Assignment, statement_entry_accept

    statement, entries, _member = statement
    with schema_context(club.schema_name):
        with pytest.raises(ValidationError) as error:
            statement_entry_accept(entry=entries["Stadtwerke"], assign=Assignment(kind="donation"), by=None)
        assert "Geldeingang" in str(error.value)
        with pytest.raises(ValidationError):
            statement_entry_accept(entry=entries["Stadtwerke"], assign=Assignment(kind="member"), by=None)
        booking = statement_entry_accept(entry=entries["Zora Zahlerin"], assign=Assignment(kind="donation"), by=None)
        donation = Donation.objects.get(booking=booking)
        assert donation.amount == Decimal("120.00") and donation.donated_on == datetime.date(2026, 3, 12)
        assert Donor.objects.get(pk=donation.donor_id).iban == "DE02120300000000202051"
        assert booking.category.number == "2030"


@pytest.mark.django_db
def test_payment_after_a_reminder_settles_the_oldest_open_items(club, office_data, board_client):
    """QA: 45,00 € "Mitgliedsnr. 24 Mahnung 1" after a reminder for three dues of 15 € stayed "ohne
    Vorschlag" (only ONE due of exactly the amount was matched). Now a payment naming a member (number,
    reminder or mandate reference) settles their oldest open items (dues, reminder fees), or pays them
    oldest first in part; the proposal says what it settles and booking it settles them on the account."""
    from office.constants import EntryKind
    from office.models import Account, MemberAccountEntry
    from office.selectors import member_balance
    from office.services.bank_statements import statement_entry_accept, statement_import
    from office.services.dunning import dunning_send
    from office.services.fees import account_entry_add
    from tests.office.test_debits import _group, _mandate, _member

    def entry(member, kind, amount, day, text="Beitrag"):
        data = {"booked_on": day, "kind": kind, "amount": Decimal(amount), "text": text}
        return account_entry_add(member=member, data=data, by=None)

    with schema_context(club.schema_name):
        group = _group("Kinder und Jugendliche", "15.00")
        hofmann = _member(24, group=group, last="Hofmann", email="h@example.org")
        for month in (1, 2, 3):
            entry(hofmann, EntryKind.DUE, "15.00", datetime.date(2026, month, 1), f"Beitrag {month:02d}/2026")
        notice = dunning_send(member_ids=[hofmann.pk], club=club, by=None, today=datetime.date(2026, 4, 1)).sent[0]
        assert notice.total == Decimal("45.00")
        # Two dues and a reminder fee, named by the mandate reference only.
        lenz = _member(30, group=group, last="Lenz")
        mandate = _mandate(lenz)
        entry(lenz, EntryKind.DUE, "15.00", datetime.date(2026, 1, 1), "Beitrag Januar")
        entry(lenz, EntryKind.DUE, "15.00", datetime.date(2026, 2, 1), "Beitrag Februar")
        entry(lenz, EntryKind.FEE, "2.50", datetime.date(2026, 3, 1), "Mahngebühr")
        # Pays part: the oldest due in full, 5 € of the next.
        kurz = _member(31, group=group, last="Kurz")
        entry(kurz, EntryKind.DUE, "15.00", datetime.date(2026, 1, 1), "Beitrag Januar")
        entry(kurz, EntryKind.DUE, "15.00", datetime.date(2026, 2, 1), "Beitrag Februar")
        # One due of exactly the amount: matched as before.
        single = _member(32, group=group, last="Einzeln")
        due = entry(single, EntryKind.DUE, "15.00", datetime.date(2026, 1, 1))
        csv = (
            "Buchungstag;Valutadatum;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Verwendungszweck;Betrag\n"
            f"10.04.2026;10.04.2026;Horst Hofmann;;Mitgliedsnr. 24 Mahnung {notice.pk};45,00\n"
            f"10.04.2026;10.04.2026;Lenz;;Beitraege {mandate.reference};32,50\n"
            "10.04.2026;10.04.2026;Kurz;;Mitgliedsnr. 31;20,00\n"
            "10.04.2026;10.04.2026;Einzeln;;Mitgliedsnr. 32;15,00\n"
        ).encode()
        result = statement_import(account=Account.objects.get(number="1200"), data=csv, filename="a.csv", by=None)
        lines = list(result.statement.entries.order_by("position"))
        assert [line.kind for line in lines] == ["items", "items", "items", "due"]
        assert [line.target_id for line in lines] == [hofmann.pk, lenz.pk, kurz.pk, due.pk]
        assert "begleicht" in lines[0].reason and f"Mahnung {notice.pk}" in lines[0].reason
        for text in ("01.01.2026 Beitrag 01/2026 15,00 €", "01.02.2026", "01.03.2026 Beitrag 03/2026"):
            assert text in lines[0].reason, lines[0].reason
        assert "Mahngebühr 2,50 €" in lines[1].reason and "Beitrag Februar 15,00 €" in lines[1].reason
        assert "älteste zuerst" in lines[2].reason and "Beitrag Februar 5,00 € von 15,00 €" in lines[2].reason
        page = board_client.get(f"/admin/finanzen/kontoauszug/{result.statement.pk}/").content.decode()
        assert page.count("Offene Posten") >= 3 and "ohne Vorschlag" not in page

        for line in lines:
            statement_entry_accept(entry=line, by=None)
        for member in (hofmann, lenz, single):
            assert member_balance(member) == 0, member
        assert member_balance(kurz) == Decimal("10.00")
        payments = MemberAccountEntry.objects.filter(member=hofmann, kind=EntryKind.PAYMENT)
        assert [p.amount for p in payments] == [Decimal("45.00")]


@pytest.mark.django_db
def test_payment_naming_a_payer_settles_the_items_of_those_they_pay_for(club, office_data):
    """A parent pays for a child: the reminder goes to the parent, and the parent's payment settles the
    child's dues on the child's account and the parent's own on theirs."""
    from office.constants import EntryKind
    from office.models import Account
    from office.selectors import member_balance
    from office.services.bank_statements import statement_entry_accept, statement_import
    from office.services.fees import account_entry_add
    from tests.office.test_debits import _group, _member

    with schema_context(club.schema_name):
        group = _group("Kinder und Jugendliche", "15.00")
        parent = _member(40, group=group, last="Eltern")
        child = _member(41, group=group, last="Eltern", payer=parent)
        for member, day in ((child, 1), (parent, 2)):
            data = {"booked_on": datetime.date(2026, 1, day), "kind": EntryKind.DUE, "amount": Decimal("15.00")}
            account_entry_add(member=member, data=data, by=None)
        csv = (
            b"Buchungstag;Valutadatum;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Verwendungszweck;Betrag\n"
            b"10.04.2026;10.04.2026;Eltern;;Mitgliedsnr. 40;30,00\n"
        )
        result = statement_import(account=Account.objects.get(number="1200"), data=csv, filename="b.csv", by=None)
        [line] = result.statement.entries.all()
        assert (line.kind, line.target_id) == ("items", parent.pk)
        statement_entry_accept(entry=line, by=None)
        assert member_balance(child) == 0 and member_balance(parent) == 0


@pytest.mark.django_db
def test_statement_lines_are_paged_and_filtered_by_status(club, statement, board_client, monkeypatch):
    """A year's statement has thousands of lines: they come LINES_PER_PAGE a page, optionally of one
    status; a page number that is no number shows the first page."""
    from office.models import StatementEntry
    from office.views import finance_statements

    statement, entries, _member = statement
    monkeypatch.setattr(finance_statements, "LINES_PER_PAGE", 2)
    with schema_context(club.schema_name):
        StatementEntry.objects.filter(pk=entries["Stadtwerke"].pk).update(status="ignored")
    url = f"/admin/finanzen/kontoauszug/{statement.pk}/"
    first = board_client.get(url).content.decode()
    assert "Zeilen 1 bis 2 von 5" in first and "Seite 1 von 3" in first
    assert f"Zora {VICTIM_NAME}" in first and "Otto Altjahr" not in first
    assert "Alle (5)" in first and "Offen (4)" in first and "Übergangen (1)" in first
    last = board_client.get(url, {"p": "3"}).content.decode()
    assert "Zora Zahlerin" in last and "Stadtwerke" not in last
    ignored = board_client.get(url, {"status": "ignored"}).content.decode()
    assert "Stadtwerke" in ignored and "Erika Spenderin" not in ignored
    odd = board_client.get(url, {"p": "²", "status": "x\x00"})
    assert odd.status_code == 200 and f"Zora {VICTIM_NAME}" in odd.content.decode()
