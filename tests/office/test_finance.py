"""The club's books (issue #13) through the services: chart seeded per schema, bookings refused in closed
years (service and model), counter-bookings, income-surplus statement per sphere, year close, statement
import with proposals and their acceptance."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest
from django_tenants.utils import schema_context

D = Decimal


def _category(number):
    from office.models import LedgerCategory

    return LedgerCategory.objects.get(number=number)


def _account(number="1200"):
    from office.models import Account

    return Account.objects.get(number=number)


def _book(day, amount, category, **extra):
    from office.services.finance import booking_create

    data = {
        "booked_on": day,
        "amount": D(amount),
        "account": _account(extra.pop("account", "1200")),
        "text": extra.pop("text", "Test"),
        "category": _category(category),
        **extra,
    }
    return booking_create(data=data, by=None)


@pytest.mark.django_db
def test_chart_and_default_accounts_are_seeded_in_every_club(club, other_club):
    from office.books.chart import default_chart
    from office.models import Account, LedgerCategory

    for tenant in (club, other_club):
        with schema_context(tenant.schema_name):
            assert LedgerCategory.objects.count() == len(default_chart())
            assert set(Account.objects.values_list("number", flat=True)) >= {"1000", "1200"}


@pytest.mark.django_db
def test_closed_year_refuses_bookings_in_service_and_model(club):
    from office.models import Booking
    from office.services.finance import FinanceError, booking_update, year_close

    with schema_context(club.schema_name):
        booking = _book(datetime.date(2025, 3, 1), "120.00", "2010")
        year_close(year=2025, by=None)
        with pytest.raises(ValidationError) as error:
            _book(datetime.date(2025, 12, 31), "5.00", "2030")
        assert "2025 ist abgeschlossen" in str(error.value)
        with pytest.raises(ValidationError):
            booking_update(booking=booking, data={"text": "geändert"}, by=None)
        # The model's clean() refuses it too (a save that bypasses the service is caught by full_clean).
        stored = Booking.objects.get(pk=booking.pk)
        stored.text = "geändert"
        with pytest.raises(ValidationError):
            stored.full_clean()
        with pytest.raises(ValidationError):
            Booking(
                booked_on=datetime.date(2025, 6, 1),
                amount=D("1"),
                account=_account(),
                text="x",
                category=_category("2010"),
            ).full_clean()
        with pytest.raises(FinanceError):
            year_close(year=2025, by=None)
        # The next year was opened with the closing balance.
        from office.models import OpeningBalance

        assert OpeningBalance.objects.get(financial_year__year=2026, account=_account()).amount == D("120.00")


@pytest.mark.django_db
def test_cancel_makes_a_counter_booking_in_an_open_year(club):
    from office.services.finance import FinanceError, booking_cancel, income_surplus_for, year_close

    with schema_context(club.schema_name):
        booking = _book(datetime.date(2025, 5, 1), "-80.00", "3110" if _has("3110") else _expense_number())
        year_close(year=2025, by=None)
        counter = booking_cancel(booking=booking, on=datetime.date(2026, 1, 10), by=None)
        assert counter.amount == D("80.00") and counter.cancels == booking
        assert counter.booked_on.year == 2026 and counter.text.startswith("Storno:")
        booking.refresh_from_db()
        assert booking.cancelled_by == counter  # both kept
        with pytest.raises(FinanceError):
            booking_cancel(booking=booking, on=datetime.date(2026, 1, 11), by=None)
        with pytest.raises(FinanceError):
            booking_cancel(booking=counter, on=datetime.date(2026, 1, 11), by=None)
        assert income_surplus_for(year=2025).expense == D("80.00")  # the closed year is unchanged


def _has(number):
    from office.models import LedgerCategory

    return LedgerCategory.objects.filter(number=number).exists()


def _expense_number(sphere="ideell"):
    from office.models import LedgerCategory

    return LedgerCategory.objects.filter(kind="expense", sphere=sphere).first().number


def _income_number(sphere):
    from office.models import LedgerCategory

    return LedgerCategory.objects.filter(kind="income", sphere=sphere).first().number


@pytest.mark.django_db
def test_income_surplus_per_sphere_and_turnover_warning(club):
    from office.books.spheres import Sphere
    from office.services.finance import income_surplus_for

    with schema_context(club.schema_name):
        _book(datetime.date(2026, 1, 15), "1200.00", "2010")
        _book(datetime.date(2026, 2, 1), "-300.00", _expense_number("ideell"))
        _book(datetime.date(2026, 6, 20), "42000.00", _income_number("wirtschaftlich"), cost_centre="Sommerfest")
        _book(datetime.date(2026, 6, 21), "-2000.00", _expense_number("wirtschaftlich"), cost_centre="Sommerfest")
        _book(datetime.date(2026, 7, 1), "10.00", _income_number("vermoegen"))
        _book(datetime.date(2027, 1, 1), "999.00", "2010")  # another year
        statement = income_surplus_for(year=2026)
        assert statement.spheres[Sphere.IDEAL].result == D("900.00")
        assert statement.spheres[Sphere.COMMERCIAL].income == D("42000.00")
        assert statement.spheres[Sphere.ASSET_MANAGEMENT].income == D("10.00")
        assert statement.result == D("40910.00")
        assert statement.turnover.status == "warning"
        assert statement.cost_centres["Sommerfest"].income == D("42000.00")


CSV = (
    b"Buchungstag;Valutadatum;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Verwendungszweck;Betrag\n"
    b"10.03.2026;10.03.2026;Erika Spenderin;DE02120300000000202051;Spende Jugendarbeit;50,00\n"
    b"11.03.2026;11.03.2026;Stadtwerke;DE89370400440532013000;Strom Vereinsheim;-45,10\n"
)


@pytest.mark.django_db
def test_statement_import_proposes_and_accepting_books(club):
    from office.models import Donation, Donor, StatementEntry
    from office.services.bank_statements import statement_entry_accept, statement_import
    from office.services.finance import FinanceError

    with schema_context(club.schema_name):
        result = statement_import(account=_account(), data=CSV, filename="umsaetze.csv", by=None)
        assert result.counts == {"donation": 1, "unmatched": 1}
        donation_line, other = StatementEntry.objects.filter(statement=result.statement).order_by("position")
        assert donation_line.kind == "donation" and donation_line.category_number == "2030"
        booking = statement_entry_accept(entry=donation_line, by=None)
        assert booking.amount == D("50.00") and booking.category.number == "2030"
        donor = Donor.objects.get(name="Erika Spenderin")
        assert Donation.objects.get(donor=donor).booking == booking
        with pytest.raises(FinanceError):  # no category proposed for the unmatched line
            statement_entry_accept(entry=other, by=None)
        booking = statement_entry_accept(entry=other, category=_category(_expense_number()), by=None)
        assert booking.amount == D("-45.10")
        with pytest.raises(FinanceError):
            statement_import(account=_account(), data=b"kein Kontoauszug", filename="x.txt", by=None)
