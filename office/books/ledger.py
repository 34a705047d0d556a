"""Bookings, the income-surplus statement (Einnahmen-Überschuss-Rechnung) per sphere and the cash audit summary.

A :class:`Booking` is one movement of money on one money account (bank, cash box), signed: positive is
money in, negative money out. Its category is an account of the chart; income categories add to the
sphere's income (a negative amount there is a refund or cancellation and lowers it), expense categories
to its expenses. Transfers between the club's own accounts (transit) are no income and no expense.

The commercial sphere's takings are watched against § 64 Abs. 3 AO: the amounts are gross (VAT
included), as the law counts them; from 80 % of the limit a warning, above it a flag.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from office.money import euro

from .chart import Account, chart_by_number
from .spheres import COMMERCIAL_TURNOVER_LIMIT, SPHERE_ORDER, TURNOVER_WARNING_SHARE, Sphere

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Booking:
    date: datetime.date
    amount: Decimal  # gross; > 0 money in, < 0 money out
    category: str  # account number of the chart
    sphere: Sphere | None = None  # None: the category's sphere
    account: str = "1200"  # the money account moved
    cost_centre: str = ""  # department, event …
    text: str = ""
    counterparty: str = ""


@dataclass
class CategoryLine:
    category: str
    name: str
    income: Decimal = ZERO
    expense: Decimal = ZERO


@dataclass
class SphereResult:
    sphere: Sphere
    income: Decimal = ZERO
    expense: Decimal = ZERO
    lines: dict[str, CategoryLine] = field(default_factory=dict)

    @property
    def result(self) -> Decimal:
        return self.income - self.expense

    @property
    def label(self) -> str:
        return str(self.sphere.label)


@dataclass(frozen=True)
class TurnoverCheck:
    """The commercial sphere's gross takings against § 64 Abs. 3 AO; ``status`` is "ok", "warning" or "exceeded"."""

    gross: Decimal
    limit: Decimal
    share: Decimal
    status: str
    message: str


@dataclass
class IncomeSurplusStatement:
    year: int
    spheres: dict[Sphere, SphereResult]
    cost_centres: dict[str, CategoryLine]
    turnover: TurnoverCheck
    booking_count: int
    skipped: list[Booking]  # bookings with a category the chart does not know and no sphere of their own

    @property
    def income(self) -> Decimal:
        return sum((s.income for s in self.spheres.values()), ZERO)

    @property
    def expense(self) -> Decimal:
        return sum((s.expense for s in self.spheres.values()), ZERO)

    @property
    def result(self) -> Decimal:
        return self.income - self.expense


def check_turnover(gross: Decimal, *, limit: Decimal = COMMERCIAL_TURNOVER_LIMIT) -> TurnoverCheck:
    """Warn from 80 % of the limit, flag above it (the limit itself is still fine: "nicht übersteigen")."""
    share = (gross / limit).quantize(Decimal("0.0001")) if limit else Decimal("0")
    if gross > limit:
        status = "exceeded"
        message = (
            f"Die Einnahmen des wirtschaftlichen Geschäftsbetriebs (einschließlich Umsatzsteuer) betragen "
            f"{euro(gross)} und übersteigen die Besteuerungsgrenze von {euro(limit)} (§ 64 Abs. 3 AO): "
            "Körperschaft- und Gewerbesteuer können anfallen. Bitte mit der Steuerberatung sprechen."
        )
    elif gross >= limit * TURNOVER_WARNING_SHARE:
        status = "warning"
        message = (
            f"Die Einnahmen des wirtschaftlichen Geschäftsbetriebs (einschließlich Umsatzsteuer) haben mit "
            f"{euro(gross)} {share * 100:.0f} % der Besteuerungsgrenze von {euro(limit)} erreicht "
            "(§ 64 Abs. 3 AO)."
        )
    else:
        status, message = "ok", ""
    return TurnoverCheck(gross, limit, share, status, message)


def income_surplus(
    bookings: Iterable[Booking],
    *,
    year: int,
    chart: tuple[Account, ...] | None = None,
    limit: Decimal = COMMERCIAL_TURNOVER_LIMIT,
) -> IncomeSurplusStatement:
    """The statement of ``year``: income, expenses and result per sphere, per category and per cost centre."""
    accounts = chart_by_number(chart)
    spheres = {s: SphereResult(s) for s in SPHERE_ORDER}
    centres: dict[str, CategoryLine] = {}
    skipped: list[Booking] = []
    count = 0
    for booking in bookings:
        if booking.date.year != year:
            continue
        count += 1
        account = accounts.get(booking.category)
        if account is not None and account.kind in ("money", "transit"):
            continue
        sphere = booking.sphere or (account.sphere if account else None)
        if sphere is None:
            skipped.append(booking)
            continue
        is_income = account.is_income if account else booking.amount > 0
        result = spheres[sphere]
        line = result.lines.get(booking.category)
        if line is None:
            line = result.lines[booking.category] = CategoryLine(booking.category, account.name if account else "")
        centre = centres.get(booking.cost_centre)
        if centre is None:
            centre = centres[booking.cost_centre] = CategoryLine(booking.cost_centre, booking.cost_centre)
        if is_income:
            result.income += booking.amount
            line.income += booking.amount
            centre.income += booking.amount
        else:
            result.expense -= booking.amount
            line.expense -= booking.amount
            centre.expense -= booking.amount
    for result in spheres.values():
        result.lines = dict(sorted(result.lines.items()))
    turnover = check_turnover(spheres[Sphere.COMMERCIAL].income, limit=limit)
    return IncomeSurplusStatement(year, spheres, dict(sorted(centres.items())), turnover, count, skipped)


# --- cash audit --------------------------------------------------------------------------------------


@dataclass
class AccountBalance:
    account: str
    name: str
    opening: Decimal = ZERO
    receipts: Decimal = ZERO
    payments: Decimal = ZERO
    counted: Decimal | None = None  # balance on the bank statement / counted in the cash box at year end
    bookings: int = 0

    @property
    def closing(self) -> Decimal:
        return self.opening + self.receipts - self.payments

    @property
    def difference(self) -> Decimal | None:
        return None if self.counted is None else self.counted - self.closing


@dataclass
class CashAudit:
    year: int
    accounts: list[AccountBalance]

    @property
    def opening(self) -> Decimal:
        return sum((a.opening for a in self.accounts), ZERO)

    @property
    def receipts(self) -> Decimal:
        return sum((a.receipts for a in self.accounts), ZERO)

    @property
    def payments(self) -> Decimal:
        return sum((a.payments for a in self.accounts), ZERO)

    @property
    def closing(self) -> Decimal:
        return sum((a.closing for a in self.accounts), ZERO)

    @property
    def differences(self) -> list[AccountBalance]:
        """Accounts whose counted balance differs from the books: what the auditors must ask about."""
        return [a for a in self.accounts if a.difference not in (None, ZERO)]


def cash_audit(
    bookings: Iterable[Booking],
    *,
    year: int,
    opening: dict[str, Decimal],
    counted: dict[str, Decimal] | None = None,
    chart: tuple[Account, ...] | None = None,
) -> CashAudit:
    """Opening balance, receipts, payments and closing balance of every money account in ``year``."""
    accounts = chart_by_number(chart)
    balances: dict[str, AccountBalance] = {}

    def balance(number: str) -> AccountBalance:
        if number not in balances:
            known = accounts.get(number)
            balances[number] = AccountBalance(number, known.name if known else number, opening.get(number, ZERO))
        return balances[number]

    for number in opening:
        balance(number)
    for booking in bookings:
        if booking.date.year != year:
            continue
        entry = balance(booking.account)
        entry.bookings += 1
        if booking.amount >= 0:
            entry.receipts += booking.amount
        else:
            entry.payments -= booking.amount
    for number, value in (counted or {}).items():
        balance(number).counted = value
    return CashAudit(year, [balances[n] for n in sorted(balances)])


def group_by(bookings: Iterable[Booking], key) -> dict:
    """Small helper for reports: bookings grouped by ``key(booking)``, in first-seen order."""
    groups: dict = defaultdict(list)
    for booking in bookings:
        groups[key(booking)].append(booking)
    return dict(groups)
