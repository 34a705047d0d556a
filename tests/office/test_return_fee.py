"""A returned debit's bank fee: passed on to the member (an open item, named in the reminder) or borne
by the club, as the club's setting "Bankgebühr einer Rücklastschrift dem Mitglied berechnen" says;
amounts in the reminder written the German way."""

from decimal import Decimal

from django.core import mail

import pytest
from django_tenants.utils import schema_context

from office.constants import EntryKind
from tests.office.test_debits import CREDITOR_ID, _create_run, _group, _mandate, _member


def _returned(club, *, fee_to_member: bool):
    from office.models import MemberAccountEntry
    from office.selectors import member_balance
    from office.services.debit_returns import debit_returns_import
    from office.services.debits import debit_run_export

    club.creditor_id = CREDITOR_ID
    club.iban = club.iban or "DE89370400440532013000"
    club.sepa_return_fee_to_member = fee_to_member
    with schema_context(club.schema_name):
        member = _member(1, group=_group(amount="1200.00"), email="zora@example.org")
        _mandate(member)
        line = debit_run_export(run=_create_run(club), club=club, by=None).lines.get()
        camt_csv = (
            "Buchungstag;Name Zahlungsbeteiligter;Buchungstext;Verwendungszweck;Betrag;Waehrung;Gebühr\n"
            f"20.01.2027;Zora;Retoure SEPA Lastschrift;EREF+{line.end_to_end_id} RTRN AM04;-1203,50;EUR;-3,50\n"
        ).encode()
        debit_returns_import(data=camt_csv, club=club, by=None)
        fees = MemberAccountEntry.objects.filter(member=member, kind=EntryKind.FEE).count()
        return fees, member_balance(member), mail.outbox[-1].body


@pytest.mark.django_db
def test_fee_passed_on_by_default(club):
    fees, balance, body = _returned(club, fee_to_member=True)
    assert fees == 1 and balance == Decimal("1203.50")
    assert "1.200,00 €" in body and "3,50 €" in body and "1.203,50 €" in body


@pytest.mark.django_db
def test_fee_borne_by_the_club(club):
    fees, balance, body = _returned(club, fee_to_member=False)
    assert fees == 0 and balance == Decimal("1200.00")
    assert "Bankgebühr" not in body and "1.200,00 €" in body
