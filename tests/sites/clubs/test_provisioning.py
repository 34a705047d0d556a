"""Provisioning a club by cloning the template schema."""

from django.core import mail

from wagtail.models import Site

import pytest
from django_tenants.utils import schema_context, schema_exists

from sites.clubs.models import Club, Domain
from sites.clubs.services import ProvisioningError, club_provision
from sites.pages.models import ClubHomePage

PROFILE = {
    "name": "Gamma e. V.",
    "street": "Weg 2",
    "postal_code": "12345",
    "town": "Musterstadt",
    "email": "info@gamma.example",
}


@pytest.mark.django_db
def test_provision_makes_a_live_club():
    club = club_provision(slug="gamma", profile=PROFILE, editor_name="Gina Gamma", editor_email="gina@gamma.example")

    assert schema_exists("club_gamma")
    assert Domain.objects.get(tenant=club).domain == "gamma.localhost"
    with schema_context(club.schema_name):
        site = Site.objects.get()
        assert site.hostname == "gamma.localhost"
        assert site.root_page.specific.title == "Gamma e. V."
        assert isinstance(site.root_page.specific, ClubHomePage)
    assert len(mail.outbox) == 1
    assert "http://gamma.localhost:8000/einladung/" in mail.outbox[0].body


@pytest.mark.django_db
def test_provision_refuses_taken_subdomain(club):
    with pytest.raises(ProvisioningError):
        club_provision(slug=club.slug, profile=PROFILE, editor_name="X Y", editor_email="x@y.example")


@pytest.mark.django_db
def test_failure_half_way_leaves_no_half_made_club():
    with pytest.raises(ProvisioningError):
        # An invalid editor e-mail fails after the clone, inside the club schema.
        club_provision(
            slug="delta", profile={**PROFILE, "name": "Delta"}, editor_name="D", editor_email="not an e-mail"
        )
    assert not Club.objects.filter(slug="delta").exists()
    assert not Domain.objects.filter(domain="delta.localhost").exists()
    assert not schema_exists("club_delta")
