"""A version number of "which host serves which club" that PostgreSQL itself increases on every change.

Every web process keeps host → club (and the club's Wagtail site) in memory (cms/tenant_hosts.py)
and asks this one row, at most once every `HH_TENANT_CACHE_SECONDS`, whether anything changed:
the cost is one primary-key read per interval, whatever the number of clubs. A statement trigger
sets the row to a new number on every insert, update, delete or truncate of `clubs_club` and
`clubs_domain`; it commits with the write, so a reader never sees a new version before the rows
that go with it. A save of a Wagtail site (in a club schema) bumps it too, from Python
(`cms.tenant_hosts.bump_host_version`). The numbers come from a sequence (not transactional): a
rolled-back change's number never comes back. Same pattern as portal 0006.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE clubs_host_version_seq;
CREATE TABLE clubs_host_version (id smallint PRIMARY KEY, version bigint NOT NULL);
INSERT INTO clubs_host_version (id, version) VALUES (1, 0);
CREATE FUNCTION clubs_host_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.clubs_host_version SET version = nextval('public.clubs_host_version_seq') WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER clubs_host_version_bump
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clubs_club
    FOR EACH STATEMENT EXECUTE FUNCTION clubs_host_version_bump();
CREATE TRIGGER clubs_host_version_bump
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clubs_domain
    FOR EACH STATEMENT EXECUTE FUNCTION clubs_host_version_bump();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS clubs_host_version_bump ON clubs_domain;
DROP TRIGGER IF EXISTS clubs_host_version_bump ON clubs_club;
DROP FUNCTION IF EXISTS clubs_host_version_bump();
DROP TABLE IF EXISTS clubs_host_version;
DROP SEQUENCE IF EXISTS clubs_host_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("clubs", "0003_registration_club_label")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
