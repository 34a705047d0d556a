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


@pytest.mark.django_db
def test_failure_while_copying_media_leaves_nothing(monkeypatch, settings):
    from pathlib import Path

    from sites.clubs.services import provisioning

    def broken(template_schema, media_dir):
        Path(media_dir).mkdir(parents=True, exist_ok=True)
        (Path(media_dir) / "halb.png").write_bytes(b"x")
        raise OSError("Kein Platz auf dem Gerät (Test)")

    monkeypatch.setattr(provisioning, "_copy_template_media", broken)
    with pytest.raises(ProvisioningError, match="Kein Platz"):
        club_provision(
            slug="delta", profile={**PROFILE, "name": "Delta"}, editor_name="D E", editor_email="d@e.example"
        )
    assert not Club.objects.filter(slug="delta").exists()
    assert not Domain.objects.filter(domain="delta.localhost").exists()
    assert not schema_exists("club_delta")
    assert not (Path(settings.MEDIA_ROOT) / "club_delta").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_template_media_are_copied_to_the_club(settings):
    """A clone copies image rows, not files: provisioning copies the template's media folder."""
    from pathlib import Path

    probe = Path(settings.MEDIA_ROOT) / "club_template" / "original_images" / "probe-kopie.png"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_bytes(b"probe")
    try:
        club_provision(slug="gamma", profile=PROFILE, editor_name="Gina Gamma", editor_email="gina@gamma.example")
        copied = Path(settings.MEDIA_ROOT) / "club_gamma" / "original_images" / "probe-kopie.png"
        assert copied.read_bytes() == b"probe"
    finally:
        probe.unlink()


@pytest.mark.django_db
def test_a_mail_failure_keeps_the_club_and_reports_it(monkeypatch):
    from sites.clubs import services
    from sites.clubs.services import provisioning

    def smtp_down(**kwargs):
        raise ConnectionRefusedError("SMTP nicht erreichbar (Test)")

    monkeypatch.setattr(provisioning, "invitation_send", smtp_down)
    club = club_provision(slug="gamma", profile=PROFILE, editor_name="Gina Gamma", editor_email="gina@gamma.example")
    assert schema_exists("club_gamma")
    assert "SMTP nicht erreichbar" in club.invitation_error

    monkeypatch.undo()
    assert services.club_invitations_resend(club=club) == ["gina@gamma.example"]
    (invitation,) = mail.outbox
    assert "http://gamma.localhost:8000/einladung/" in invitation.body
