"""Club alpha's private rows for the URL isolation suite (tests/tenancy/test_url_isolation.py).

Each builder creates the rows one part of the office keeps (members and mandates, the books, the
e-mails to members, joining, the general assembly) and returns {"ids": …, "markers": …}: the ids
that fill the URLs' parameters and the texts that must never show up for anybody else.
"""


def mailing_victim(club) -> dict:
    """A copy of an e-mail to club alpha's members and a saved filter: subject, body and name are markers."""
    from django_tenants.utils import schema_context

    from office.models import SavedFilter, SentMessage

    with schema_context(club.schema_name):
        sent = SentMessage.objects.create(subject="Rundschreiben-Zq9", body="Geheimtext-Zq9", recipients_count=3)
        saved = SavedFilter.objects.create(name="Geheimfilter-Zq9", querystring="status=active")
    return {
        "ids": {"sent_message": sent.pk, "saved_filter": saved.pk},
        "markers": ["Rundschreiben-Zq9", "Geheimtext-Zq9", "Geheimfilter-Zq9"],
    }


def finance_victim(club) -> dict:
    """Club alpha's books and donations (menu "Finanzen"): a booking, a statement line, a donor with a
    donation and a receipt; the booking's text, the donor's name and the statement line's name are markers."""
    import datetime
    from decimal import Decimal

    from django_tenants.utils import schema_context

    from office.models import Account, LedgerCategory, StatementEntry
    from office.services.bank_statements import statement_import
    from office.services.donations import donation_create, donor_create, office_settings_update, receipt_issue
    from office.services.finance import booking_create

    statement_csv = (
        b"Buchungstag;Name Zahlungsbeteiligter;Verwendungszweck;Betrag\n10.03.2026;Auszugsname-Zq9;Miete;-500,00\n"
    )
    with schema_context(club.schema_name):
        bank = Account.objects.get(number="1200")
        category = LedgerCategory.objects.get(number="2540")
        booking = booking_create(
            data={
                "booked_on": datetime.date(2026, 3, 1),
                "amount": Decimal("-12.34"),
                "account": bank,
                "text": "Buchungstext-Zq9",
                "category": category,
            },
            by=None,
        )
        statement = statement_import(account=bank, data=statement_csv, filename="auszug.csv", by=None).statement
        entry = StatementEntry.objects.get(statement=statement)
        office_settings_update(
            data={
                "tax_office": "Finanzamt Alpha",
                "tax_number": "12/345/67890",
                "purposes": ["kunst_kultur"],
                "notice_date": datetime.date(2025, 3, 15),
                "assessment_period": "2021 bis 2023",
            },
            by=None,
        )
        donor = donor_create(data={"name": "Spenderin-Zq9", "town": "Musterstadt"}, by=None)
        donation = donation_create(
            donor=donor, data={"donated_on": datetime.date(2026, 5, 1), "amount": Decimal("50.00")}, by=None
        )
        receipt = receipt_issue(club=club, donation=donation, by=None, issued_on=datetime.date(2026, 6, 1))
    return {
        "ids": {
            "booking": booking.pk,
            "category": category.pk,
            "account": bank.pk,
            "statement": statement.pk,
            "statement_entry": entry.pk,
            "donation": donation.pk,
            "receipt": receipt.pk,
        },
        "markers": ["Buchungstext-Zq9", "Spenderin-Zq9", "Auszugsname-Zq9"],
    }


def assembly_victim(club) -> dict:
    """A general assembly of club alpha (menu "Versammlungen") with an agenda item and a member's motion:
    their titles and the motion's text are markers."""
    import datetime

    from django_tenants.utils import schema_context

    from office.models import Motion, WrittenResolution, WrittenVote
    from office.services.assembly import agenda_item_add, assembly_create
    from office.services.members import member_create

    with schema_context(club.schema_name):
        assembly = assembly_create(data={"title": "Versammlung-Zq9", "held_on": datetime.date(2026, 5, 2)})
        agenda_item_add(assembly=assembly, data={"title": "Tagesordnungspunkt-Zq9", "kind": "ordinary"})
        Motion.objects.create(
            assembly=assembly,
            proposer_name="Antragstellerin-Zq9",
            title="Antrag-Zq9",
            text="Antragstext-Zq9",
            submitted_on=datetime.date(2026, 4, 1),
        )
        # A written resolution (§ 32 Abs. 3 BGB) with a member's vote: question, text and voter are markers.
        voter = member_create(data={"first_name": "Uma", "last_name": "Umlaufstimme-Zq9"}, by=None)
        resolution = WrittenResolution.objects.create(
            title="Umlauffrage-Zq9", text="Umlauftext-Zq9", deadline=datetime.date(2026, 6, 1), status="open"
        )
        WrittenVote.objects.create(
            resolution=resolution,
            member=voter,
            voter_name="Uma Umlaufstimme-Zq9",
            choice="yes",
            cast_at=datetime.datetime(2026, 5, 2, 10, 0, tzinfo=datetime.UTC),
            source="link",
        )
    return {
        "ids": {"assembly": assembly.pk, "resolution": resolution.pk},
        "markers": [
            "Versammlung-Zq9",
            "Tagesordnungspunkt-Zq9",
            "Antragstext-Zq9",
            "Umlauftext-Zq9",
            "Umlaufstimme-Zq9",
        ],
    }


def office_victim(club) -> dict:
    """A member of club alpha with a mandate (office app): name, IBAN and account holder are markers."""
    import datetime
    from decimal import Decimal

    from django_tenants.utils import schema_context

    from office.models import Department, FeeGroup
    from office.services.fees import office_object_save
    from office.services.members import member_create
    from office.services.sepa import mandate_create

    with schema_context(club.schema_name):
        group = office_object_save(instance=FeeGroup(name="Geheimgruppe-Zq9", amount=Decimal("10")), by=None)
        department = office_object_save(instance=Department(name="Geheimabteilung-Zq9"), by=None)
        member = member_create(
            data={"first_name": "Zora", "last_name": "Geheimmitglied-Zq9", "fee_group": group},
            departments=[department],
            by=None,
        )
        mandate = mandate_create(
            member=member,
            data={
                "signed_on": datetime.date(2020, 1, 1),
                "account_holder": "Kontoinhaberin-Zq9",
                "iban": "DE02120300000000202051",
            },
            by=None,
        )
        from office.models import DebitLine, DebitRun

        # A debit run with its stored file (the download must not leak the IBAN in it).
        run = DebitRun.objects.create(
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            collection_date=datetime.date(2026, 1, 15),
            xml="<Document><DbtrAcct><IBAN>DE02120300000000202051</IBAN></DbtrAcct></Document>",
        )
        DebitLine.objects.create(
            run=run, member=member, mandate=mandate, amount=Decimal("10"), end_to_end_id="HH-Zq9", sequence="FRST"
        )
        from office.models import DunningLevel, DunningNotice

        # A reminder (its letter is rendered from the member and the stored items) and a dunning level.
        level_pk = DunningLevel.objects.order_by("level").first().pk
        notice = DunningNotice.objects.create(
            member=member,
            level=1,
            title="Zahlungserinnerung",
            sent_on=datetime.date(2026, 2, 1),
            pay_by=datetime.date(2026, 2, 15),
            channel="letter",
            total=Decimal("10"),
            lines=[
                {
                    "date": "15.01.2026",
                    "kind": "Beitrag fällig",
                    "text": "Posten-Zq9",
                    "mandate": "",
                    "amount": "10.00",
                    "open": "10.00",
                }
            ],
        )
    return {
        "ids": {
            "member": member.pk,
            "mandate": mandate.pk,
            "fee_group": group.pk,
            "department": department.pk,
            "debit_run": run.pk,
            "dunning_notice": notice.pk,
            "dunning_level": level_pk,
        },
        "markers": ["Geheimmitglied-Zq9", "DE02120300000000202051", "Kontoinhaberin-Zq9", "Geheimgruppe-Zq9"],
    }


def join_victim(club) -> dict:
    """A confirmed online application to club alpha with a mandate: name and IBAN are markers."""
    import datetime

    from django_tenants.utils import schema_context

    from office.models import JoinApplication

    with schema_context(club.schema_name):
        application = JoinApplication.objects.create(
            status="pending",
            first_name="Jana",
            last_name="Antragstellerin-Zq9",
            birth_date=datetime.date(1990, 1, 1),
            street="Weg",
            postal_code="12345",
            town="Ort",
            email="jana@example.org",
            account_holder="Jana Antragstellerin-Zq9",
            iban="DE75512108001245126199",
            mandate_reference="M-20260101-ZQ9ZQ9",
        )
    return {"ids": {"join_application": application.pk}, "markers": ["Antragstellerin-Zq9", "DE75512108001245126199"]}


def ensure_image_files() -> None:
    """Clubs are cloned once per test database; this run's media folder may lack their image files."""
    from pathlib import Path

    from django.conf import settings

    from wagtail.images import get_image_model

    from django_tenants.utils import schema_context
    from PIL import Image as PILImage

    from sites.clubs.models import Club

    for schema in Club.objects.values_list("schema_name", flat=True):
        with schema_context(schema):
            for name in get_image_model().objects.values_list("file", flat=True):
                path = Path(settings.MEDIA_ROOT) / schema / name
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    PILImage.new("RGB", (8, 8), "white").save(path, format="PNG")
