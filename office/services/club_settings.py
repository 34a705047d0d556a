"""The club profile's direct-debit fields (creditor identifier, pain.008 version, pre-notification lead
time, notice period), kept by the board.

The club row lives in public (sites.clubs); this acts only on the club of the request (tenancy rule 5).
"""

from django.db import transaction

from sites.clubs.models import Club

from .history import change_record, diff, snapshot

FIELDS = (
    "creditor_id",
    "sepa_version",
    "sepa_lead_days",
    "sepa_return_fee_to_member",
    "notice_period_months",
    "notice_period_to_year_end",
)


def _settings_snapshot(club: Club) -> dict[str, str]:
    return {name: value for name, value in snapshot(club).items() if name in FIELDS}


@transaction.atomic
def club_debit_settings_update(*, club: Club, data: dict, by) -> Club:
    stored = Club.objects.select_for_update().get(pk=club.pk)
    before = _settings_snapshot(stored)
    for name in FIELDS:
        if name in data:
            setattr(stored, name, data[name])
    stored.full_clean()
    stored.save(update_fields=[*FIELDS, "updated_at"])
    change_record(instance=stored, action="update", changes=diff(before, _settings_snapshot(stored)), by=by)
    return stored
