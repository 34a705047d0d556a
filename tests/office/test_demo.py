"""The office's demo data loads for every demo club on a fresh schema (make run stopped on one)."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.constants import MemberStatus
from office.services.demo import DEMO_OFFICES, office_demo_fill


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(DEMO_OFFICES))
def test_every_demo_club_fills_without_error(club, slug):
    from office.models import Member

    club.slug = slug  # that demo club's members, in alpha's schema (object only, not saved)
    # 6 December 2026: "gruene-aue" picked a leaver as an applicant too, and load_demo stopped.
    assert office_demo_fill(club=club, today=datetime.date(2026, 12, 6))
    with schema_context(club.schema_name):
        assert Member.objects.filter(status=MemberStatus.LEFT).exists()
        applicants = Member.objects.filter(status=MemberStatus.APPLICANT)
        assert applicants.count() == 2 and not applicants.filter(left_on__isnull=False).exists()
