"""Reads of the club office: the filtered member list, balances, census counts, birthdays and jubilees,
and the history as a given user may see it (bank data masked without `office.view_bank_data`)."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from .constants import AGE_GROUPS, BANK_FIELDS, CREDIT_KINDS, CURRENT_STATUSES, JUBILEE_YEARS, Gender, MandateStatus
from .models import ChangeRecord, Department, Member, MemberAccountEntry, SepaMandate

BANK_PERMISSION = "office.view_bank_data"
MASK = "••••"


def user_sees_bank_data(user) -> bool:
    return bool(user and user.has_perm(BANK_PERMISSION))


def _balance_expression():
    signed = Case(
        When(kind__in=CREDIT_KINDS, then=-F("amount")),
        default=F("amount"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    entries = (
        MemberAccountEntry.objects.filter(member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(total=Sum(signed))
        .values("total")
    )
    return Coalesce(Subquery(entries), Value(Decimal("0")), output_field=DecimalField(max_digits=12, decimal_places=2))


def members_with_balance(queryset: QuerySet | None = None, *, bank: bool = True) -> QuerySet:
    """Members annotated with `balance` (what they owe; negative: credit) and, with `bank`, their
    active mandate's IBAN (`active_iban`)."""
    queryset = Member.objects.all() if queryset is None else queryset
    queryset = queryset.select_related("fee_group").annotate(balance=_balance_expression())
    if not bank:
        return queryset
    active_iban = SepaMandate.objects.filter(member=OuterRef("pk"), status=MandateStatus.ACTIVE).order_by("-signed_on")
    return queryset.annotate(active_iban=Subquery(active_iban.values("iban")[:1]))


def birth_date_range_for_age(*, age_from: int | None, age_to: int | None, on: datetime.date) -> Q:
    """Members aged age_from..age_to (inclusive) on the given day, as a birth-date condition."""
    condition = Q()
    if age_from is not None:
        condition &= Q(birth_date__lte=_years_before(on, age_from))
    if age_to is not None:
        condition &= Q(birth_date__gt=_years_before(on, age_to + 1))
    return condition


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def member_list(
    *,
    search: str = "",
    statuses: list[str] | None = None,
    department: Department | None = None,
    fee_group=None,
    age_from: int | None = None,
    age_to: int | None = None,
    joined_from: datetime.date | None = None,
    joined_to: datetime.date | None = None,
    open_items: bool = False,
    on: datetime.date | None = None,
) -> QuerySet:
    """The member register filtered as the list page filters it."""
    on = on or datetime.date.today()
    queryset = members_with_balance()
    if search:
        query = Q(first_name__icontains=search) | Q(last_name__icontains=search) | Q(email__icontains=search)
        query |= Q(town__icontains=search)
        if search.isdigit():
            query |= Q(number=int(search))
        queryset = queryset.filter(query)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if department is not None:
        queryset = queryset.filter(departments=department)
    if fee_group is not None:
        queryset = queryset.filter(fee_group=fee_group)
    if age_from is not None or age_to is not None:
        queryset = queryset.filter(birth_date_range_for_age(age_from=age_from, age_to=age_to, on=on))
    if joined_from:
        queryset = queryset.filter(joined_on__gte=joined_from)
    if joined_to:
        queryset = queryset.filter(joined_on__lte=joined_to)
    if open_items:
        queryset = queryset.filter(balance__gt=0)
    return queryset.distinct() if department is not None else queryset


def member_balance(member: Member) -> Decimal:
    return members_with_balance(Member.objects.filter(pk=member.pk)).get().balance


# --- census (Bestandserhebung) -----------------------------------------------------------------------


@dataclass
class Census:
    on: datetime.date
    total: int
    # [(age group label, {gender: count}, total)]; gender "" means not given
    by_age: list[tuple[str, dict[str, int], int]]
    by_gender: dict[str, int]
    by_department: list[tuple[str, int]]
    without_birth_date: int


def census_counts(*, on: datetime.date) -> Census:
    """Current members on the given day, counted by age group × gender, gender and department."""
    current = Member.objects.filter(status__in=CURRENT_STATUSES, joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )
    rows = list(current.values_list("birth_date", "gender"))
    genders = [value for value, _label in Gender.choices] + [""]
    by_age = []
    for label, low, high in AGE_GROUPS:
        counts = Counter(
            gender
            for birth, gender in rows
            if birth and low <= _age(birth, on) and (high is None or _age(birth, on) <= high)
        )
        by_age.append((label, {g: counts.get(g, 0) for g in genders}, sum(counts.values())))
    gender_counts = Counter(gender for _birth, gender in rows)
    by_department = [
        (name, count)
        for name, count in Department.objects.order_by("name")
        .values_list("name")
        .annotate(count=_count_in(current))
        .values_list("name", "count")
    ]
    return Census(
        on=on,
        total=len(rows),
        by_age=by_age,
        by_gender={g: gender_counts.get(g, 0) for g in genders},
        by_department=by_department,
        without_birth_date=sum(1 for birth, _gender in rows if not birth),
    )


def _count_in(members: QuerySet):
    from django.db.models import Count

    return Count("members", filter=Q(members__in=members.values("pk")), distinct=True)


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# --- birthdays and jubilees ------------------------------------------------------------------------------


@dataclass
class Anniversary:
    member: Member
    day: datetime.date
    years: int


def _anniversary(start: datetime.date, end: datetime.date, origin: datetime.date) -> datetime.date | None:
    for year in range(start.year, end.year + 1):
        try:
            day = origin.replace(year=year)
        except ValueError:
            day = origin.replace(year=year, day=28)
        if start <= day <= end:
            return day
    return None


def birthdays(*, start: datetime.date, days: int = 30) -> list[Anniversary]:
    """Current members whose birthday falls within `days` days from `start`, in date order."""
    end = start + datetime.timedelta(days=days - 1)
    found = []
    for member in Member.objects.filter(status__in=CURRENT_STATUSES, birth_date__isnull=False):
        day = _anniversary(start, end, member.birth_date)
        if day:
            found.append(Anniversary(member, day, day.year - member.birth_date.year))
    return sorted(found, key=lambda a: (a.day, a.member.last_name))


def jubilees(*, year: int, years: tuple[int, ...] = JUBILEE_YEARS) -> list[Anniversary]:
    """Current members whose membership has a round anniversary (25, 40, 50 years) in `year`."""
    found = []
    for member in Member.objects.filter(status__in=CURRENT_STATUSES, joined_on__year__in=[year - y for y in years]):
        day = _anniversary(datetime.date(year, 1, 1), datetime.date(year, 12, 31), member.joined_on)
        found.append(Anniversary(member, day, year - member.joined_on.year))
    return sorted(found, key=lambda a: (a.day, a.member.last_name))


# --- history and account ---------------------------------------------------------------------------------


def member_history(*, member: Member, user, limit: int = 200) -> list[ChangeRecord]:
    """The member's changes and those of their mandates and bookings; bank data masked without permission.

    Without the bank permission, changes of mandates are left out entirely (their existence is bank data).
    """
    records = ChangeRecord.objects.filter(Q(member_id=member.pk) | Q(object_type="member", object_id=member.pk))
    if not user_sees_bank_data(user):
        records = records.exclude(object_type="sepamandate")
    records = list(records[:limit])
    if not user_sees_bank_data(user):
        for record in records:
            record.changes = {
                name: ([MASK, MASK] if name in BANK_FIELDS else values) for name, values in record.changes.items()
            }
    return records


def object_history(*, instance, limit: int = 100) -> QuerySet:
    return ChangeRecord.objects.filter(object_type=instance._meta.model_name, object_id=instance.pk)[:limit]


def member_account(*, member: Member) -> tuple[list[MemberAccountEntry], Decimal]:
    entries = list(member.account_entries.select_related("mandate"))
    return entries, sum((entry.signed_amount for entry in entries), Decimal("0"))


def member_mandates(*, member: Member, user) -> list[SepaMandate]:
    return list(member.mandates.all()) if user_sees_bank_data(user) else []


def debit_runs() -> QuerySet:
    """Debit runs, newest first, with their number of lines and total."""
    from .models import DebitRun

    return DebitRun.objects.annotate(line_count=Count("lines"), total=Sum("lines__amount")).defer("xml")


def debit_run_lines(*, run) -> QuerySet:
    return run.lines.select_related("member", "mandate").order_by("member__last_name", "member__first_name", "pk")


def member_for_privacy() -> QuerySet:
    """Members with what an Art. 15 answer reads (fee group, payer)."""
    return Member.objects.select_related("fee_group", "payer")


def saved_filters() -> QuerySet:
    from .models import SavedFilter

    return SavedFilter.objects.all()
