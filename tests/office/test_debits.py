"""Debit runs (issue #12, SEPA direct debit): dues, FRST/RCUR, expiry, collection dates, pre-notification,
export against the schema, returns import, the command and the admin's permissions."""

import datetime
import io
from decimal import Decimal

from django.core import mail

import pytest
from django_tenants.utils import schema_context

from cms.tenancy.middleware import forget_tenant_hosts
from office.constants import EntryKind, FeeInterval, MandateSequence, MandateStatus, ProRata
from office.sepa.errors import CollectionDateError
from office.sepa.pain008 import validate_pain008

CREDITOR_ID = "DE98ZZZ09999999999"
TODAY = datetime.date(2026, 12, 7)  # a Monday
COLLECT = datetime.date(2027, 1, 15)  # a Friday
JAN = (datetime.date(2027, 1, 1), datetime.date(2027, 1, 31))


@pytest.fixture
def sepa_club(club):
    club.creditor_id = CREDITOR_ID
    club.iban = club.iban or "DE89370400440532013000"
    return club


def _member(number, *, group, joined=datetime.date(2020, 3, 1), payer=None, email="", last="Muster"):
    from office.services.members import member_create

    return member_create(
        data={
            "number": number,
            "first_name": f"Vorname{number}",
            "last_name": last,
            "street": "Hauptstraße",
            "house_number": "3",
            "postal_code": "12345",
            "town": "Musterstadt",
            "joined_on": joined,
            "fee_group": group,
            "payer": payer,
            "email": email,
        },
        by=None,
    )


def _mandate(member, *, iban="DE02120300000000202051", used=None, signed=datetime.date(2025, 6, 1)):
    from office.services.sepa import mandate_create

    return mandate_create(
        member=member,
        data={
            "signed_on": signed,
            "account_holder": f"{member.first_name} {member.last_name}",
            "iban": iban,
            "last_used_on": used,
            "sequence": MandateSequence.RECURRING if used else MandateSequence.FIRST,
        },
        by=None,
    )


def _group(name="Erwachsene", amount="120.00", **kwargs):
    from office.models import FeeGroup
    from office.services.fees import office_object_save

    spec = {"due_month": 1, "due_day": 15, **kwargs}
    return office_object_save(instance=FeeGroup(name=name, amount=Decimal(amount), **spec), by=None)


def _create_run(club, **kwargs):
    from office.services.debits import debit_run_create

    args = {"period_start": JAN[0], "period_end": JAN[1], "collection_date": COLLECT, "by": None, "today": TODAY}
    return debit_run_create(club=club, **{**args, **kwargs})


# --- dues ---


@pytest.mark.django_db
def test_due_dates_per_interval(club):
    from office.services.dues import due_dates

    with schema_context(club.schema_name):
        year = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
        assert len(due_dates(_group("M", interval=FeeInterval.MONTHLY), start=year[0], end=year[1])) == 12
        quarterly = due_dates(_group("Q", interval=FeeInterval.QUARTERLY, due_month=2), start=year[0], end=year[1])
        assert [d.month for d in quarterly] == [2, 5, 8, 11]
        assert [
            d.month
            for d in due_dates(_group("H", interval=FeeInterval.HALF_YEARLY, due_month=7), start=year[0], end=year[1])
        ] == [1, 7]
        assert due_dates(_group("Y"), start=year[0], end=year[1]) == [datetime.date(2027, 1, 15)]


@pytest.mark.django_db
def test_dues_pro_rata_admission_and_payer(club):
    from office.models import MemberAccountEntry
    from office.services.dues import dues_book

    with schema_context(club.schema_name):
        year = _group(admission_fee=Decimal("10.00"))
        quarterly = _group("Quartal", amount="30.00", interval=FeeInterval.QUARTERLY, pro_rata=ProRata.MONTHS)
        full = _group("Voll", amount="30.00", interval=FeeInterval.QUARTERLY, pro_rata=ProRata.FULL)
        later = _group("Später", amount="30.00", interval=FeeInterval.QUARTERLY, pro_rata=ProRata.NEXT_PERIOD)
        family = _group("Familie", amount="200.00", is_family_fee=True)
        old = _member(1, group=year)
        joiner = _member(2, group=quarterly, joined=datetime.date(2027, 2, 10))  # 2 of 3 months of Q1
        joiner_full = _member(3, group=full, joined=datetime.date(2027, 2, 10))
        joiner_later = _member(4, group=later, joined=datetime.date(2027, 2, 10))
        parent = _member(5, group=family)
        child = _member(6, group=family, payer=parent)
        newcomer = _member(7, group=year, joined=datetime.date(2027, 1, 5))
        start, end = datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)
        booked = dues_book(start=start, end=end, by=None)
        amounts = {}
        for entry in booked:
            amounts.setdefault(entry.member.number, []).append(entry.amount)
        assert amounts[old.number] == [Decimal("120.00")]
        assert amounts[joiner.number] == [Decimal("20.00")]
        assert amounts[joiner_full.number] == [Decimal("30.00")]
        assert joiner_later.number not in amounts
        assert amounts[parent.number] == [Decimal("200.00")] and child.number not in amounts
        assert sorted(amounts[newcomer.number]) == [Decimal("10.00"), Decimal("120.00")]
        # Idempotent per member and period.
        assert dues_book(start=start, end=end, by=None) == []
        assert MemberAccountEntry.objects.filter(kind=EntryKind.DUE).count() == len(booked)


# --- runs, sequence, expiry ---


@pytest.mark.django_db
def test_run_collects_family_through_payer_and_frst_then_rcur(sepa_club):
    from office.services.debits import debit_run_export

    with schema_context(sepa_club.schema_name):
        family = _group("Familie", amount="200.00", is_family_fee=True)
        youth = _group("Jugend", amount="40.00")
        parent = _member(5, group=family, email="eltern@example.org")
        _member(6, group=family, payer=parent)
        _member(7, group=youth, payer=parent)  # the child's own fee, paid by the parent
        mandate = _mandate(parent)
        run = _create_run(sepa_club)
        (line,) = run.lines.all()
        assert line.member == parent and line.mandate == mandate
        assert line.amount == Decimal("240.00") and line.sequence == MandateSequence.FIRST
        debit_run_export(run=run, club=sepa_club, by=None)
        mandate.refresh_from_db()
        assert mandate.sequence == MandateSequence.RECURRING and mandate.last_used_on == COLLECT
        # Next year's run: RCUR.
        run2 = _create_run(
            sepa_club,
            period_start=datetime.date(2028, 1, 1),
            period_end=datetime.date(2028, 1, 31),
            collection_date=datetime.date(2028, 1, 17),
        )
        assert [line.sequence for line in run2.lines.all()] == [MandateSequence.RECURRING]


@pytest.mark.django_db
def test_mandates_expire_after_36_months(club):
    from office.services.debits import mandates_expire

    with schema_context(club.schema_name):
        group = _group()
        stale = _mandate(_member(1, group=group), used=datetime.date(2023, 12, 1), signed=datetime.date(2020, 1, 1))
        fresh = _mandate(_member(2, group=group), used=datetime.date(2024, 1, 2), signed=datetime.date(2020, 1, 1))
        unused = _mandate(_member(3, group=group), signed=datetime.date(2023, 11, 30))
        expired = mandates_expire(today=datetime.date(2027, 1, 1))
        assert {m.pk for m in expired} == {stale.pk, unused.pk}
        fresh.refresh_from_db()
        assert fresh.status == MandateStatus.ACTIVE


@pytest.mark.django_db
def test_amendment_to_other_bank_is_frst_and_carried_once(sepa_club):
    from office.services.debits import debit_run_export
    from office.services.sepa import mandate_update

    with schema_context(sepa_club.schema_name):
        member = _member(1, group=_group())
        mandate = _mandate(member, used=datetime.date(2026, 1, 15))
        mandate_update(mandate=mandate, data={"iban": "DE89370400440532013000"}, by=None)
        run = _create_run(sepa_club)
        (line,) = run.lines.all()
        assert line.sequence == MandateSequence.FIRST
        run = debit_run_export(run=run, club=sepa_club, by=None)
        assert "AmdmntInd>true" in run.xml and "SMNDA" in run.xml
        mandate.refresh_from_db()
        assert not mandate.is_amended and not mandate.original_iban


@pytest.mark.django_db
def test_collection_date_on_a_holiday_is_refused_with_next_date(sepa_club):
    with schema_context(sepa_club.schema_name):
        _mandate(_member(1, group=_group()))
        with pytest.raises(CollectionDateError) as caught:
            _create_run(sepa_club, collection_date=datetime.date(2026, 12, 25))
        assert "Weihnachtstag" in caught.value.message and "28.12.2026" in caught.value.message
        assert caught.value.next_valid == datetime.date(2026, 12, 28)


@pytest.mark.django_db
def test_missing_creditor_id_is_refused_in_german(club):
    from office.services.debits import DebitRunError

    club.creditor_id = ""
    with schema_context(club.schema_name), pytest.raises(DebitRunError) as caught:
        _create_run(club)
    assert "Gläubiger-ID fehlt" in caught.value.message


# --- notification, export, returns ---


@pytest.mark.django_db
def test_prenotification_mail(sepa_club):
    from office.models import DebitRunStatus
    from office.services.debits import DebitRunError, debit_run_notify

    with schema_context(sepa_club.schema_name):
        member = _member(1, group=_group(), email="zora@example.org")
        mandate = _mandate(member)
        _member(2, group=_group("Ohne"), email="")
        _mandate(_member(3, group=_group("Ohne Mail"), last="Ohnemail"))
        run = _create_run(sepa_club)
        # The lead time (14 days unless the club set another) has begun on 02.01.2027: refused in German.
        with pytest.raises(DebitRunError) as late:
            debit_run_notify(run=run, club=sepa_club, by=None, today=datetime.date(2027, 1, 2))
        assert "spätestens am 01.01.2027" in late.value.message and not mail.outbox
        result = debit_run_notify(run=run, club=sepa_club, by=None, today=datetime.date(2027, 1, 1))
        run.refresh_from_db()
    assert result.sent == 1 and [m.last_name for m in result.without_email] == ["Ohnemail"]
    assert run.status == DebitRunStatus.NOTIFIED
    (message,) = mail.outbox
    assert message.to == ["zora@example.org"]
    for text in ("120,00 €", "15.01.2027", mandate.reference, CREDITOR_ID):
        assert text in message.body, text


@pytest.mark.django_db
def test_export_is_valid_and_returns_are_booked(sepa_club):
    from office.models import DebitLineStatus, MemberAccountEntry
    from office.selectors import member_balance
    from office.services.debit_returns import debit_returns_import
    from office.services.debits import debit_run_export

    with schema_context(sepa_club.schema_name):
        member = _member(1, group=_group(), email="zora@example.org")
        _mandate(member)
        run = debit_run_export(run=_create_run(sepa_club), club=sepa_club, by=None)
        validate_pain008(run.xml.encode(), version=run.pain_version)
        line = run.lines.get()
        assert line.status == DebitLineStatus.COLLECTED and member_balance(member) == 0
        csv = (
            "Buchungstag;Name Zahlungsbeteiligter;Buchungstext;Verwendungszweck;Betrag;Waehrung\n"
            f"20.01.2027;Zora;Retoure SEPA Lastschrift;EREF+{line.end_to_end_id} RTRN AC04;-120,00;EUR\n"
        ).encode()
        result = debit_returns_import(data=csv, club=sepa_club, by=None)
        assert [r.pk for r in result.booked] == [line.pk]
        line.refresh_from_db()
        assert line.status == DebitLineStatus.RETURNED and line.return_reason_code == "AC04"
        assert MemberAccountEntry.objects.filter(member=member, kind=EntryKind.RETURN).count() == 1
        assert member_balance(member) == Decimal("120.00")
        # The same file again books nothing twice.
        assert debit_returns_import(data=csv, club=sepa_club, by=None).already == [line.end_to_end_id]
    assert "konnte nicht eingezogen werden" in mail.outbox[-1].subject


# --- the command ---


@pytest.mark.django_db
def test_sepa_export_command_writes_a_valid_file(club, tmp_path):
    from django.core.management import CommandError, call_command
    from django.utils import timezone

    from sites.clubs.models import Club

    today = timezone.localdate()
    with schema_context(club.schema_name):
        _mandate(_member(1, group=_group(due_month=today.month, due_day=1)))
    out = tmp_path / "lastschrift.xml"
    if hasattr(club, "creditor_id"):
        Club.objects.filter(pk=club.pk).update(creditor_id="")
        with pytest.raises(CommandError, match="Gläubiger-ID fehlt"):
            call_command("sepa_export", club=club.slug, out=str(out))
        Club.objects.filter(pk=club.pk).update(creditor_id=CREDITOR_ID, iban=club.iban or "DE89370400440532013000")
    else:
        pytest.skip("the club has no creditor_id field yet")
    stdout = io.StringIO()
    call_command("sepa_export", club=club.slug, out=str(out), stdout=stdout)
    validate_pain008(out.read_bytes(), version="pain.008.001.08")
    assert "1 Lastschriften, 120.00 €" in stdout.getvalue()
    # A second call writes the same run's file again.
    call_command("sepa_export", club=club.slug, out=str(out), stdout=io.StringIO())
    with schema_context(club.schema_name):
        from office.models import DebitRun

        assert DebitRun.objects.count() == 1
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("sepa_export", club="gibt-es-nicht", out=str(out))


# --- the admin ---


def _club_ready(club):
    from sites.clubs.models import Club

    club.creditor_id, club.iban = CREDITOR_ID, club.iban or "DE89370400440532013000"
    Club.objects.filter(pk=club.pk).update(creditor_id=club.creditor_id, iban=club.iban)
    forget_tenant_hosts()  # the middleware keeps the club row per host


@pytest.mark.django_db
def test_board_creates_notifies_exports_downloads_and_imports_returns(club, board_client):
    from django.utils import timezone

    from office.models import DebitLine, DebitRun
    from office.services.debits import next_collection_date_for

    _club_ready(club)
    today = timezone.localdate()
    with schema_context(club.schema_name):
        _mandate(_member(1, group=_group(due_month=today.month, due_day=1), email="zora@example.org"))
    assert board_client.get("/admin/mitglieder/lastschriften/").status_code == 200
    form = board_client.get("/admin/mitglieder/lastschriften/neu/")
    valid = next_collection_date_for(club=club)
    assert f"{valid:%d.%m.%Y}" in form.content.decode()  # the next valid date is pre-filled
    start = f"01.{today:%m.%Y}"
    refused = board_client.post(
        "/admin/mitglieder/lastschriften/neu/",
        {"period_start": start, "period_end": "31.12.2099", "collection_date": "25.12.2028"},
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and "Weihnachtstag" in body and "27.12.2028" in body
    assert "31.12.2099" in body  # the typed values come back
    created = board_client.post(
        "/admin/mitglieder/lastschriften/neu/",
        {"period_start": start, "period_end": f"{valid:%d.%m.%Y}", "collection_date": f"{valid:%d.%m.%Y}"},
    )
    assert created.status_code == 302
    with schema_context(club.schema_name):
        run = DebitRun.objects.get()
        line = DebitLine.objects.get()
    detail = board_client.get(f"/admin/mitglieder/lastschriften/{run.pk}/").content.decode()
    assert "120,00" in detail and "Vorabinformationen senden" in detail and line.end_to_end_id in detail
    assert board_client.post(f"/admin/mitglieder/lastschriften/{run.pk}/vorabinformation/").status_code == 302
    assert mail.outbox and CREDITOR_ID in mail.outbox[0].body
    assert board_client.get(f"/admin/mitglieder/lastschriften/{run.pk}/datei/").status_code == 404  # no file yet
    assert board_client.post(f"/admin/mitglieder/lastschriften/{run.pk}/export/").status_code == 302
    download = board_client.get(f"/admin/mitglieder/lastschriften/{run.pk}/datei/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    validate_pain008(download.content, version="pain.008.001.08")
    # Returns: a broken file is refused in German, a CSV with the line's end-to-end id is booked.
    broken = board_client.post(
        "/admin/mitglieder/lastschriften/ruecklastschriften/",
        {"file": _upload("kaputt.xml", b"<Document><nope")},
    )
    assert broken.status_code == 400
    csv = (
        "Buchungstag;Buchungstext;Verwendungszweck;Betrag;Auslagenersatz Ruecklastschrift\n"
        f"20.01.2027;Retoure SEPA Lastschrift;EREF+{line.end_to_end_id} RTRN MD06;-120,00;3,50\n"
    ).encode()
    booked = board_client.post("/admin/mitglieder/lastschriften/ruecklastschriften/", {"file": _upload("r.csv", csv)})
    assert booked.status_code == 200 and "1 Rücklastschriften gebucht" in booked.content.decode()
    with schema_context(club.schema_name):
        from office.models import MemberAccountEntry

        line.refresh_from_db()
        assert line.status == "returned" and line.bank_fee == Decimal("3.50")
        assert MemberAccountEntry.objects.filter(kind=EntryKind.FEE, amount=Decimal("3.50")).exists()


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.django_db
def test_export_problems_keep_the_run_a_draft(club, board_client):
    from office.models import DebitRun, DebitRunStatus

    _club_ready(club)
    with schema_context(club.schema_name):
        member = _member(1, group=_group())
        mandate = _mandate(member)
        run = _create_run(club)
        # A mandate reference the file would refuse (edited behind the form's back).
        type(mandate).objects.filter(pk=mandate.pk).update(account_holder="")
    response = board_client.post(f"/admin/mitglieder/lastschriften/{run.pk}/export/")
    assert response.status_code == 400 and "Kontoinhabers fehlt" in response.content.decode()
    with schema_context(club.schema_name):
        assert DebitRun.objects.get().status == DebitRunStatus.DRAFT and not DebitRun.objects.get().xml


@pytest.mark.django_db
def test_member_staff_without_manage_debits_get_403(club, members_client, page_editor_client, portal_client):
    _club_ready(club)
    with schema_context(club.schema_name):
        _mandate(_member(1, group=_group()))
        run = _create_run(club)
    urls = [
        "/admin/mitglieder/lastschriften/",
        "/admin/mitglieder/lastschriften/neu/",
        "/admin/mitglieder/lastschriften/ruecklastschriften/",
        f"/admin/mitglieder/lastschriften/{run.pk}/",
        f"/admin/mitglieder/lastschriften/{run.pk}/datei/",
    ]
    for client in (members_client, page_editor_client):
        for url in urls:
            assert client.get(url).status_code == 403, url
        for url in (f"/admin/mitglieder/lastschriften/{run.pk}/export/", "/admin/mitglieder/lastschriften/neu/"):
            assert client.post(url).status_code == 403, url
    assert "office-debits" not in members_client.get("/admin/").content.decode()
    from django.contrib.auth import get_user_model

    with schema_context("public"):
        get_user_model().objects.create_superuser(
            username="op@example.org", email="op@example.org", password="pw-12345678"
        )
    portal_client.post("/admin/login/", {"username": "op@example.org", "password": "pw-12345678"})
    for url in urls:
        assert portal_client.get(url).status_code == 404, url


# --- demo ---


@pytest.mark.django_db
def test_demo_club_gets_one_completed_run_with_one_return(club):
    from office.models import DebitLine, DebitRun, DebitRunStatus
    from office.services import demo

    club.slug = "chor-harmonie"  # the demo's members of that club, in alpha's schema (object only, not saved)
    today = datetime.date(2026, 12, 6)
    demo.office_demo_fill(club=club, today=today)
    assert demo.office_demo_debit_run(club=club, today=today) is True
    assert demo.office_demo_debit_run(club=club, today=today) is False  # idempotent
    with schema_context(club.schema_name):
        run = DebitRun.objects.get()
        assert run.status == DebitRunStatus.CLOSED and run.xml
        validate_pain008(run.xml.encode(), version=run.pain_version)
        assert DebitLine.objects.filter(status="returned").count() == 1


@pytest.mark.django_db
def test_run_pages_group_thousands_of_euros(club, board_client):
    """QA: the run's sum read '1200,00 €' where every other office page writes '1.200,00 €'."""
    _club_ready(club)
    with schema_context(club.schema_name):
        _mandate(_member(1, group=_group(amount="1200.00"), email="z@example.org"))
        run = _create_run(club)
        assert run.lines.get().amount == Decimal("1200.00")
    detail = board_client.get(f"/admin/mitglieder/lastschriften/{run.pk}/").content.decode()
    listing = board_client.get("/admin/mitglieder/lastschriften/").content.decode()
    assert "1.200,00 €" in detail and "1200,00" not in detail
    assert "1.200,00 €" in listing and "1200,00" not in listing
