"""The debit run writes its account entries and history from plain rows (office/services/debit_rows.py,
`account_entry_rows_add`): the records say exactly what the one-by-one services' snapshot and diff of
the same objects say."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from office.constants import MandateSequence

CREDITOR_ID = "DE98ZZZ09999999999"


@pytest.mark.django_db
def test_entries_and_mandates_of_a_run_have_the_history_of_the_one_by_one_services(club):
    from office.models import ChangeRecord, FeeGroup, MemberAccountEntry, SepaMandate
    from office.services.debits import debit_run_create, debit_run_export
    from office.services.fees import office_object_save
    from office.services.history import diff, snapshot
    from office.services.members import member_create
    from office.services.sepa import mandate_create, mandate_update

    club.creditor_id = CREDITOR_ID
    club.iban = club.iban or "DE89370400440532013000"
    with schema_context(club.schema_name):
        group = office_object_save(
            instance=FeeGroup(name="Förderer", amount=Decimal("1200.00"), admission_fee=Decimal("15.50")), by=None
        )
        people = []
        for number, (title, first, last) in enumerate(
            [("Dr.", "Jürgen", "Müller-Lüdenscheidt"), ("", "Özlem", "Yılmaz"), ("", "Anna", "ÄRGER")], start=1
        ):
            member = member_create(
                data={
                    "number": number,
                    "title": title,
                    "first_name": first,
                    "last_name": last,
                    "street": "Hauptstraße",
                    "postal_code": "12345",
                    "town": "Musterstadt",
                    "joined_on": datetime.date(2027, 1, 3) if number == 2 else datetime.date(2020, 3, 1),
                    "fee_group": group,
                },
                by=None,
            )
            mandate = mandate_create(
                member=member,
                data={
                    "signed_on": datetime.date(2025, 6, 1),
                    "account_holder": f"{first} {last}",
                    "iban": "DE02120300000000202051",
                },
                by=None,
            )
            people.append((member, mandate))
        # An amendment (new IBAN and reference) and a mandate used before.
        mandate_update(mandate=people[0][1], data={"iban": "DE89370400440532013000", "reference": "M-NEU-1"}, by=None)
        SepaMandate.objects.filter(pk=people[1][1].pk).update(
            last_used_on=datetime.date(2026, 1, 15), sequence=MandateSequence.RECURRING
        )
        before = {mandate.pk: SepaMandate.objects.get(pk=mandate.pk) for _member, mandate in people}
        run = debit_run_create(
            club=club,
            period_start=datetime.date(2027, 1, 1),
            period_end=datetime.date(2027, 1, 31),
            collection_date=datetime.date(2027, 1, 15),
            by=None,
            today=datetime.date(2026, 12, 7),
        )
        debit_run_export(run=run, club=club, by=None)

        entries = ChangeRecord.objects.filter(object_type="memberaccountentry", action="create")
        assert {record.changes["kind"][1] for record in entries} == {"Beitrag fällig", "Zahlung"}
        assert entries.count() == 2 * 3 + 1  # dues, payments, one admission fee
        for record in entries:
            entry = MemberAccountEntry.objects.select_related("member", "mandate").get(pk=record.object_id)
            assert record.changes == diff({}, snapshot(entry))
            assert record.object_repr == str(entry)[:200]
            assert record.member_id == entry.member_id
        for record in ChangeRecord.objects.filter(object_type="sepamandate", action="debit"):
            old, new = before[record.object_id], SepaMandate.objects.get(pk=record.object_id)
            changes = diff(snapshot(old), snapshot(new))
            changes.pop("member", None)
            assert record.changes == changes
            assert record.object_repr == str(new) and record.member_id == new.member_id
        assert "1.200,00" in entries.filter(changes__kind__1="Zahlung").first().object_repr


@pytest.mark.django_db
def test_entry_rows_are_refused_as_full_clean_refuses_an_entry(club):
    from django.core.exceptions import ValidationError

    from office.constants import EntryKind
    from office.models import MemberAccountEntry
    from office.services.fees import EntryRow, account_entry_rows_add
    from office.services.members import member_create

    with schema_context(club.schema_name):
        member = member_create(
            data={"number": 1, "first_name": "Erika", "last_name": "Muster", "joined_on": datetime.date(2020, 1, 1)},
            by=None,
        )

        def row(**changes):
            values = {"member": member, "member_id": member.pk, "booked_on": datetime.date(2027, 1, 1),
                      "kind": EntryKind.PAYMENT, "amount": Decimal("1.00"), "text": "Zahlung"}  # fmt: skip
            return EntryRow(**{**values, **changes})

        for bad, field in ((row(amount=Decimal("0.00")), "amount"), (row(text="x" * 141), "text"),
                           (row(kind="gift"), "kind"), (row(amount=Decimal("1.001")), "amount")):  # fmt: skip
            with pytest.raises(ValidationError) as error:
                account_entry_rows_add(rows=[row(), bad], by=None)
            assert field in error.value.message_dict
        assert not MemberAccountEntry.objects.exists()
        (booked,) = account_entry_rows_add(rows=[row()], by=None)
        assert MemberAccountEntry.objects.get().pk == booked.pk
