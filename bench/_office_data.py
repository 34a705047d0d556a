"""Bulk data of bench/office.py: members with fee group, departments and SEPA mandates in one club.

Not a benchmark itself (the leading underscore keeps `make bench` from running it). Members are
written with bulk_create (the per-member service would take minutes for 10,000); the debit run,
the import and the member list are then measured through the real services and views.
Call inside the club's schema (schema_context).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from schwifty import IBAN

FIRST = ["Erika", "Max", "Anna", "Lotte", "Hans", "Jürgen", "Özlem", "Sören", "Maria", "Paul", "Lena", "Ali"]
LAST = ["Mustermann", "Schmidt", "Weber", "Grün", "Meier", "Müller", "Yılmaz", "Schäfer", "Wagner", "Becker"]
TOWNS = [("12345", "Musterstadt"), ("12399", "Beispielheim"), ("12301", "Aue"), ("12410", "Nordhausen")]
DEPARTMENTS = ["Fußball", "Turnen", "Tennis", "Chor", "Jugend"]
MANDATE_SIGNED = datetime.date(2025, 6, 1)
BANK_CODE = "37040044"


def iban_for(n: int) -> str:
    return str(IBAN.generate("DE", bank_code=BANK_CODE, account_code=str(1_000_000 + n)))


def catalog() -> tuple:
    """The fee group "Erwachsene" (yearly, 120 €, due 1 January) and the departments; made if missing."""
    from office.models import Department, FeeGroup

    group, _created = FeeGroup.objects.get_or_create(name="Erwachsene", defaults={"amount": Decimal("120.00")})
    departments = [Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS]
    return group, departments


def members_load(count: int, *, seed: int = 1, mandate_share: float = 0.95) -> int:
    """`count` active members after the highest number present, most with an active mandate; how many."""
    from django.db.models import Max

    from office.models import Member, MemberNumberCounter, SepaMandate

    rng = random.Random(seed)
    group, departments = catalog()
    start = (Member.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    members = []
    for number in range(start, start + count):
        postal_code, town = TOWNS[number % len(TOWNS)]
        members.append(
            Member(
                number=number,
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}{number % 97 or ''}",
                birth_date=datetime.date(rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)),
                gender=rng.choice(["w", "m", ""]),
                street="Hauptstraße",
                house_number=str(number % 200 + 1),
                postal_code=postal_code,
                town=town,
                email=f"mitglied{number}@bench.example" if rng.random() < 0.8 else "",
                joined_on=datetime.date(rng.randint(2000, 2025), rng.randint(1, 12), 1),
                status="active" if rng.random() < 0.85 else "passive",
                fee_group=group,
            )
        )
    Member.objects.bulk_create(members, batch_size=2000)
    through = Member.departments.through
    links = [
        through(member_id=m.pk, department_id=dep.pk)
        for m in members
        for dep in rng.sample(departments, rng.choice([1, 1, 1, 2]))
    ]
    through.objects.bulk_create(links, batch_size=5000)
    mandates = [
        SepaMandate(
            member=m,
            reference=f"M-{m.number:05d}-1",
            signed_on=MANDATE_SIGNED,
            account_holder=f"{m.first_name} {m.last_name}",
            iban=iban_for(m.number),
        )
        for m in members
        if rng.random() < mandate_share
    ]
    SepaMandate.objects.bulk_create(mandates, batch_size=2000)
    counter, _created = MemberNumberCounter.objects.get_or_create(pk=1)
    counter.last_number = max(counter.last_number, start + count - 1)
    counter.save(update_fields=["last_number"])
    return count


def import_csv(count: int) -> bytes:
    """A member list of `count` rows as an older program exports it (Windows-1252, semicolons)."""
    lines = ["Vorname;Nachname;Geburtsdatum;Straße;PLZ;Ort;Eintritt;IBAN;Mandatsdatum;Beitragsgruppe;Abteilung"]
    for i in range(count):
        lines.append(
            f"Importvorname{i};Importnachname{i};{1 + i % 28:02d}.0{1 + i % 9}.19{50 + i % 50};Weg {i};12345;"
            f"Ort;01.01.2020;{iban_for(900_000 + i)};01.02.2020;Erwachsene;{'Fußball' if i % 2 else 'Schach'}"
        )
    return "\r\n".join(lines).encode("cp1252")
