"""The clubs part of the demo region: complete and idempotent."""

from io import StringIO

from django.contrib.auth import get_user_model

import pytest
from django_tenants.utils import schema_context

from cms.demo import DEMO_CLUBS, DEMO_LOGINS, DEMO_PASSWORD
from sites.clubs import demo
from sites.clubs.constants import RegistrationStatus
from sites.clubs.models import BoardMember, Category, Club, ClubRegistration


def _snapshot():
    return (
        sorted(Club.objects.values_list("slug", "updated_at")),
        BoardMember.objects.count(),
        Category.objects.count(),
        ClubRegistration.objects.count(),
        sorted(get_user_model().objects.values_list("username", "password")),
    )


@pytest.mark.django_db
def test_demo_clubs_load_once():
    demo.load(stdout=StringIO())
    clubs = Club.objects.filter(slug__in=DEMO_CLUBS)
    assert clubs.count() == len(DEMO_CLUBS) == 6
    assert Category.objects.filter(slug__in=[c["slug"] for c in demo.CATEGORIES]).count() == 6
    for club in clubs:
        assert club.iban and club.register_number.startswith("VR ")
        assert club.board_members.exists()
        assert club.categories.exists()
        with schema_context(club.schema_name):
            editor = get_user_model().objects.get(username=f"redaktion@{club.slug}.example")
            assert editor.check_password(DEMO_PASSWORD)
            # Demo editors are the club's admins, not superusers of its schema (issue #15).
            assert not editor.is_superuser
            assert list(editor.groups.values_list("name", flat=True)) == ["Vereinsadmin"]
        assert club.is_live  # the demo region shows its clubs at once
    assert get_user_model().objects.get(username=demo.OPERATOR_EMAIL).check_password(DEMO_PASSWORD)
    assert ClubRegistration.objects.filter(status=RegistrationStatus.PENDING).count() >= 1
    assert ("Verein tsv-musterstadt", "redaktion@tsv-musterstadt.example", DEMO_PASSWORD) in DEMO_LOGINS

    before = _snapshot()
    out = StringIO()
    demo.load(stdout=out)
    assert _snapshot() == before
    assert out.getvalue() == ""
