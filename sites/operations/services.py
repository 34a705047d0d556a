"""Backup, restore and deletion of one club.

A backup is one `.tar.gz` archive:

* `manifest.json`: format, slug, schema, date, the schema's applied migrations, every table with
  its columns and every sequence with its value;
* `schema/<table>.copy`: the rows of each table of the club's schema (PostgreSQL COPY text format);
* `public.json`: the club's rows in the public schema (the club, its domains and everything that
  cascades from it: profile, board, planned events, applications, posts …), Django's JSON format;
* `media/…`: the club's media folder;
* `private/<storage>/…`: the club's private files (cms/private_files.py: application PDFs and
  attachments, booking vouchers, stored receipts), found through every file field whose storage is
  private, in the club's schema and in its public rows;
* `platform/…`: the platform-wide public files of its public rows (the club's logo, the photos of
  its exchange posts), below `MEDIA_ROOT/public/`.

Everything goes through the Django connection (COPY through psycopg), so a backup sees the same
transaction as the code around it and needs no `pg_dump` matching the server's version. A restore
clones the structure from the kept-migrated template schema (as provisioning does), empties it and
copies the rows in; it refuses a backup made with migrations the code does not know.

Deletion: `club_deletion_request` takes the club offline, keeps an export in `HH_BACKUP_DIR` and
mails the club; after `HH_CLUB_DELETION_GRACE_DAYS`, `club_deletions_purge` drops the schema,
removes the media folder, the private and platform files and deletes the public rows. Until then, `club_deletion_cancel` undoes it.
"""

import io
import json
import logging
import shutil
import tarfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from cms.private_files import PrivateStorage
from cms.tenancy.middleware import forget_tenant_hosts
from sites.clubs.cloning import schema_clone
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club, platform_storage

from .models import ClubDeletion

logger = logging.getLogger(__name__)
FORMAT = 1
# Rows the restore takes from the template, not from the backup: the structure comes from there.
_KEEP_FROM_TEMPLATE = {"django_migrations"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (German, for operators)."""


# --- reading the schema -----------------------------------------------------------------------------


def _raw():
    connection.ensure_connection()
    return connection.connection


def _tables(schema: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = %s AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position",
            [schema],
        )
        tables: dict[str, list[str]] = {}
        for table, column in cursor.fetchall():
            tables.setdefault(table, []).append(column)
    return tables


def _sequences(schema: str) -> dict[str, list]:
    with connection.cursor() as cursor:
        # pg_class, not information_schema.sequences: the latter leaves out identity columns' sequences.
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'S' AND n.nspname = %s ORDER BY c.relname",
            [schema],
        )
        names = [row[0] for row in cursor.fetchall()]
        values = {}
        for name in names:
            cursor.execute(f'SELECT last_value, is_called FROM "{schema}"."{name}"')  # noqa: S608 (catalogue names)
            values[name] = list(cursor.fetchone())
    return values


def _migrations(schema: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY id')  # noqa: S608
        return [list(row) for row in cursor.fetchall()]


def _quoted(columns: list[str]) -> str:
    return ", ".join('"' + column.replace('"', '""') + '"' for column in columns)


def _public_rows(club: Club) -> list:
    """The club and every public row that cascades from it (what deleting the club would delete)."""
    with schema_context(get_public_schema_name()):
        collector = Collector(using="default")
        collector.collect([club])
        rows = [obj for instances in collector.data.values() for obj in instances]
        for queryset in collector.fast_deletes:
            rows.extend(queryset)
    # Parents first is not needed (PostgreSQL checks Django's foreign keys at commit), but stable.
    rows.sort(key=lambda obj: (obj._meta.label != "clubs.Club", obj._meta.label, str(obj.pk)))
    return rows


def _file_fields() -> dict:
    """{model: [its file fields]} over every installed model that has any."""
    from django.apps import apps
    from django.db.models import FileField

    found = {}
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields if isinstance(field, FileField)]
        if fields:
            found[model] = fields
    return found


def _storage_key(storage) -> str | None:
    """Where a file of `storage` goes in the archive: `private/<subdir>`, `platform`, or None for the
    club's media folder (archived as a whole)."""
    if isinstance(storage, PrivateStorage):
        return f"private/{storage.subdir}"
    if Path(storage.location) == Path(platform_storage().location):
        return "platform"
    return None


def _storage_of(key: str):
    return platform_storage() if key == "platform" else PrivateStorage(key.removeprefix("private/"))


def _club_files(club: Club, public_rows: list) -> list[tuple[str, object, str]]:
    """(archive key, storage, name) of each of the club's files outside its media folder: private files
    in its schema's tables and its public rows, platform files of its public rows."""
    fields_of = _file_fields()
    files = []
    for obj in public_rows:
        for field in fields_of.get(type(obj), ()):
            key = _storage_key(field.storage)
            if key and (name := getattr(obj, field.attname)):
                files.append((key, field.storage, str(name)))
    tables = set(_tables(club.schema_name))
    with schema_context(club.schema_name):
        for model, fields in fields_of.items():
            private = [field for field in fields if isinstance(field.storage, PrivateStorage)]
            if not private or model._meta.db_table not in tables:
                continue
            keys = [(_storage_key(field.storage), field.storage) for field in private]
            for names in model._base_manager.values_list(*[field.attname for field in private]):
                files.extend(
                    (key, storage, str(name)) for (key, storage), name in zip(keys, names, strict=True) if name
                )
    return files


# --- backup -------------------------------------------------------------------------------------------


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def club_backup(*, club: Club, output: Path) -> Path:
    """Write the club's schema rows, public rows and media into one archive at `output`."""
    if club.kind != ClubKind.CLUB:
        raise BackupError(_("Nur Vereine können gesichert werden, nicht das Portal oder die Vorlage."))
    schema = club.schema_name
    if not schema_exists(schema):
        raise BackupError(_("Das Schema „%(schema)s“ fehlt.") % {"schema": schema})
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tables = _tables(schema)
    manifest = {
        "format": FORMAT,
        "slug": club.slug,
        "schema_name": schema,
        "created_at": timezone.now().isoformat(),
        "migrations": _migrations(schema),
        "tables": tables,
        "sequences": _sequences(schema),
    }
    partial = output.with_name(output.name + ".part")
    with tarfile.open(partial, "w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        raw = _raw()
        with raw.cursor() as cursor:
            for table, columns in tables.items():
                buffer = io.BytesIO()
                with cursor.copy(f'COPY "{schema}"."{table}" ({_quoted(columns)}) TO STDOUT') as copy:
                    for chunk in copy:
                        buffer.write(chunk)
                _add(archive, f"schema/{table}.copy", buffer.getvalue())
        public_rows = _public_rows(club)
        public = serializers.serialize("json", public_rows, indent=1)
        _add(archive, "public.json", public.encode())
        media = Path(settings.MEDIA_ROOT) / schema
        if media.is_dir():
            archive.add(media, arcname="media", recursive=True)
        for key, storage, name in _club_files(club, public_rows):
            if storage.exists(name):  # a file lost on disk is not invented; the row stays as it is
                archive.add(storage.path(name), arcname=f"{key}/{name}", recursive=False)
    partial.replace(output)
    return output


# --- restore ------------------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(_("Das ist keine Vereinssicherung von Heldenhelfer.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unbekanntes Format der Sicherung: %(format)s.") % {"format": manifest.get("format")})
    return manifest


def club_restore(*, archive_path: Path) -> Club:
    """Bring a club back from an archive into a database that does not have it (any more)."""
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        slug, schema = manifest["slug"], manifest["schema_name"]
        if Club.objects.filter(slug=slug).exists() or Club.objects.filter(schema_name=schema).exists():
            raise BackupError(
                _("Den Verein „%(slug)s“ gibt es hier schon; erst löschen, dann zurückspielen.") % {"slug": slug}
            )
        if schema_exists(schema):
            raise BackupError(_("Das Schema „%(schema)s“ gibt es schon.") % {"schema": schema})
        template = Club.objects.filter(kind=ClubKind.TEMPLATE).first()
        if template is None or not schema_exists(template.schema_name):
            raise BackupError(_("Die Vorlage für Vereine fehlt. Bitte „manage.py migrate_schemas“ ausführen."))
        known = {tuple(row) for row in _migrations(template.schema_name)}
        unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
        if unknown:
            raise BackupError(
                _("Die Sicherung stammt aus einer neueren Version (Migrationen: %(names)s).")
                % {"names": ", ".join(unknown[:5])}
            )
        media = Path(settings.MEDIA_ROOT) / schema
        try:
            with transaction.atomic():
                for item in serializers.deserialize("json", archive.extractfile("public.json").read()):
                    item.save()
                _reset_public_sequences(manifest_models=_public_models(archive))
                schema_clone(source=template.schema_name, target=schema)  # as provisioning does
                _fill_schema(archive, schema, manifest)
                connection.set_schema_to_public()
            _extract_media(archive, media)
            _extract_club_files(archive)
        except BackupError:
            connection.set_schema_to_public()
            raise
        except Exception as exc:
            connection.set_schema_to_public()
            shutil.rmtree(media, ignore_errors=True)
            logger.exception("restore of %s failed", slug)
            raise BackupError(_("Zurückspielen fehlgeschlagen: %(error)s") % {"error": exc}) from exc
    forget_tenant_hosts()
    return Club.objects.get(slug=slug)


def _public_models(archive: tarfile.TarFile) -> set[str]:
    return {row["model"] for row in json.load(archive.extractfile("public.json"))}


def _reset_public_sequences(*, manifest_models: set[str]) -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    models = [apps.get_model(label) for label in manifest_models]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _fill_schema(archive: tarfile.TarFile, schema: str, manifest: dict) -> None:
    present = _tables(schema)
    emptied = [table for table in present if table not in _KEEP_FROM_TEMPLATE]
    with connection.cursor() as cursor:
        if emptied:
            cursor.execute("TRUNCATE " + ", ".join(f'"{schema}"."{table}"' for table in emptied) + " CASCADE")
        # Foreign keys between the club's tables are checked once, at the end.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    raw = _raw()
    with raw.cursor() as cursor:
        for table, columns in manifest["tables"].items():
            if table in _KEEP_FROM_TEMPLATE or table not in present:
                continue
            missing = set(columns) - set(present[table])
            if missing:
                raise BackupError(
                    _("Spalten der Sicherung fehlen in %(table)s: %(columns)s")
                    % {"table": table, "columns": ", ".join(sorted(missing))}
                )
            data = archive.extractfile(f"schema/{table}.copy").read()
            with cursor.copy(f'COPY "{schema}"."{table}" ({_quoted(columns)}) FROM STDIN') as copy:
                copy.write(data)
    with connection.cursor() as cursor:
        for name, (value, is_called) in manifest["sequences"].items():
            cursor.execute("SELECT setval(%s, %s, %s)", [f'"{schema}"."{name}"', value, is_called])


def _invalid_path(member: tarfile.TarInfo) -> BackupError:
    return BackupError(_("Unzulässiger Pfad in der Sicherung: %(name)s") % {"name": member.name})


def _copy_out(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.extractfile(member) as source, open(target, "wb") as sink:
        shutil.copyfileobj(source, sink)


def _extract_media(archive: tarfile.TarFile, media: Path) -> None:
    members = [member for member in archive.getmembers() if member.name.startswith("media/")]
    for member in members:
        # Only plain files and folders below media/: no links, no "..", no absolute paths.
        relative = Path(member.name).relative_to("media")
        if member.issym() or member.islnk() or ".." in relative.parts or relative.is_absolute():
            raise _invalid_path(member)
    for member in members:
        target = media / Path(member.name).relative_to("media")
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
        elif member.isfile():
            _copy_out(archive, member, target)


def _extract_club_files(archive: tarfile.TarFile) -> None:
    """The archive's `private/<storage>/<name>` and `platform/<name>` files back into their storages.
    Every name is checked first (plain files only, the storage's own check: nothing outside its folder),
    then the files are written."""
    targets = []
    for member in archive.getmembers():
        parts = Path(member.name).parts
        if not parts or parts[0] not in ("private", "platform") or member.isdir():
            continue
        depth = 2 if parts[0] == "private" else 1
        if not member.isfile() or len(parts) <= depth or ".." in parts:
            raise _invalid_path(member)
        storage = _storage_of("/".join(parts[:depth]))
        try:
            targets.append((member, Path(storage.path("/".join(parts[depth:])))))
        except SuspiciousFileOperation as exc:
            raise _invalid_path(member) from exc
    for member, target in targets:
        _copy_out(archive, member, target)


# --- deletion -----------------------------------------------------------------------------------------


def club_deletion_request(*, club: Club, by: str, grace_days: int | None = None) -> ClubDeletion:
    """Take the club offline, keep an export and schedule the purge after the grace period."""
    if club.kind != ClubKind.CLUB:
        raise BackupError(_("Nur Vereine können gelöscht werden."))
    if ClubDeletion.objects.filter(club=club, purged_at__isnull=True).exists():
        raise BackupError(_("Die Löschung von „%(name)s“ ist bereits vorgemerkt.") % {"name": club.name})
    grace = settings.HH_CLUB_DELETION_GRACE_DAYS if grace_days is None else grace_days
    now = timezone.now()
    export = Path(settings.HH_BACKUP_DIR) / "deletions" / f"{club.slug}-{now:%Y%m%d-%H%M%S}.tar.gz"
    club_backup(club=club, output=export)
    with transaction.atomic():
        deletion = ClubDeletion.objects.create(
            club=club,
            slug=club.slug,
            name=club.name,
            requested_by=by,
            purge_after=now + timedelta(days=grace),
            export_path=str(export),
        )
        club.is_active = False
        club.save(update_fields=["is_active"])
    forget_tenant_hosts()
    if club.email:
        send_mail(
            _("Löschung Ihrer Vereinsseite vorgemerkt"),
            _(
                "Die Vereinsseite „%(name)s“ ist offline und wird am %(date)s endgültig gelöscht. "
                "Bis dahin kann die Löschung rückgängig gemacht werden, und ein Export aller Daten "
                "liegt für Sie bereit: bitte bei den Betreibern anfordern."
            )
            % {"name": club.name, "date": timezone.localtime(deletion.purge_after).strftime("%d.%m.%Y")},
            None,
            [club.email],
        )
    return deletion


def club_deletion_cancel(*, club: Club) -> None:
    """Undo a deletion request within the grace period: the club is back online."""
    deletion = ClubDeletion.objects.filter(club=club, purged_at__isnull=True).first()
    if deletion is None:
        raise BackupError(_("Für „%(name)s“ ist keine Löschung vorgemerkt.") % {"name": club.name})
    with transaction.atomic():
        deletion.delete()
        club.is_active = True
        club.save(update_fields=["is_active"])
    forget_tenant_hosts()


def club_purge(*, club: Club) -> None:
    """Remove a club for good: its schema, its media folder, its private and platform files and its public rows."""
    if club.kind != ClubKind.CLUB:
        raise BackupError(_("Nur Vereine können gelöscht werden."))
    schema = club.schema_name
    files = _club_files(club, _public_rows(club))
    with transaction.atomic():
        ClubDeletion.objects.filter(club=club).update(purged_at=timezone.now())
        with schema_context(get_public_schema_name()):
            club.delete()  # auto_drop_schema is off: the schema goes below, explicitly
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    shutil.rmtree(Path(settings.MEDIA_ROOT) / schema, ignore_errors=True)
    for _key, storage, name in files:
        storage.delete(name)
    forget_tenant_hosts()


def club_deletions_purge(*, now=None) -> list[str]:
    """Purge every club whose grace period is over; returns their slugs."""
    now = now or timezone.now()
    purged = []
    due = ClubDeletion.objects.filter(purged_at__isnull=True, purge_after__lte=now, club__isnull=False)
    for deletion in due.select_related("club"):
        club_purge(club=deletion.club)
        purged.append(deletion.slug)
    return purged
