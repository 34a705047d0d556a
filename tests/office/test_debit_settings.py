"""The club's direct-debit settings (creditor identifier, notice period) in the office menu."""

import pytest

from .test_admin import _body


@pytest.mark.django_db
def test_debit_settings(club, board_client, members_client, page_editor_client, portal_client, office_data):
    url = "/admin/mitglieder/lastschrift-einstellungen/"
    assert members_client.get(url).status_code == 403
    assert page_editor_client.get(url).status_code == 403
    bad = board_client.post(
        "/admin/mitglieder/lastschrift-einstellungen/",
        {"creditor_id": "DE99ZZZ09999999999", "sepa_lead_days": "0", "notice_period_months": "3"},
    )
    assert bad.status_code == 200 and "DE99ZZZ09999999999" in _body(bad) and "ungültig" in _body(bad)
    assert "größer oder gleich 1" in _body(bad)  # the lead time too, in German
    good = board_client.post(
        "/admin/mitglieder/lastschrift-einstellungen/",
        {
            "creditor_id": "de98 zzz 09999999999",
            "sepa_version": "pain.008.001.08",
            "sepa_lead_days": "14",
            "notice_period_months": "3",
            "notice_period_to_year_end": "on",
        },
    )
    assert good.status_code == 302
    club.refresh_from_db()
    assert club.creditor_id == "DE98ZZZ09999999999"


@pytest.mark.django_db
def test_pain_version_and_lead_time_are_per_club(club, other_club, board_client):
    """The bank's pain.008 version and the pre-notification lead time come from the club's settings."""
    import datetime
    from decimal import Decimal

    from django_tenants.utils import schema_context

    from office.sepa.calendar import DEFAULT_LEAD_DAYS
    from office.sepa.errors import CollectionDateError
    from office.sepa.pain008 import SUPPORTED_VERSIONS, validate_pain008
    from office.services.debits import club_debit_settings, debit_run_create, debit_run_export
    from sites.clubs.constants import SepaVersion
    from sites.clubs.models import Club
    from tests.office.test_debits import _group, _mandate, _member

    assert tuple(SepaVersion.values) == SUPPORTED_VERSIONS  # the choices follow what the office writes
    response = board_client.post(
        "/admin/mitglieder/lastschrift-einstellungen/",
        {
            "creditor_id": "DE98ZZZ09999999999",
            "sepa_version": "pain.008.001.02",
            "sepa_lead_days": "2",
            "notice_period_months": "3",
        },
    )
    assert response.status_code == 302
    club = Club.objects.get(pk=club.pk)
    club.iban = "DE89370400440532013000"
    settings = club_debit_settings(club)
    assert (settings.version, settings.lead_days) == ("pain.008.001.02", 2)
    other_club.creditor_id, other_club.iban = "DE98ZZZ09999999999", "DE89370400440532013000"
    assert club_debit_settings(other_club).version == "pain.008.001.08"  # untouched: the default
    assert club_debit_settings(other_club).lead_days == DEFAULT_LEAD_DAYS

    today = datetime.date(2026, 12, 7)  # a Monday; Friday is 4 days ahead
    friday = datetime.date(2026, 12, 11)
    with schema_context(club.schema_name):
        _mandate(_member(1, group=_group(amount="12.00", due_month=12, due_day=1)))
        period = {"period_start": datetime.date(2026, 12, 1), "period_end": datetime.date(2026, 12, 31)}
        run = debit_run_create(club=club, **period, collection_date=friday, by=None, today=today)
        run = debit_run_export(run=run, club=club, by=None)
        assert run.pain_version == "pain.008.001.02" and "pain.008.001.02" in run.xml
        validate_pain008(run.xml.encode(), version="pain.008.001.02")
        assert run.lines.get().amount == Decimal("12.00")
    with schema_context(other_club.schema_name), pytest.raises(CollectionDateError):
        debit_run_create(club=other_club, **period, collection_date=friday, by=None, today=today)
