"""Donations and receipts (issue #13): the demo donors, `manage.py donation_receipts`, the refusal rules
through the service, numbering, the kept duplicate and sending by e-mail."""

import datetime
import io
from decimal import Decimal

from django.core import mail
from django.core.management import call_command

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

D = Decimal
TODAY = datetime.date(2027, 2, 1)


def tax_data(**overrides):
    from office.services.donations import office_settings_update

    data = {
        "tax_office": "Finanzamt Musterstadt",
        "tax_number": "12/345/67890",
        "purposes": ["sport"],
        "notice_kind": "freistellungsbescheid",
        "notice_date": datetime.date(2025, 3, 15),
        "assessment_period": "2021 bis 2023",
        "machine_made": True,
        "machine_notified_on": datetime.date(2025, 4, 1),
        **overrides,
    }
    return office_settings_update(data=data, by=None)


def donor(name="Erika Spenderin", email="erika@example.org"):
    from office.services.donations import donor_create

    return donor_create(
        data={"name": name, "street": "Lindenweg 7", "postal_code": "12345", "town": "Musterstadt", "email": email},
        by=None,
    )


def give(who, day, amount, **extra):
    from office.services.donations import donation_create

    return donation_create(donor=who, data={"donated_on": day, "amount": D(amount), **extra}, by=None)


@pytest.mark.django_db
def test_demo_donors_and_the_command_write_one_page_receipts(club, tmp_path, monkeypatch):
    from office.services import finance_demo

    monkeypatch.setitem(finance_demo.PURPOSES, club.slug, ["sport", "jugend_altenhilfe"])
    assert finance_demo.finance_demo_fill(club=club, today=TODAY) > 0
    assert finance_demo.finance_demo_fill(club=club, today=TODAY) == 0  # idempotent
    out = io.StringIO()
    call_command("donation_receipts", club=club.slug, year=2026, out=str(tmp_path), stdout=out)
    files = sorted(tmp_path.glob("*.pdf"))
    assert files and f"{len(files)} Zuwendungsbestätigungen 2026" in out.getvalue()
    collective = 0
    for path in files:
        reader = PdfReader(path)
        text = reader.pages[0].extract_text()
        assert "Finanzamt" in text
        assert "Sports" in text  # the purpose, in the template's genitive
        if "Sammelbestätigung" in text:
            collective += 1
            assert len(reader.pages) == 2  # the receipt on one page, the annex on the next
        else:
            assert len(reader.pages) == 1
        assert "Euro" in text  # the amount in words
    assert collective >= 1
    # A second run issues nothing new and writes the same duplicates.
    again = tmp_path / "again"
    call_command("donation_receipts", club=club.slug, year=2026, out=str(again), stdout=io.StringIO())
    assert sorted(p.name for p in again.glob("*.pdf")) == [p.name for p in files]


@pytest.mark.django_db
def test_command_refuses_an_unknown_club(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("donation_receipts", club="gibt-es-nicht", year=2026, out=str(tmp_path))


@pytest.mark.django_db
def test_refusal_rules_numbering_and_sending(club):
    from office.models import DonationReceipt
    from office.services.donations import ReceiptRefusal, office_settings_update, receipt_issue, receipt_send

    with schema_context(club.schema_name):
        tax_data()
        erika = donor()
        fee = give(erika, datetime.date(2026, 1, 15), "120.00", kind="fee")
        with pytest.raises(ReceiptRefusal, match="§ 10b Abs. 1 Satz 8 EStG"):
            receipt_issue(club=club, donation=fee, by=None, issued_on=TODAY)
        late = give(erika, datetime.date(2030, 3, 16), "10.00")
        with pytest.raises(ReceiptRefusal, match="§ 63 Abs. 5 AO"):
            receipt_issue(club=club, donation=late, by=None, issued_on=datetime.date(2030, 4, 1))
        first = receipt_issue(
            club=club, donation=give(erika, datetime.date(2026, 5, 1), "50.00"), by=None, issued_on=TODAY
        )
        second = receipt_issue(
            club=club, donation=give(erika, datetime.date(2026, 6, 1), "25.00"), by=None, issued_on=TODAY
        )
        assert (first.number, second.number) == ("ZB-2027-0001", "ZB-2027-0002")
        assert bytes(DonationReceipt.objects.get(pk=first.pk).pdf).startswith(b"%PDF")
        with pytest.raises(ReceiptRefusal, match="schon eine Bestätigung"):
            receipt_issue(club=club, donation=first.donations.get(), by=None, issued_on=TODAY)
        sent = receipt_send(club=club, receipt=first, by=None)
        assert sent.sent_to == "erika@example.org" and sent.sent_at
        assert mail.outbox[-1].attachments[0][0] == first.filename
        assert mail.outbox[-1].attachments[0][2] == "application/pdf"
        office_settings_update(data={"machine_made": False}, by=None)
        with pytest.raises(ReceiptRefusal, match="maschinell"):
            receipt_send(club=club, receipt=second, by=None)


@pytest.mark.django_db
def test_sammelbestaetigungen_issued_next_year_get_distinct_numbers(club):
    """Sammelbestätigungen keep the year of their donations but are numbered in the year of issue: the
    next number is taken from the numbers, so two of them (and a single receipt after them) never collide."""
    from office.models import DonationReceipt
    from office.services.donations import receipt_issue, receipts_issue_year

    with schema_context(club.schema_name):
        tax_data()
        for name in ("Anna Gönnerin", "Berta Gönnerin"):
            who = donor(name=name)
            give(who, datetime.date(2026, 3, 1), "20.00")
            give(who, datetime.date(2026, 9, 1), "30.00")
        result = receipts_issue_year(club=club, year=2026, by=None, issued_on=TODAY)
        assert not result.refused
        assert sorted(r.number for r in result.issued) == ["ZB-2027-0001", "ZB-2027-0002"]
        assert {r.year for r in result.issued} == {2026}  # listed with the year of the donations
        single = receipt_issue(
            club=club, donation=give(donor(name="Clara"), datetime.date(2027, 1, 5), "10.00"), by=None, issued_on=TODAY
        )
        assert single.number == "ZB-2027-0003"
        assert DonationReceipt.objects.count() == 3


@pytest.mark.django_db
def test_year_issue_in_batches_numbers_without_gaps_when_one_is_refused(club, monkeypatch):
    """receipts_issue_year renders receipts in batches (one WeasyPrint document split per receipt): a receipt
    the layout refuses takes no number, the ones after it are numbered again; each PDF is its own receipt."""
    from office.receipts.errors import ReceiptTooLong
    from office.services import donations as service

    render = service.render_receipts_pdfs

    def refuse_berta(values, **kwargs):
        pdfs = render(values, **kwargs)
        return [ReceiptTooLong("zu lang") if v.donor.name == "Berta Gönnerin" else p for v, p in zip(values, pdfs)]

    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    monkeypatch.setattr(service, "render_receipts_pdfs", refuse_berta)
    with schema_context(club.schema_name):
        tax_data()
        names = ("Anna Gönnerin", "Berta Gönnerin", "Clara Gönnerin", "Dora Gönnerin", "Emil Gönner")
        for i, name in enumerate(names):
            who = donor(name=name)
            give(who, datetime.date(2026, 3, 1), f"{20 + i}.00")
            give(who, datetime.date(2026, 9, 1), "30.00")
        result = service.receipts_issue_year(club=club, year=2026, by=None, issued_on=TODAY)
        assert [r.donor.name for r in result.refused] == ["Berta Gönnerin"]
        issued = {r.donor.name: r.number for r in result.issued}
        assert issued == {
            "Anna Gönnerin": "ZB-2027-0001",
            "Clara Gönnerin": "ZB-2027-0002",
            "Dora Gönnerin": "ZB-2027-0003",
            "Emil Gönner": "ZB-2027-0004",
        }
        for receipt in result.issued:
            reader = PdfReader(io.BytesIO(bytes(receipt.pdf)))
            assert len(reader.pages) == 2 and reader.metadata.title == receipt.number
            text = " ".join(reader.pages[0].extract_text().split())
            assert receipt.donor.name in text and receipt.number in text
            assert "Sammelbestätigung" in text
