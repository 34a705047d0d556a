"""The operators' command `create_club`."""

from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command

import pytest
from django_tenants.utils import schema_exists

from sites.clubs.models import Club

ARGS = [
    "--name=Gamma Sportfreunde e. V.",
    "--email=info@gamma.example",
    "--editor-name=Gina Gamma",
    "--editor-email=gina@gamma.example",
    "--street=Weg 2",
    "--postal-code=12345",
    "--town=Musterstadt",
    "--register-court=Amtsgericht Musterstadt",
    "--register-number=vr 9001",
]


@pytest.mark.django_db
def test_creates_club_and_invites(categories):
    out = StringIO()
    call_command("create_club", "gamma", *ARGS, "--category=sport", stdout=out)
    club = Club.objects.get(slug="gamma")
    assert club.register_number == "VR 9001"
    assert [c.slug for c in club.categories.all()] == ["sport"]
    assert schema_exists("club_gamma")
    assert "http://gamma.localhost:8000/" in out.getvalue()
    assert mail.outbox[0].to == ["gina@gamma.example"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "extra", "message"),
    [
        ("Gamma!", [], "Kleinbuchstaben"),
        ("admin", [], "reserviert"),
        ("alpha", [], "bereits vergeben"),
        ("gamma", ["--postal-code=123"], "Postleitzahl"),
        ("gamma", ["--category=gibtsnicht"], "Unbekannte Kategorie"),
    ],
)
def test_refuses_bad_input(slug, extra, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_club", slug, *ARGS, *extra, stdout=StringIO())
    assert not Club.objects.filter(slug="gamma").exists()
    assert not schema_exists("club_gamma")
