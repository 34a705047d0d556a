"""Data protection of the office (issue #12): a member's data on request (Art. 15 DSGVO) as JSON and
PDF, anonymisation of leavers after the retention periods, and the record of processing activities
(Art. 30 DSGVO) as PDF.

Retention (§ 147 AO since 2025; periods per club in RetentionSettings, counted from the end of the
calendar year): a leaver's personal data is kept while a letter to or from them (6 years after the
year they left) or a booking voucher naming them (8 years after the year of their last booking) must
be kept. Then names, address, contact data, birth date, notes, bank data and the values in the history
are replaced by placeholders; the member number, the dates of membership, the fee group and every
amount stay, so the books (10 years) still add up. Nothing here logs personal data.
"""

import datetime
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from office.constants import MemberStatus
from office.models import ChangeRecord, Member, MemberAnonymisation, RetentionSettings, SepaMandate

from .history import change_record

PLACEHOLDER = "anonymisiert"


def retention_settings() -> RetentionSettings:
    settings, _created = RetentionSettings.objects.get_or_create(pk=1)
    return settings


@transaction.atomic
def retention_settings_update(*, data: dict, by) -> RetentionSettings:
    from .history import diff, snapshot

    stored = RetentionSettings.objects.select_for_update().get(pk=retention_settings().pk)
    before = snapshot(stored)
    for name in ("books_years", "vouchers_years", "letters_years"):
        if name in data:
            setattr(stored, name, data[name])
    stored.full_clean()
    stored.save()
    change_record(instance=stored, action="update", changes=diff(before, snapshot(stored)), by=by)
    return stored


# --- Art. 15: the member's data ----------------------------------------------------------------------


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def member_data(*, member: Member) -> dict:
    """Everything the office stores about the member, as the member reads it (IBAN in full)."""
    entries = list(member.account_entries.select_related("mandate").order_by("booked_on", "pk"))
    history = ChangeRecord.objects.filter(member_id=member.pk).order_by("created_at", "pk")
    return {
        "erstellt_am": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        "stammdaten": {
            "Mitgliedsnummer": member.number,
            "Titel": member.title,
            "Vorname": member.first_name,
            "Nachname": member.last_name,
            "Geburtsdatum": _date(member.birth_date),
            "Geschlecht": member.get_gender_display(),
            "Straße": member.street,
            "Hausnummer": member.house_number,
            "Postleitzahl": member.postal_code,
            "Ort": member.town,
            "Land": member.country,
            "E-Mail": member.email,
            "Telefon": member.phone,
            "Mobiltelefon": member.mobile,
            "Eintritt": _date(member.joined_on),
            "Austritt": _date(member.left_on),
            "Status": member.get_status_display(),
            "Beitragsgruppe": member.fee_group.name if member.fee_group_id else "",
            "Zahlendes Mitglied": str(member.payer) if member.payer_id else "",
            "Abteilungen": [department.name for department in member.departments.all()],
            "Notizen": member.notes,
        },
        "einwilligungen": {
            "Fotos": {"erteilt": member.photo_consent, "am": _date(member.photo_consent_on)},
            "Newsletter": {"erteilt": member.newsletter_consent, "am": _date(member.newsletter_consent_on)},
        },
        "sepa_mandate": [
            {
                "Mandatsreferenz": mandate.reference,
                "Unterschrieben am": _date(mandate.signed_on),
                "Kontoinhaber/in": mandate.account_holder,
                "IBAN": mandate.iban,
                "BIC": mandate.bic,
                "Lastschriftart": mandate.get_sequence_display(),
                "Zuletzt genutzt am": _date(mandate.last_used_on),
                "Status": mandate.get_status_display(),
            }
            for mandate in member.mandates.order_by("signed_on", "pk")
        ],
        "beitragskonto": [
            {
                "Datum": _date(entry.booked_on),
                "Art": entry.get_kind_display(),
                "Betrag": f"{entry.signed_amount:.2f}".replace(".", ","),
                "Buchungstext": entry.text,
                "Mandat": entry.mandate.reference if entry.mandate_id else "",
            }
            for entry in entries
        ],
        "mahnungen": [
            {
                "Datum": _date(notice.sent_on),
                "Stufe": f"{notice.level}. {notice.title}",
                "Versand": str(notice.get_channel_display()),
                "Betrag": f"{notice.total:.2f}".replace(".", ","),
                "Zahlungsfrist": _date(notice.pay_by),
            }
            for notice in member.dunning_notices.order_by("sent_on", "pk")
        ],
        "aenderungen": [
            {
                "Zeitpunkt": timezone.localtime(record.created_at).strftime("%d.%m.%Y %H:%M"),
                "Von": record.user_name or "System",
                "Was": f"{record.object_repr} ({record.action_label})",
                "Änderungen": record.changes,
            }
            for record in history
        ],
    }


def member_data_json(*, member: Member) -> bytes:
    return json.dumps(member_data(member=member), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


def member_data_pdf(*, member: Member, club) -> bytes:
    from weasyprint import HTML

    data = member_data(member=member)
    master_rows = [
        (name, ", ".join(value) if isinstance(value, list) else value) for name, value in data["stammdaten"].items()
    ]
    html = render_to_string("office/privacy/member_data.html", {"data": data, "master_rows": master_rows, "club": club})
    return HTML(string=html).write_pdf()


def member_data_zip(*, member: Member, club) -> bytes:
    """JSON and PDF in one download (one click on the member's page)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"auskunft-{member.number}.json", member_data_json(member=member))
        archive.writestr(f"auskunft-{member.number}.pdf", member_data_pdf(member=member, club=club))
    return output.getvalue()


# --- retention -------------------------------------------------------------------------------------


def _end_of_year_plus(day: datetime.date, years: int) -> datetime.date:
    return datetime.date(day.year + years, 12, 31)


def anonymisation_due_on(*, member: Member, settings: RetentionSettings, last_booking: datetime.date | None):
    """The last day the member's personal data must be kept; None while they are a member."""
    if member.status != MemberStatus.LEFT or not member.left_on:
        return None
    due = _end_of_year_plus(member.left_on, settings.letters_years)
    if last_booking:
        due = max(due, _end_of_year_plus(last_booking, settings.vouchers_years))
    return due


def members_anonymise_due(*, today: datetime.date) -> int:
    """Anonymises every leaver of the current club schema whose retention ended before `today`."""
    settings = retention_settings()
    leavers = (
        Member.objects.filter(status=MemberStatus.LEFT, left_on__isnull=False, anonymisation__isnull=True)
        .annotate(last_booking=Max("account_entries__booked_on"))
        .order_by("pk")
    )
    count = 0
    for member in leavers:
        due = anonymisation_due_on(member=member, settings=settings, last_booking=member.last_booking)
        if due and due < today:
            member_anonymise(member=member, due_since=due, today=today)
            count += 1
    return count


@transaction.atomic
def member_anonymise(*, member: Member, due_since: datetime.date, today: datetime.date) -> Member:
    stored = Member.objects.select_for_update().get(pk=member.pk)
    label = f"Mitglied {stored.number} ({PLACEHOLDER})"
    for name in ("title", "street", "house_number", "postal_code", "town", "email", "phone", "mobile", "notes"):
        setattr(stored, name, "")
    stored.first_name, stored.last_name = PLACEHOLDER, f"Mitglied {stored.number}"
    stored.birth_date, stored.gender = None, ""
    stored.photo_consent = stored.newsletter_consent = False
    stored.photo_consent_on = stored.newsletter_consent_on = None
    stored.payer = None
    stored.save()
    stored.departments.clear()
    SepaMandate.objects.filter(member=stored).update(
        account_holder=PLACEHOLDER, iban="", bic="", original_iban="", updated_at=timezone.now()
    )
    for record in ChangeRecord.objects.filter(member_id=stored.pk):
        record.changes = {name: [PLACEHOLDER, PLACEHOLDER] for name in record.changes}
        record.object_repr = label if record.object_type == "member" else record.object_repr
        record.save(update_fields=["changes", "object_repr"])
    _wagtail_log_anonymise(stored, label)
    MemberAnonymisation.objects.create(member=stored, anonymised_on=today, due_since=due_since)
    change_record(instance=stored, action="anonymise", changes={}, by=None, member_id=stored.pk)
    return stored


def _wagtail_log_anonymise(member: Member, label: str) -> None:
    """Wagtail's own admin log keeps the member's name as the label of each entry."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import ModelLogEntry

    content_type = ContentType.objects.get_for_model(Member)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(member.pk)).update(label=label, data={})


def office_retention_run(*, today: datetime.date) -> dict[str, int]:
    """`manage.py office_retention`: every club schema in turn; {club slug: members anonymised}."""
    from django_tenants.utils import schema_context

    from sites.clubs.constants import ClubKind
    from sites.clubs.models import Club

    done = {}
    for club in Club.objects.filter(kind=ClubKind.CLUB).order_by("slug"):
        with schema_context(club.schema_name):
            done[club.slug] = members_anonymise_due(today=today)
    return done


# --- Art. 30: record of processing activities ----------------------------------------------------


def processing_record_pdf(*, club) -> bytes:
    from weasyprint import HTML

    context = {"club": club, "settings": retention_settings(), "today": timezone.localdate()}
    board = getattr(club, "board_members", None)
    context["board"] = list(board.all()) if board is not None else []
    return HTML(string=render_to_string("office/privacy/processing_record.html", context)).write_pdf()
