"""A club round-trips through `club_backup` and `club_restore`: schema rows, public rows, media."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

import pytest
from django_tenants.utils import schema_context, schema_exists

from sites.clubs.models import BoardMember, Club
from sites.operations.services import BackupError, club_backup, club_purge, club_restore
from tests.conftest import host_client
from tests.forms_assistant.conftest import (  # noqa: F401  (fixtures)
    authority,
    club_actor,
    club_profile,
    draft,
    event,
    form_template,
    submitted,
)


def _snapshot(club: Club) -> dict:
    from wagtail.models import Page, Site

    with schema_context(club.schema_name):
        snapshot = {
            "pages": sorted(Page.objects.values_list("id", "title", "url_path")),
            "users": sorted(get_user_model().objects.values_list("id", "username", "email")),
            "sites": sorted(Site.objects.values_list("hostname", "root_page_id")),
        }
    snapshot["board"] = sorted(BoardMember.objects.filter(club=club).values_list("role", "name"))
    snapshot["domains"] = sorted(club.domains.values_list("domain", flat=True))
    return snapshot


@pytest.fixture
def alpha_with_data(club):
    from forms_assistant.services import planned_event_save

    BoardMember.objects.get_or_create(club=club, role="chair", defaults={"name": "Erika Musterfrau"})
    planned_event_save(
        club=club,
        data={
            "title": "Sommerfest",
            "date_start": date(2030, 7, 1),
            "date_end": date(2030, 7, 2),
            "place_kind": "public_space",
            "place_description": "Marktplatz",
            "expected_visitors": 50,
        },
    )
    media = Path(settings.MEDIA_ROOT) / club.schema_name / "documents"
    media.mkdir(parents=True, exist_ok=True)
    (media / "satzung.txt").write_text("Satzung des SV Alpha")
    return club


@pytest.mark.django_db
def test_a_club_round_trips_into_a_database_without_it(alpha_with_data, tmp_path):
    club = alpha_with_data
    before = _snapshot(club)
    events_before = list(club.planned_events.values_list("title", flat=True))
    archive = club_backup(club=club, output=tmp_path / "alpha.tar.gz")

    club_purge(club=club)
    assert not Club.objects.filter(slug="alpha").exists()
    assert not schema_exists("club_alpha")
    assert not (Path(settings.MEDIA_ROOT) / "club_alpha").exists()
    assert host_client("alpha.localhost").get("/").status_code == 404

    restored = club_restore(archive_path=archive)
    connection.set_schema_to_public()
    assert restored.slug == "alpha" and restored.schema_name == "club_alpha"
    assert _snapshot(restored) == before
    assert list(restored.planned_events.values_list("title", flat=True)) == events_before
    assert (
        Path(settings.MEDIA_ROOT) / "club_alpha" / "documents" / "satzung.txt"
    ).read_text() == "Satzung des SV Alpha"
    response = host_client("alpha.localhost").get("/")
    assert response.status_code == 200 and "SV Alpha" in response.content.decode()
    # Sequences follow the restored rows: new rows get fresh ids.
    with schema_context(restored.schema_name):
        user = get_user_model().objects.create_user(username="neu", password="neues-passwort-1")
    assert user.pk > max(row[0] for row in before["users"])


@pytest.mark.django_db
def test_restore_refuses_an_existing_club(club, tmp_path):
    archive = club_backup(club=club, output=tmp_path / "alpha.tar.gz")
    with pytest.raises(BackupError, match="gibt es hier schon"):
        club_restore(archive_path=archive)


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(BackupError, match="keine Vereinssicherung"):
        club_restore(archive_path=bogus)


@pytest.mark.django_db
def test_the_portal_is_not_backed_up_as_a_club(portal, tmp_path):
    with pytest.raises(BackupError):
        club_backup(club=portal, output=tmp_path / "portal.tar.gz")


@pytest.mark.django_db
def test_management_commands(club, tmp_path, capsys):
    target = tmp_path / "alpha.tar.gz"
    call_command("club_backup", "alpha", "--output", str(target))
    assert target.is_file() and "Gesichert" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Unbekannter Verein"):
        call_command("club_backup", "gibtsnicht", "--output", str(target))
    with pytest.raises(CommandError, match="gibt es hier schon"):
        call_command("club_restore", str(target))


@pytest.mark.django_db
def test_private_files_travel_with_the_backup_and_go_with_the_purge(club, submitted, tmp_path):  # noqa: F811
    """The club's private files (cms/private_files.py) live outside its media folder: a booking's
    voucher in its schema, a submitted application's PDF in its public rows; so does its logo (the
    platform's public files). The backup carries them, the purge removes them (data protection),
    the restore brings them back."""
    import datetime
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from forms_assistant.models import Application
    from office.models import Account, Booking, LedgerCategory
    from office.services.finance import booking_create

    with schema_context(club.schema_name):
        booking = booking_create(
            data={
                "booked_on": datetime.date(2026, 3, 1),
                "amount": Decimal("-12.34"),
                "account": Account.objects.get(number="1200"),
                "text": "Beleg-Zq5",
                "category": LedgerCategory.objects.get(number="2540"),
            },
            voucher=SimpleUploadedFile("rechnung.pdf", b"%PDF-1.4 Beleg-Zq5", content_type="application/pdf"),
            by=None,
        )
        voucher = Path(booking.voucher.path)
    with connection.cursor() as cursor:  # the test's one transaction: checks now, as a commit would
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    pdf = Path(submitted.pdf.path)
    pdf_bytes = pdf.read_bytes()
    assert voucher.exists() and pdf_bytes.startswith(b"%PDF")
    club.logo.save("logo.png", SimpleUploadedFile("logo.png", b"\x89PNG logo-Zq5"), save=True)
    logo = Path(club.logo.path)

    archive = club_backup(club=club, output=tmp_path / "alpha.tar.gz")
    club_purge(club=club)
    assert not voucher.exists() and not pdf.exists() and not logo.exists()

    with connection.cursor() as cursor:  # back to Django's deferred checks, as in a new transaction
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    club_restore(archive_path=archive)
    connection.set_schema_to_public()
    assert Application.objects.get(pk=submitted.pk).pdf.read() == pdf_bytes
    assert Club.objects.get(slug="alpha").logo.read() == b"\x89PNG logo-Zq5"
    with schema_context("club_alpha"):
        assert Booking.objects.get(text="Beleg-Zq5").voucher.read() == b"%PDF-1.4 Beleg-Zq5"
