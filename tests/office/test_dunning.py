"""Dunning (issue #12, returns → reminder letters): open items first in, first out, the grace period,
levels with waiting days and fees, letters as PDF by e-mail or as a batch to print, the history,
"Erinnerung senden" right after a return import, and who may open the pages."""

import datetime
import io
from decimal import Decimal

from django.core import mail

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

from office.constants import EntryKind
from tests.office.test_debits import CREDITOR_ID, _club_ready, _group, _mandate, _member, _upload

DUE_DAY = datetime.date(2026, 1, 15)


def _pdf_text(data: bytes) -> str:
    # Words only: a table cell may wrap a text over two lines.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _entry(member, kind, amount, day=DUE_DAY, text=""):
    from office.services.fees import account_entry_add

    return account_entry_add(
        member=member, data={"booked_on": day, "kind": kind, "amount": Decimal(amount), "text": text}, by=None
    )


def _proposals(**kwargs):
    from office.services.dunning import dunning_proposals

    return {proposal.member.number: proposal for proposal in dunning_proposals(**kwargs)}


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Reminder e-mails go out after the commit; the test's transaction never commits."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def sepa_club(club):
    club.creditor_id = CREDITOR_ID
    club.iban = "DE89370400440532013000"
    club.bic = "COBADEFFXXX"
    return club


@pytest.mark.django_db
def test_open_items_first_in_first_out_grace_period_and_pending_collections(club):
    with schema_context(club.schema_name):
        group = _group()
        partly = _member(1, group=group, email="eins@example.org")
        _entry(partly, EntryKind.DUE, "120.00", text="Beitrag 2026")
        _entry(partly, EntryKind.PAYMENT, "50.00", day=datetime.date(2026, 1, 20))
        paid = _member(2, group=group)
        _entry(paid, EntryKind.DUE, "120.00")
        _entry(paid, EntryKind.PAYMENT, "120.00")
        # A due a debit run will still collect (active mandate, in no debit file yet) is not overdue.
        collected_later = _member(3, group=group)
        _mandate(collected_later)
        _entry(collected_later, EntryKind.DUE, "120.00")
        # Family: the child's due is reminded to the parent who pays.
        parent = _member(4, group=group, email="eltern@example.org")
        child = _member(5, group=group, payer=parent)
        _entry(child, EntryKind.DUE, "60.00", text="Beitrag Kind")

        # Level 1 waits 14 days after the due date (grace period).
        assert _proposals(today=DUE_DAY + datetime.timedelta(days=14)) == {}
        found = _proposals(today=DUE_DAY + datetime.timedelta(days=15))
        assert sorted(found) == [1, 4]
        assert found[1].level.level == 1 and found[1].total == Decimal("70.00")
        assert [item.open_amount for item in found[1].items] == [Decimal("70.00")]
        assert found[4].total == Decimal("60.00") and found[4].items[0].entry.member == child


@pytest.mark.django_db
def test_levels_fees_letters_history_and_paid_members_skipped(sepa_club):
    from office.models import ChangeRecord, DunningLevel, DunningNotice, MemberAccountEntry
    from office.selectors import member_balance
    from office.services.dunning import dunning_letters_pdf, dunning_send

    with schema_context(sepa_club.schema_name):
        assert list(DunningLevel.objects.values_list("title", flat=True)) == [
            "Zahlungserinnerung",
            "Mahnung",
            "Letzte Mahnung",
        ]
        DunningLevel.objects.filter(level=2).update(fee=Decimal("5.00"))
        group = _group()
        member = _member(1, group=group, email="zora@example.org", last="Müller-Lüdenscheidt")
        _entry(member, EntryKind.DUE, "120.00", text="Mitgliedsbeitrag 2026")
        payer_later = _member(2, group=group, email="zahlt@example.org")
        _entry(payer_later, EntryKind.DUE, "120.00")

        day = datetime.date(2026, 2, 2)
        # Member 2 pays after the list was shown: sending re-reads and skips them.
        _entry(payer_later, EntryKind.PAYMENT, "120.00", day=day)
        result = dunning_send(member_ids=[member.pk, payer_later.pk], club=sepa_club, by=None, today=day)
        assert [n.member_id for n in result.emailed] == [member.pk] and not result.letters
        assert [m.pk for m, _reason in result.skipped] == [payer_later.pk]
        first = result.emailed[0]
        assert (first.level, first.total, first.fee, first.pay_by) == (
            1,
            Decimal("120.00"),
            0,
            datetime.date(2026, 2, 16),
        )

        message = mail.outbox[-1]
        assert message.to == ["zora@example.org"] and "Zahlungserinnerung" in message.subject
        assert "120,00 €" in message.body and "DE89 3704 0044 0532 0130 00" in message.body
        [(filename, pdf, mimetype)] = message.attachments
        assert mimetype == "application/pdf" and filename.endswith(".pdf")
        text = _pdf_text(pdf)
        for expected in (
            "Zahlungserinnerung",
            "Müller-Lüdenscheidt",
            "120,00 €",
            "16.02.2026",
            "DE89 3704 0044 0532 0130 00",
            CREDITOR_ID,
            sepa_club.name,
            "Mitgliedsbeitrag 2026",
            "gegenstandslos",
        ):
            assert expected in text, expected

        # Before level 2's waiting days: shown as blocked with the day it may follow.
        blocked = _proposals(today=day + datetime.timedelta(days=13))[1]
        assert blocked.level is None and "16.02.2026" in blocked.blocked
        second_day = day + datetime.timedelta(days=14)
        second = dunning_send(member_ids=[member.pk], club=sepa_club, by=None, today=second_day).emailed[0]
        assert (second.level, second.fee, second.total) == (2, Decimal("5.00"), Decimal("125.00"))
        assert second.fee_entry.kind == EntryKind.FEE and member_balance(member) == Decimal("125.00")
        text = _pdf_text(dunning_letters_pdf([second], club=sepa_club))
        assert "2. Mahnung" in text and "02.02.2026" in text and "5,00 €" in text and "125,00 €" in text

        third_day = second_day + datetime.timedelta(days=14)
        third = dunning_send(member_ids=[member.pk], club=sepa_club, by=None, today=third_day).emailed[0]
        assert third.level == 3 and third.is_last_level
        # The fee of level 2 is an open item of level 3.
        assert third.entries.filter(pk=second.fee_entry_id).exists() and third.total == Decimal("125.00")
        assert "letzte Mahnung" in _pdf_text(dunning_letters_pdf([third], club=sepa_club))
        end = _proposals(today=third_day + datetime.timedelta(days=60))[1]
        assert end.level is None and "Letzte Mahnstufe" in end.blocked

        records = ChangeRecord.objects.filter(member_id=member.pk, action="dunning").order_by("pk")
        assert [r.changes["Stufe"][1] for r in records] == ["1. Zahlungserinnerung", "2. Mahnung", "3. Letzte Mahnung"]
        assert "Mitgliedsbeitrag 2026" in records[0].changes["Posten"][1]
        assert records[1].changes["Mahngebühr"][1] == "5,00 €"
        assert DunningNotice.objects.filter(member=member).count() == 3
        # Art. 15: the reminders are part of the member's data (JSON and PDF).
        from office.services.privacy import member_data, member_data_pdf

        assert [n["Stufe"] for n in member_data(member=member)["mahnungen"]][-1] == "3. Letzte Mahnung"
        assert "Letzte Mahnung" in _pdf_text(member_data_pdf(member=member, club=sepa_club))

        # Paid in full: a new cycle would start with level 1 only for new overdue items.
        _entry(member, EntryKind.PAYMENT, "125.00", day=third_day)
        assert 1 not in _proposals(today=third_day + datetime.timedelta(days=30))
        assert MemberAccountEntry.objects.filter(member=member, kind=EntryKind.FEE).count() == 1


@pytest.mark.django_db
def test_members_without_email_get_a_letter_batch(sepa_club, board_client):
    from office.models import DunningChannel, DunningNotice

    _club_ready(sepa_club)
    with schema_context(sepa_club.schema_name):
        group = _group()
        ids = []
        for number, last in ((1, "Ohnemail"), (2, "Auchohne")):
            member = _member(number, group=group, last=last)
            _entry(member, EntryKind.DUE, "30.00", day=datetime.date(2025, 1, 15))
            ids.append(str(member.pk))
    page = board_client.get("/admin/mitglieder/mahnungen/")
    body = page.content.decode()
    assert page.status_code == 200 and "Ohnemail" in body and "Zahlungserinnerung" in body and "Brief (Post)" in body
    sent_before = len(mail.outbox)
    response = board_client.post("/admin/mitglieder/mahnungen/", {"member": ids})
    assert response.status_code == 302 and "/admin/mitglieder/mahnungen/versandt/?ids=" in response["Location"]
    assert len(mail.outbox) == sent_before  # nobody has an address
    listing = board_client.get(response["Location"]).content.decode()
    assert "2 Briefe drucken (PDF)" in listing
    with schema_context(sepa_club.schema_name):
        notices = list(DunningNotice.objects.order_by("pk"))
        assert {n.channel for n in notices} == {DunningChannel.LETTER}
    batch = board_client.get("/admin/mitglieder/mahnungen/briefe.pdf?ids=" + ",".join(str(n.pk) for n in notices))
    assert batch.status_code == 200 and batch["Content-Type"] == "application/pdf"
    text = _pdf_text(batch.content)
    assert "Ohnemail" in text and "Auchohne" in text and _pages(batch.content) == 2
    single = board_client.get(f"/admin/mitglieder/mahnungen/{notices[0].pk}/brief.pdf")
    assert single.status_code == 200 and "30,00 €" in _pdf_text(single.content)
    # Sent again at once: everyone waits for level 2 now, nothing is sent twice.
    again = board_client.post("/admin/mitglieder/mahnungen/", {"member": ids})
    assert again.status_code == 302
    with schema_context(sepa_club.schema_name):
        assert DunningNotice.objects.count() == 2


@pytest.mark.django_db
def test_return_import_offers_reminder_with_mandate_reference_and_bank_fee(club, board_client, members_client):
    from django.utils import timezone

    from office.models import DebitLine, DunningNotice
    from office.services.debits import debit_run_create, debit_run_export, next_collection_date_for

    _club_ready(club)
    today = timezone.localdate()
    with schema_context(club.schema_name):
        member = _member(7, group=_group(due_month=today.month, due_day=1), email="rueck@example.org")
        mandate = _mandate(member)
        collect = next_collection_date_for(club=club)
        run = debit_run_create(
            club=club, period_start=today.replace(day=1), period_end=collect, collection_date=collect, by=None
        )
        debit_run_export(run=run, club=club, by=None)
        line = DebitLine.objects.get()
    csv = (
        "Buchungstag;Buchungstext;Verwendungszweck;Betrag;Auslagenersatz Ruecklastschrift\n"
        f"{today:%d.%m.%Y};Retoure SEPA Lastschrift;EREF+{line.end_to_end_id} RTRN AM04;-120,00;3,50\n"
    ).encode()
    sent_before = len(mail.outbox)
    booked = board_client.post("/admin/mitglieder/lastschriften/ruecklastschriften/", {"file": _upload("r.csv", csv)})
    body = booked.content.decode()
    assert booked.status_code == 200 and "Erinnerung senden" in body
    assert len(mail.outbox) == sent_before  # the import itself sends nothing: the reminder is one letter
    # Right after the import the return is still in level 1's grace period; "Erinnerung senden" sends now.
    assert board_client.get("/admin/mitglieder/mahnungen/").content.decode().count("rueck@example.org") == 0
    response = board_client.post("/admin/mitglieder/mahnungen/", {"member": [str(member.pk)], "now": "1"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["rueck@example.org"]
    assert mandate.reference in message.body and "123,50 €" in message.body
    text = _pdf_text(message.attachments[0][1])
    assert _pages(message.attachments[0][1]) == 1  # one letter, one page
    for expected in (
        "Rücklastschrift",
        mandate.reference,
        CREDITOR_ID,
        "Keine ausreichende Deckung",
        "3,50 €",
        "123,50 €",
        "Gebühr",
        "Bankverbindung",
    ):
        assert expected in text, (expected, text)
    with schema_context(club.schema_name):
        notice = DunningNotice.objects.get()
        assert notice.level == 1 and notice.total == Decimal("123.50")
    # The member's page lists the reminder in the history.
    detail = board_client.get(f"/admin/mitglieder/inspect/{member.pk}/").content.decode()
    assert "Zahlungserinnerung" in detail and f"/admin/mitglieder/mahnungen/{notice.pk}/brief.pdf" in detail
    # Member staff without the debit permission see the history, not the letters.
    assert "brief.pdf" not in members_client.get(f"/admin/mitglieder/inspect/{member.pk}/").content.decode()


@pytest.mark.django_db
def test_only_the_board_reaches_dunning(club, board_client, members_client, page_editor_client, portal_client):
    urls = ["/admin/mitglieder/mahnungen/", "/admin/mitglieder/mahnungen/versandt/", "/admin/mitglieder/mahnstufen/"]
    for url in urls:
        assert board_client.get(url).status_code == 200, url
        assert members_client.get(url).status_code == 403, url
        assert page_editor_client.get(url).status_code == 403, url
        assert portal_client.get(url).status_code in (302, 404), url
    assert members_client.post("/admin/mitglieder/mahnungen/", {"member": ["1"]}).status_code == 403
    # The board keeps the levels; a level's typed values come back with a German error.
    form = board_client.post(
        "/admin/mitglieder/mahnstufen/new/",
        {"level": "4", "title": "Inkasso-Hinweis", "days": "14", "payment_days": "0", "fee": "2,50", "text": ""},
    )
    assert form.status_code == 200 and "Inkasso-Hinweis" in form.content.decode()
    created = board_client.post(
        "/admin/mitglieder/mahnstufen/new/",
        {"level": "4", "title": "Inkasso-Hinweis", "days": "14", "payment_days": "7", "fee": "2.50", "text": ""},
    )
    assert created.status_code == 302


@pytest.mark.django_db
def test_reminders_for_minors_go_to_the_payer_or_to_the_guardians(sepa_club):
    """QA: a child on the youth fee got "Guten Tag Horst Hofmann". A minor's reminder goes to the member who
    pays for them; without one it is addressed to the parents ("An die Erziehungsberechtigten von …"), by
    e-mail to the child's address if it has one, else as a letter."""
    from office.models import DunningChannel, Member
    from office.services.dunning import dunning_letters_pdf, dunning_send

    day = datetime.date(2026, 2, 2)
    with schema_context(sepa_club.schema_name):
        youth = _group("Kinder und Jugendliche", "15.00")
        adults = _group()
        # Under 18 by birth date, nobody pays for him, with his own e-mail address.
        horst = _member(24, group=youth, email="horst@example.org", last="Hofmann")
        Member.objects.filter(pk=horst.pk).update(first_name="Horst", birth_date=datetime.date(2013, 5, 1))
        _entry(horst, EntryKind.DUE, "15.00", text="Beitrag Januar")
        # On the youth fee without a birth date and without an address: a letter to the guardians.
        lotta = _member(25, group=youth, last="Lenz")
        _entry(lotta, EntryKind.DUE, "15.00", text="Beitrag Januar")
        # A child whose mother pays: the mother is reminded, by name.
        mother = _member(26, group=adults, email="mutter@example.org", last="Kurz")
        child = _member(27, group=youth, payer=mother, email="kind@example.org", last="Kurz")
        Member.objects.filter(pk=child.pk).update(birth_date=datetime.date(2015, 1, 1))
        _entry(child, EntryKind.DUE, "15.00", text="Beitrag Kind")
        # An adult on the adults' fee: unchanged.
        adult = _member(28, group=adults, email="erwachsen@example.org", last="Groß")
        _entry(adult, EntryKind.DUE, "120.00")

        result = dunning_send(member_ids=[horst.pk, lotta.pk, mother.pk, adult.pk], club=sepa_club, by=None, today=day)
        by_member = {notice.member_id: notice for notice in result.sent}
        assert set(by_member) == {horst.pk, lotta.pk, mother.pk, adult.pk}
        assert by_member[lotta.pk].channel == DunningChannel.LETTER

        mails = {message.to[0]: message for message in mail.outbox}
        assert "kind@example.org" not in mails
        horst_mail = mails["horst@example.org"]
        assert horst_mail.body.startswith("Guten Tag,\n")
        assert "als Erziehungsberechtigte von Horst Hofmann (Mitgliedsnummer 24)" in horst_mail.body
        assert "Guten Tag Horst" not in horst_mail.body and "Auf dem Mitgliedskonto" in horst_mail.body
        text = _pdf_text(horst_mail.attachments[0][1])
        assert "An die Erziehungsberechtigten von Horst Hofmann" in text
        assert "Guten Tag, wir schreiben Ihnen als Erziehungsberechtigte von Horst Hofmann (Mitgliedsnummer 24)" in text
        assert "Bei der Durchsicht" in text and "Guten Tag Horst" not in text
        assert "Mitgliedsnr. 24 Mahnung" in text

        letter = _pdf_text(dunning_letters_pdf([by_member[lotta.pk]], club=sepa_club))
        assert "An die Erziehungsberechtigten von Vorname25 Lenz" in letter and "Guten Tag Vorname25" not in letter

        mother_mail = mails["mutter@example.org"]
        assert mother_mail.body.startswith("Guten Tag Vorname26 Kurz,")
        text = _pdf_text(mother_mail.attachments[0][1])
        assert "Guten Tag Vorname26 Kurz," in text and "Beitrag Kind" in text and "Erziehungsberechtigten" not in text

        text = _pdf_text(mails["erwachsen@example.org"].attachments[0][1])
        assert "Guten Tag Vorname28 Groß," in text and "bei der Durchsicht" in text
        assert "Erziehungsberechtigten" not in text
