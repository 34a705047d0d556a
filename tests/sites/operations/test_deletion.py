"""Deleting a club: offline with an export first, purged (schema, media, public rows) after the grace period."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tenants.utils import schema_exists

from sites.clubs.models import Club, Domain
from sites.operations.models import ClubDeletion
from sites.operations.services import (
    BackupError,
    club_deletion_cancel,
    club_deletion_request,
    club_deletions_purge,
)
from tests.conftest import host_client


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.HH_BACKUP_DIR = tmp_path / "backups"


@pytest.mark.django_db
def test_request_takes_the_club_offline_keeps_an_export_and_tells_the_club(club, mailoutbox):
    deletion = club_deletion_request(club=club, by="betrieb", grace_days=30)
    assert Path(deletion.export_path).is_file()
    assert deletion.purge_after > timezone.now() + timedelta(days=29)
    club.refresh_from_db()
    assert not club.is_active
    assert host_client(club.primary_hostname).get("/").status_code != 200
    assert schema_exists(club.schema_name)  # nothing is gone yet
    assert len(mailoutbox) == 1 and "endgültig gelöscht" in mailoutbox[0].body
    with pytest.raises(BackupError, match="bereits vorgemerkt"):
        club_deletion_request(club=club, by="betrieb")


@pytest.mark.django_db
def test_cancel_brings_the_club_back(club):
    club_deletion_request(club=club, by="betrieb")
    club_deletion_cancel(club=club)
    club.refresh_from_db()
    assert club.is_active and not ClubDeletion.objects.filter(club=club).exists()
    assert host_client(club.primary_hostname).get("/").status_code == 200


@pytest.mark.django_db
def test_purge_waits_for_the_grace_period_then_removes_everything(club, other_club):
    media = Path(settings.MEDIA_ROOT) / club.schema_name
    media.mkdir(parents=True, exist_ok=True)
    (media / "bild.jpg").write_bytes(b"x")
    deletion = club_deletion_request(club=club, by="betrieb", grace_days=30)
    assert club_deletions_purge(now=timezone.now() + timedelta(days=29)) == []
    assert schema_exists(club.schema_name)

    assert club_deletions_purge(now=timezone.now() + timedelta(days=31)) == ["alpha"]
    assert not schema_exists("club_alpha")
    assert not media.exists()
    assert not Club.objects.filter(slug="alpha").exists()
    assert not Domain.objects.filter(domain="alpha.localhost").exists()
    deletion.refresh_from_db()
    assert deletion.club_id is None and deletion.purged_at is not None  # the record stays
    assert Path(deletion.export_path).is_file()  # and so does the export
    # The other club is untouched.
    assert schema_exists(other_club.schema_name)
    assert host_client(other_club.primary_hostname).get("/").status_code == 200


@pytest.mark.django_db
def test_commands(club, capsys):
    call_command("club_delete", "alpha", "--grace-days", "0")
    assert "offline" in capsys.readouterr().out
    call_command("club_purge_deleted")
    assert "1 Verein(e)" in capsys.readouterr().out
    assert not Club.objects.filter(slug="alpha").exists()
