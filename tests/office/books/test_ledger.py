"""Chart of accounts, income-surplus statement per sphere, § 64 (3) AO watch and cash audit (office/books)."""

import datetime
from decimal import Decimal

from office.books.chart import default_chart
from office.books.ledger import Booking, cash_audit, check_turnover, income_surplus
from office.books.spheres import Sphere

D = datetime.date
E = Decimal


def test_chart_compact_and_complete():
    chart = default_chart()
    assert 40 <= len(chart) <= 60
    for sphere in Sphere:
        kinds = {a.kind for a in chart if a.sphere == sphere}
        assert kinds == {"income", "expense"}, sphere
    assert {a.number for a in chart if a.kind == "money"} >= {"1000", "1200"}


def _bookings():
    return [
        Booking(D(2026, 1, 5), E("4800.00"), "2010", cost_centre="Fußball"),
        Booking(D(2026, 1, 6), E("-48.00"), "2010", cost_centre="Fußball", text="Rückerstattung"),
        Booking(D(2026, 2, 1), E("250.00"), "2030"),
        Booking(D(2026, 2, 2), E("-1200.00"), "2510", cost_centre="Fußball"),
        Booking(D(2026, 3, 1), E("12.34"), "3010"),
        Booking(D(2026, 5, 1), E("900.00"), "4010", cost_centre="Turnier"),
        Booking(D(2026, 5, 2), E("-300.00"), "4510", cost_centre="Turnier"),
        Booking(D(2026, 6, 1), E("3570.00"), "5010", cost_centre="Sommerfest"),
        Booking(D(2026, 6, 2), E("-1190.00"), "5510", cost_centre="Sommerfest"),
        Booking(D(2026, 6, 3), E("-500.00"), "1360", account="1200", text="an die Kasse"),  # transfer
        Booking(D(2026, 6, 3), E("500.00"), "1360", account="1000", text="von der Bank"),
        Booking(D(2026, 7, 1), E("100.00"), "2030", sphere=Sphere.PURPOSE_OPERATION),  # explicit sphere wins
        Booking(D(2025, 12, 31), E("999.00"), "2010"),  # other year
        Booking(D(2026, 8, 1), E("5.00"), "9999"),  # unknown category, no sphere
    ]


def test_income_surplus_per_sphere():
    statement = income_surplus(_bookings(), year=2026)
    ideal = statement.spheres[Sphere.IDEAL]
    assert (ideal.income, ideal.expense, ideal.result) == (E("5002.00"), E("1200.00"), E("3802.00"))
    assert ideal.lines["2010"].income == E("4752.00")
    assert statement.spheres[Sphere.ASSET_MANAGEMENT].result == E("12.34")
    purpose = statement.spheres[Sphere.PURPOSE_OPERATION]
    assert (purpose.income, purpose.expense) == (E("1000.00"), E("300.00"))
    commercial = statement.spheres[Sphere.COMMERCIAL]
    assert (commercial.income, commercial.expense, commercial.result) == (E("3570.00"), E("1190.00"), E("2380.00"))
    assert statement.result == E("3802.00") + E("12.34") + E("700.00") + E("2380.00")
    assert statement.cost_centres["Sommerfest"].income == E("3570.00")
    assert statement.booking_count == 13
    assert [b.category for b in statement.skipped] == ["9999"]
    assert statement.turnover.status == "ok"


def test_turnover_limit_gross_warning_and_flag():
    assert check_turnover(E("39999.99")).status == "ok"
    warning = check_turnover(E("40000.00"))
    assert (
        warning.status == "warning" and "80 %" in warning.message and "einschließlich Umsatzsteuer" in warning.message
    )
    assert check_turnover(E("50000.00")).status == "warning"  # at the limit: not exceeded ("nicht übersteigen")
    flagged = check_turnover(E("50000.01"))
    assert flagged.status == "exceeded" and "§ 64 Abs. 3 AO" in flagged.message and "50.000,00 €" in flagged.message
    bookings = [Booking(D(2026, 1, 1 + i % 28), E("1000.00"), "5010") for i in range(51)]
    assert income_surplus(bookings, year=2026).turnover.status == "exceeded"


def test_cash_audit():
    audit = cash_audit(
        _bookings(),
        year=2026,
        opening={"1200": E("10000.00"), "1000": E("150.00")},
        counted={"1200": E("15794.34"), "1000": E("600.00")},
    )
    bank, cash = {a.account: a for a in audit.accounts}["1200"], {a.account: a for a in audit.accounts}["1000"]
    assert bank.receipts == E("9637.34") and bank.payments == E("3238.00")
    assert bank.closing == E("16399.34")
    assert cash.closing == E("650.00") and cash.name == "Kasse"
    assert [a.account for a in audit.differences] == ["1000", "1200"]
    assert cash.difference == E("-50.00")
    assert audit.closing == audit.opening + audit.receipts - audit.payments
