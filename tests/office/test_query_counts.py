"""The debit run, the member list and the import read and write in bulk: their number of SQL statements
does not grow with the number of members (issue #12, benchmark targets; bench/office.py measures the time).
The member list's stamped table (office/views/listing.py) is the very HTML Wagtail's templates write."""

import datetime
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from django_tenants.utils import schema_context

from office.constants import MandateSequence, MemberStatus

CREDITOR_ID = "DE98ZZZ09999999999"
TODAY = datetime.date(2026, 12, 7)
RUNS = [  # period, collection day: a TARGET2 business day after the lead time
    ((datetime.date(2027, 1, 1), datetime.date(2027, 1, 31)), datetime.date(2027, 1, 15)),
    ((datetime.date(2028, 1, 1), datetime.date(2028, 1, 31)), datetime.date(2028, 1, 17)),
]


def _members_add(count: int, *, first: int, group, department=None, names=None) -> list:
    """`count` active members with an active mandate each, written in bulk (the services are measured)."""
    from office.models import Member, SepaMandate

    members = Member.objects.bulk_create(
        [
            Member(
                number=number,
                first_name=(names or {}).get(number, ("Erika", ""))[0],
                last_name=(names or {}).get(number, ("", f"Muster{number}"))[1],
                street="Hauptstraße",
                house_number=str(number),
                postal_code="12345",
                town="Musterstadt",
                joined_on=datetime.date(2020, 3, 1),
                status=MemberStatus.ACTIVE,
                fee_group=group,
            )
            for number in range(first, first + count)
        ]
    )
    if department is not None:
        department.members.add(*members)
    SepaMandate.objects.bulk_create(
        [
            SepaMandate(
                member=member,
                reference=f"M-{member.number:05d}-1",
                signed_on=datetime.date(2025, 6, 1),
                account_holder=f"{member.first_name} {member.last_name}",
                iban="DE02120300000000202051",
            )
            for member in members
        ]
    )
    return members


def _fee_group():
    from office.models import FeeGroup
    from office.services.fees import office_object_save

    return office_object_save(
        instance=FeeGroup(name="Erwachsene", amount=Decimal("120.00"), due_month=1, due_day=15), by=None
    )


class _CopiesCounted:
    """COPY statements (bulk writes) run inside; Django's query log does not see them."""

    def __enter__(self):
        import psycopg

        self.count, self._copy = 0, psycopg.Cursor.copy

        def copy(cursor, *args, **kwargs):
            self.count += 1
            return self._copy(cursor, *args, **kwargs)

        psycopg.Cursor.copy = copy
        return self

    def __exit__(self, *exc):
        import psycopg

        psycopg.Cursor.copy = self._copy

    def __len__(self):
        return self.count


def _run_counted(club, index: int) -> tuple[int, int, object]:
    """(statements of the create, statements of the export, the run); COPY statements included."""
    from office.services.debits import debit_run_create, debit_run_export

    (start, end), collect = RUNS[index]
    with CaptureQueriesContext(connection) as created, _CopiesCounted() as created_copies:
        run = debit_run_create(
            club=club, period_start=start, period_end=end, collection_date=collect, by=None, today=TODAY
        )
    with CaptureQueriesContext(connection) as exported, _CopiesCounted() as exported_copies:
        run = debit_run_export(run=run, club=club, by=None)
    assert len(created_copies) and len(exported_copies), "the bulk writes go by COPY"
    return len(created) + len(created_copies), len(exported) + len(exported_copies), run


@pytest.mark.django_db
def test_debit_run_statements_do_not_grow_with_the_members(club):
    from office.models import ChangeRecord, MemberAccountEntry, SepaMandate

    club.creditor_id = CREDITOR_ID
    club.iban = club.iban or "DE89370400440532013000"
    with schema_context(club.schema_name):
        group = _fee_group()
        _members_add(10, first=1, group=group)
        create_10, export_10, run_10 = _run_counted(club, 0)
        _members_add(90, first=11, group=group)
        create_100, export_100, run_100 = _run_counted(club, 1)

        assert run_10.lines.count() == 10 and run_100.lines.count() == 100
        assert (create_100, export_100) == (create_10, export_10), "statements grew with the members"
        assert create_10 + export_10 < 40
        # What the bulk writes did, as the one-by-one services did it: every payment booked with its
        # history record, each mandate marked used with its own, one record per run and action.
        assert MemberAccountEntry.objects.filter(kind="payment").count() == 110
        assert MemberAccountEntry.objects.filter(kind="due").count() == 110
        assert ChangeRecord.objects.filter(object_type="memberaccountentry", action="create").count() == 220
        assert ChangeRecord.objects.filter(object_type="sepamandate", action="debit").count() == 110
        assert ChangeRecord.objects.filter(object_type="debitrun").count() == 4
        record = ChangeRecord.objects.filter(object_type="sepamandate", action="debit").order_by("pk").first()
        assert record.changes["sequence"] == ["Erstlastschrift", "Folgelastschrift"]
        assert record.changes["last_used_on"] == ["", "15.01.2027"]
        assert set(SepaMandate.objects.values_list("sequence", flat=True)) == {MandateSequence.RECURRING}
        line = run_100.lines.order_by("pk").first()
        assert line.entries.count() == 1 and line.status == "collected"
        assert line.text.startswith(f"Mitgliedsnr. {line.member.number} Mitgliedsbeitrag Erwachsene")


@pytest.mark.django_db
def test_debit_run_takes_payments_and_the_latest_mandate_into_account(club):
    """The bulk reads pick what the per-member reads picked: the latest active mandate, the balance."""
    from office.constants import EntryKind
    from office.models import SepaMandate
    from office.services.fees import account_entry_add

    club.creditor_id = CREDITOR_ID
    club.iban = club.iban or "DE89370400440532013000"
    with schema_context(club.schema_name):
        group = _fee_group()
        paid, partly, newer = _members_add(3, first=1, group=group)
        for member, amount in ((paid, "120.00"), (partly, "20.00")):
            account_entry_add(
                member=member,
                data={"booked_on": datetime.date(2027, 1, 2), "kind": EntryKind.PAYMENT, "amount": Decimal(amount)},
                by=None,
            )
        latest = SepaMandate.objects.create(
            member=newer,
            reference="M-00003-2",
            signed_on=datetime.date(2025, 9, 1),
            account_holder="Neu",
            iban="DE89370400440532013000",
        )
        _created, _exported, run = _run_counted(club, 0)
        lines = {line.member_id: line for line in run.lines.all()}
    assert paid.pk not in lines
    assert lines[partly.pk].amount == Decimal("100.00")
    assert lines[newer.pk].mandate_id == latest.pk and lines[newer.pk].amount == Decimal("120.00")


def _listing_statements(client, params) -> tuple[int, int]:
    """(statements on the office's tables, all statements) of one request of the list.

    All statements vary a little with the platform's time-based caches (host table, crisis banner);
    the office's do not."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/mitglieder/", params)
    assert response.status_code == 200
    office = sum(1 for query in captured.captured_queries if '"office_' in query["sql"])
    return office, len(captured)


@pytest.mark.django_db
def test_member_list_statements_do_not_grow_with_the_members(club, board_client, office_data):
    group, department = office_data["fee_group"], office_data["department"]
    variants = [
        {},
        {"status": "active", "fee_group": group.pk},
        {"departments": department.pk, "age_from": 18, "age_to": 65},
        {"open_items": "on"},
        {"q": "Muster"},
    ]
    with schema_context(club.schema_name):
        _members_add(5, first=100, group=group, department=department)
    for params in variants:  # warm-up: caches of the admin
        board_client.get("/admin/mitglieder/", params)
    few = [_listing_statements(board_client, params) for params in variants]
    with schema_context(club.schema_name):
        _members_add(70, first=200, group=group, department=department)  # more than a page of 50
    many = [_listing_statements(board_client, params) for params in variants]
    assert [office for office, _all in many] == [office for office, _all in few]
    assert max(office for office, _all in many) <= 6 and max(total for _office, total in many) < 30


@pytest.mark.django_db
def test_member_list_filters_read_their_choices_once(club, board_client, office_data):
    """Department and fee group: one plain query each for the choices and the check of the chosen one
    (no server-side cursor, no second query); a choice that does not exist is refused as before."""
    from office.models import FeeGroup

    group, department = office_data["fee_group"], office_data["department"]
    with schema_context(club.schema_name):
        youth = FeeGroup.objects.create(name="Jugend", amount=Decimal("60.00"), due_month=1, due_day=15)
        _members_add(2, first=400, group=youth, names={400: ("Ida", "Jungmann"), 401: ("Ole", "Jungmann")})
    params = {"fee_group": youth.pk, "departments": department.pk}
    board_client.get("/admin/mitglieder/", params)
    with CaptureQueriesContext(connection) as captured:
        response = board_client.get("/admin/mitglieder/", {"fee_group": youth.pk})
    sqls = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in sqls if sql.startswith("DECLARE")]
    assert sum(1 for sql in sqls if 'FROM "office_feegroup"' in sql) == 1
    assert sum(1 for sql in sqls if 'FROM "office_department"' in sql) == 1
    table = _table(response.content.decode())
    assert "Jungmann" in table and "Zq9-Geheimmitglied" not in table
    table = _table(board_client.get("/admin/mitglieder/", {"fee_group": group.pk}).content.decode())
    assert "Jungmann" not in table and "Zq9-Geheimmitglied" in table
    for wrong in ({"fee_group": 99999}, {"departments": "abc"}, {"fee_group": f"{group.pk}.0"}):
        html = board_client.get("/admin/mitglieder/", wrong).content.decode()
        assert "w-field--error" in html and "Jungmann" in _table(html), wrong


def _table(html: str) -> str:
    body = html[html.index('<table class="listing') :]
    return body[: body.index("</table>")]


@pytest.mark.django_db
def test_member_list_table_is_the_templates_html(club, board_client, members_client, office_data, monkeypatch):
    from office.models import FeeGroup, Member
    from office.views import listing

    names = {300: ("Zoë", "O'Brien <b>"), 301: ("Jürgen", "Müller & Söhne"), 302: ("A", '"Quote"')}
    with schema_context(club.schema_name):
        _members_add(3, first=300, group=office_data["fee_group"], names=names)
        # Cells of every kind: a status label, markup in a town and a fee group, an empty town, an
        # amount owed (office_data's member: 120,00) and none.
        Member.objects.filter(number=300).update(status=MemberStatus.HONORARY, town="Köln <Süd> & Co")
        youth = FeeGroup.objects.create(name="Jugend & Familie <U18>", amount=Decimal("60.00"), due_month=1, due_day=15)
        Member.objects.filter(number=301).update(town="", fee_group=youth)
    frames, frame_of = [], listing.StampedTable._frame

    def frame(table, context):
        frames.append(frame_of(table, context))
        return frames[-1]

    monkeypatch.setattr(listing.StampedTable, "_frame", frame)
    for client in (board_client, members_client):
        # Twice: the second time the table's frame comes from the per-process memo.
        for params in ({}, {"q": "Müller"}, {"ordering": "-number"}, {"q": "Quote"}, {"ordering": "-balance"}) * 2:
            stamped = _table(client.get("/admin/mitglieder/", params).content.decode())
            monkeypatch.setattr(listing, "ENABLED", False)
            plain = _table(client.get("/admin/mitglieder/", params).content.decode())
            monkeypatch.setattr(listing, "ENABLED", True)
            assert stamped == plain
            assert "Zz9" not in stamped and str(listing._PK) not in stamped
    assert frames and all(frames), "the table was not stamped"
    assert "O&#x27;Brien &lt;b&gt;" in stamped or "Müller &amp; Söhne" in stamped
    assert re.search(r'href="/admin/mitglieder/edit/\d+/"', stamped)
    page = _table(board_client.get("/admin/mitglieder/").content.decode())
    for text in ("Köln &lt;Süd&gt; &amp; Co", "Jugend &amp; Familie &lt;U18&gt;", "Ehrenmitglied", "120,00"):
        assert text in page


def _import_csv(count: int, *, first: int) -> bytes:
    lines = ["Vorname;Nachname;Geburtsdatum;PLZ;Ort;Eintritt;IBAN;Mandatsdatum;Beitragsgruppe;Abteilung"]
    for i in range(first, first + count):
        lines.append(
            f"Vorname{i};Nachname{i};{1 + i % 28:02d}.05.1980;12345;Ort;01.01.2020;DE02120300000000202051;"
            f"01.02.2020;Erwachsene;{'Fußball' if i % 2 else 'Schach'}"
        )
    return "\r\n".join(lines).encode("cp1252")


@pytest.mark.django_db
def test_import_statements_do_not_grow_with_the_rows(club):
    from office.imports import guess_mapping, read_table
    from office.models import ChangeRecord, Member, SepaMandate
    from office.services.imports import members_import

    counts = []
    with schema_context(club.schema_name):
        _fee_group()
        for count, first in ((5, 1), (40, 100)):
            table = read_table(_import_csv(count, first=first), "mitglieder.csv")
            with CaptureQueriesContext(connection) as captured:
                report = members_import(table=table, mapping=guess_mapping(table.headers), dry_run=False, by=None)
            assert report.created == count, report.as_text()
            counts.append(len(captured))
        assert Member.objects.count() == 45 and SepaMandate.objects.count() == 45
        assert ChangeRecord.objects.filter(action="import").count() == 90
    # The first import also creates the two departments (one statement each).
    assert counts[1] <= counts[0]


@pytest.mark.django_db
def test_many_history_records_are_written_in_order_by_copy(club):
    """Above COPY_FROM records the history goes by COPY: the same rows, values and order as the ORM."""
    from django.contrib.auth import get_user_model

    from office.models import ChangeRecord
    from office.services.bulk import COPY_FROM
    from office.services.history import change_record_new, change_records_write, user_snapshot

    with schema_context(club.schema_name):
        group = _fee_group()
        members = _members_add(COPY_FROM + 5, first=1, group=group)
        author = user_snapshot(get_user_model()(pk=7, username="kasse"))
        records = [
            change_record_new(
                instance=member,
                action="debit",
                changes={"status": ["aktiv", "passiv"], "note": ["", 'Zoë "O\'Brien"\t\\ ü']},
                author=author,
                member_id=member.pk,
            )
            for member in members
        ]
        change_records_write(records)
        written = list(ChangeRecord.objects.filter(action="debit").order_by("pk"))
    assert [record.object_id for record in written] == [member.pk for member in members]
    first = written[0]
    assert (first.user_id, first.user_name, first.object_type, first.member_id) == (7, "kasse", "member", members[0].pk)
    assert first.object_repr == str(members[0]) and first.created_at is not None
    assert first.changes == {"status": ["aktiv", "passiv"], "note": ["", 'Zoë "O\'Brien"\t\\ ü']}
