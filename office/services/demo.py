"""Demo members of a club: deterministic (seeded by the club's slug) from the name lists in
office/content/demo_office.yaml, written through the same services as the admin. Idempotent: a
club that has members is left alone."""

import copy
import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from django_tenants.utils import schema_context
from schwifty import IBAN

from cms.content_files import content_load
from office.constants import EntryKind, Gender, MandateSequence, MemberStatus
from office.models import Department, FeeGroup, Member
from office.sepa import calendar
from office.sepa.identifiers import transliterate
from office.services.fees import account_entry_add, office_object_save
from office.services.members import member_create
from office.services.sepa import mandate_create

# Members per club, departments, fee groups and the name lists: office/content/demo_office.yaml.
_DATA = content_load("office", "demo_office")
# slug → (members, departments)
DEMO_OFFICES: dict[str, tuple[int, list[str]]] = {
    slug: (office["members"], office["departments"]) for slug, office in _DATA["offices"].items()
}
_MONEY = ("amount", "admission_fee")
FEE_GROUPS: list[dict] = [
    {**group, **{key: Decimal(group[key]) for key in _MONEY if key in group}} for group in _DATA["fee_groups"]
]


def _names() -> dict:
    return _DATA


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def office_demo_fill(*, club, today: datetime.date | None = None) -> int:
    """Fills the club's office with demo data; returns the number of members created (0 if it had some)."""
    spec = DEMO_OFFICES.get(club.slug)
    if spec is None:
        return 0
    with schema_context(club.schema_name), transaction.atomic():
        if Member.objects.exists():
            return 0
        return _fill(club.slug, *spec, today=today or datetime.date.today())


def _fill(slug: str, count: int, department_names: list[str], *, today: datetime.date) -> int:
    rng = random.Random(f"office-demo-{slug}")  # same members on every machine
    names = _names()
    towns = [town for town in names["towns"] for _ in range(town["weight"])]
    departments = [office_object_save(instance=Department(name=name), by=None) for name in department_names]
    groups = {spec["name"]: office_object_save(instance=FeeGroup(**spec), by=None) for spec in FEE_GROUPS}
    created = []
    for index in range(count):
        gender = rng.choice([Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE, Gender.DIVERSE, ""])
        first = rng.choice(
            names["female"] if gender == Gender.FEMALE else names["male"] if gender else names["female"] + names["male"]
        )
        # A few families: the next member shares the last name and address of the previous one.
        family = created and rng.random() < 0.15
        base = created[-1] if family else None
        birth = _random_date(rng, datetime.date(1938, 1, 1), today - datetime.timedelta(days=365 * 5))
        age = (today - birth).days // 365
        joined = _random_date(rng, max(birth + datetime.timedelta(days=365 * 4), datetime.date(1965, 1, 1)), today)
        town = rng.choice(towns)
        status = MemberStatus.YOUTH if age < 18 else rng.choice([MemberStatus.ACTIVE] * 6 + [MemberStatus.PASSIVE])
        if index % 40 == 7:
            status = MemberStatus.HONORARY
        group = groups["Kinder und Jugendliche"] if age < 18 else groups["Erwachsene"]
        if status == MemberStatus.PASSIVE:
            group = groups["Fördermitglied"]
        data = {
            "first_name": first,
            "last_name": base.last_name if base else rng.choice(names["last"]),
            "birth_date": birth,
            "gender": gender,
            "street": base.street if base else rng.choice(names["streets"]),
            "house_number": base.house_number if base else str(rng.randint(1, 120)) + rng.choice(["", "", "", "a"]),
            "postal_code": base.postal_code if base else town["postal_code"],
            "town": base.town if base else town["town"],
            # "Jürgen" → "juergen": an address Django accepts (a name with umlauts stopped load_demo).
            "email": f"{slugify(transliterate(first))}.{index}@{slug}.example",
            "joined_on": joined,
            "status": status,
            "fee_group": groups["Familie"] if base else group,
            "payer": (base.payer or base) if base else None,
            "photo_consent": rng.random() < 0.7,
            "newsletter_consent": rng.random() < 0.5,
        }
        if data["photo_consent"]:
            data["photo_consent_on"] = joined
        if data["newsletter_consent"]:
            data["newsletter_consent_on"] = joined
        if base:
            base_data = {"fee_group": groups["Familie"]}
            Member.objects.filter(pk=(base.payer or base).pk).update(**base_data)
        member = member_create(
            data=data, departments=rng.sample(departments, k=rng.randint(0, min(2, len(departments)))), by=None
        )
        created.append(member)
        if not member.payer_id and status != MemberStatus.HONORARY and rng.random() < 0.85:
            _mandate_and_dues(rng, member, names["banks"], today)
    _leavers_and_applicants(rng, created, today)
    return len(created)


def _mandate_and_dues(rng: random.Random, member: Member, banks: list[str], today: datetime.date) -> None:
    signed = max(member.joined_on, today - datetime.timedelta(days=365 * 3))
    iban = IBAN.generate("DE", bank_code=rng.choice(banks), account_code=str(rng.randint(10**6, 10**10 - 1)))
    mandate = mandate_create(
        member=member,
        data={
            "signed_on": signed,
            "account_holder": f"{member.first_name} {member.last_name}",
            "iban": iban.compact,
            "sequence": MandateSequence.RECURRING,
            "last_used_on": datetime.date(today.year, 1, 15) if datetime.date(today.year, 1, 15) >= signed else None,
        },
        by=None,
    )
    if member.fee_group is None:
        return
    due_on = datetime.date(today.year, 1, 15)
    amount = member.fee_group.amount
    text = f"Mitgliedsbeitrag {today.year}"
    account_entry_add(
        member=member, data={"booked_on": due_on, "kind": EntryKind.DUE, "amount": amount, "text": text}, by=None
    )
    if rng.random() < 0.93:  # most paid by direct debit; the rest are the open items
        account_entry_add(
            member=member,
            data={"booked_on": due_on, "kind": EntryKind.PAYMENT, "amount": amount, "text": text, "mandate": mandate},
            by=None,
        )


def _leavers_and_applicants(rng: random.Random, members: list[Member], today: datetime.date) -> None:
    from office.services.members import member_leave, member_update

    candidates = [m for m in members if not m.paid_for.exists() and not m.payer_id]
    # One sample for both groups: a leaver must not become an applicant too (its stored left_on
    # would then lie before the new joined_on, and load_demo stopped on that).
    chosen = rng.sample(candidates, k=max(1, len(candidates) // 20) + 2)
    leavers, applicants = chosen[:-2], chosen[-2:]
    for member in leavers:
        member_leave(member=member, left_on=_random_date(rng, member.joined_on, today), by=None)
    for member in applicants:
        member_update(member=member, data={"status": MemberStatus.APPLICANT, "joined_on": today}, by=None)


DEMO_CREDITOR_ID = "DE98ZZZ09999999999"  # the Bundesbank's example identifier
DEMO_CLUB_IBAN = "DE89370400440532013000"


def office_demo_debit_run(*, club, today: datetime.date | None = None) -> bool:
    """One completed debit run of this January with one return, from the demo's open dues.
    Idempotent: a club that has a debit run is left alone. True if a run was made."""
    from office.models import DebitRun
    from office.services.debit_returns import debit_returns_import
    from office.services.debits import debit_run_close, debit_run_create, debit_run_export

    if club.slug not in DEMO_OFFICES:
        return False
    today = today or datetime.date.today()
    creditor = copy.copy(club)  # demo clubs without SEPA settings collect as the Bundesbank example
    creditor.creditor_id = getattr(club, "creditor_id", "") or DEMO_CREDITOR_ID
    creditor.iban = club.iban or DEMO_CLUB_IBAN
    collection = calendar.next_business_day(datetime.date(today.year, 1, 15))
    with schema_context(club.schema_name), transaction.atomic():
        if DebitRun.objects.exists() or not Member.objects.exists():
            return False
        run = debit_run_create(
            club=creditor,
            period_start=datetime.date(today.year, 1, 1),
            period_end=datetime.date(today.year, 1, 31),
            collection_date=collection,
            by=None,
            today=collection - datetime.timedelta(days=30),
            book_dues=False,
        )
        line = run.lines.order_by("pk").first()
        if line is None:
            transaction.set_rollback(True)
            return False
        debit_run_export(run=run, club=creditor, by=None)
        debit_run_close(run=run, by=None)
        returned_on = calendar.add_business_days(collection, 3)
        amount = f"{line.amount:.2f}".replace(".", ",")
        csv = (
            "Buchungstag;Buchungstext;Verwendungszweck;Betrag;Auslagenersatz Ruecklastschrift\n"
            f"{returned_on:%d.%m.%Y};Retoure SEPA Lastschrift;EREF+{line.end_to_end_id} RTRN AC04;-{amount};3,00\n"
        )
        debit_returns_import(data=csv.encode("utf-8"), club=creditor, by=None, remind=False)
    return True
