"""Services write their history in the same transaction, amend mandates, and log no member data."""

import datetime
import logging

import pytest
from django_tenants.utils import schema_context

from office.constants import MemberStatus
from office.models import ChangeRecord, Member
from office.selectors import MASK, member_history
from office.services.members import member_create, member_leave, member_update
from office.services.sepa import mandate_update

from .conftest import VICTIM_IBAN, VICTIM_NAME


@pytest.mark.django_db
def test_every_change_is_recorded(club, club_editor, office_data):
    member = office_data["member"]
    with schema_context(club.schema_name):
        created = ChangeRecord.objects.get(object_type="member", object_id=member.pk, action="create")
        assert created.changes["last_name"] == ["", VICTIM_NAME]
        assert created.changes["birth_date"] == ["", "14.06.1990"]
        member_update(member=member, data={"town": "Beispielheim", "email": "z@example.org"}, by=club_editor)
        update = ChangeRecord.objects.filter(object_type="member", object_id=member.pk, action="update").get()
        assert update.changes == {"town": ["Musterstadt", "Beispielheim"], "email": ["", "z@example.org"]}
        assert update.user_id == club_editor.pk and update.user_name
        # Nothing changed: no record.
        member_update(member=member, data={"town": "Beispielheim"}, by=club_editor)
        assert ChangeRecord.objects.filter(object_type="member", object_id=member.pk, action="update").count() == 1
        member_leave(member=member, left_on=datetime.date(2026, 1, 31), by=club_editor)
        member.refresh_from_db()
        assert member.status == MemberStatus.LEFT and Member.objects.filter(pk=member.pk).exists()
        leave = ChangeRecord.objects.get(object_type="member", object_id=member.pk, action="leave")
        assert leave.changes["left_on"] == ["", "31.01.2026"]


@pytest.mark.django_db
def test_failed_change_leaves_no_record(club, office_data):
    from django.core.exceptions import ValidationError

    member = office_data["member"]
    with schema_context(club.schema_name):
        before = ChangeRecord.objects.count()
        with pytest.raises(ValidationError):
            member_update(member=member, data={"country": "XX"}, by=None)
        assert ChangeRecord.objects.count() == before


@pytest.mark.django_db
def test_new_iban_is_an_amendment_and_masked_for_member_staff(club, office_data, club_editor):
    from django.contrib.auth.models import AnonymousUser

    mandate = office_data["mandate"]
    with schema_context(club.schema_name):
        changed = mandate_update(mandate=mandate, data={"iban": "DE41 5001 0517 0123 4567 89"}, by=club_editor)
        assert changed.is_amended and changed.original_iban == VICTIM_IBAN
        assert changed.iban == "DE41500105170123456789"
        # The board (superuser here) sees the IBANs in the member's history; others see no mandate change.
        history = member_history(member=office_data["member"], user=club_editor)
        mandate_records = [r for r in history if r.object_type == "sepamandate"]
        assert any(VICTIM_IBAN in str(r.changes) for r in mandate_records)
        hidden = member_history(member=office_data["member"], user=AnonymousUser())
        assert not [r for r in hidden if r.object_type == "sepamandate"]
        assert VICTIM_IBAN not in str([r.changes for r in hidden])
        assert MASK


@pytest.mark.django_db
def test_member_data_never_in_log_records(club, caplog):
    caplog.set_level(logging.DEBUG)
    with schema_context(club.schema_name):
        member = member_create(
            data={"first_name": "Logfrei", "last_name": "Geheimname-Lq4", "email": "lq4@example.org"}, by=None
        )
        member_update(member=member, data={"last_name": "Geheimname-Lq5", "town": "Lq4-Stadt"}, by=None)
    text = "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)
    for secret in ("Geheimname-Lq4", "Geheimname-Lq5", "lq4@example.org", "Lq4-Stadt"):
        assert secret not in text
