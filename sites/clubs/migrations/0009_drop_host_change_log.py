"""The host change log of 0004/0005 goes: caches are invalidated by generations in the shared cache.

Every write to clubs or domains updated one row (`clubs_host_version`) and held its lock until
commit, so writers of different clubs queued behind each other (provisioning included), and
every process polled the log every 2 s. Host → club is now checked against per-host and
per-schema generations in Redis on each request (cms/tenancy/invalidation.py; decision 0026).
"""

from importlib import import_module

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS clubs_host_change_truncate ON clubs_domain;
DROP TRIGGER IF EXISTS clubs_host_change_truncate ON clubs_club;
DROP TRIGGER IF EXISTS clubs_host_change ON clubs_domain;
DROP TRIGGER IF EXISTS clubs_host_change ON clubs_club;
DROP TRIGGER IF EXISTS clubs_host_version_bump ON clubs_domain;
DROP TRIGGER IF EXISTS clubs_host_version_bump ON clubs_club;
DROP FUNCTION IF EXISTS clubs_host_change_all();
DROP FUNCTION IF EXISTS clubs_host_change_domain();
DROP FUNCTION IF EXISTS clubs_host_change_club();
DROP FUNCTION IF EXISTS clubs_host_change_record(text, text);
DROP FUNCTION IF EXISTS clubs_host_version_bump();
DROP TABLE IF EXISTS clubs_host_change;
DROP TABLE IF EXISTS clubs_host_version;
DROP SEQUENCE IF EXISTS clubs_host_version_seq;
"""


def _backward_sql() -> str:
    # Back to the log as 0004 and 0005 left it.
    first = import_module("sites.clubs.migrations.0004_host_version")
    second = import_module("sites.clubs.migrations.0005_host_changes")
    return first.FORWARD + second.FORWARD


class Migration(migrations.Migration):
    dependencies = [("clubs", "0008_club_sepa_version_lead_days")]

    operations = [migrations.RunSQL(FORWARD, _backward_sql())]
