"""A version number of the listings index that PostgreSQL itself increases on every write.

The search engine (sites.portal.search_engine) keeps a snapshot of the index per process and
must notice a change made by any other process (another gunicorn worker, a management command)
at once, also without a shared cache. A statement trigger sets one row to a new number on every
insert, update, delete or truncate of `portal_listing`; it commits with the write, so a reader
never sees a new version before the rows that go with it. The numbers come from a sequence
(not transactional): a rolled-back write's number never comes back, so a snapshot made inside
that transaction can never be taken for a later, committed state.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE portal_listing_version_seq;
CREATE TABLE portal_listing_version (id smallint PRIMARY KEY, version bigint NOT NULL);
INSERT INTO portal_listing_version (id, version) VALUES (1, 0);
CREATE FUNCTION portal_listing_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE portal_listing_version SET version = nextval('portal_listing_version_seq') WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER portal_listing_version_bump
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON portal_listing
    FOR EACH STATEMENT EXECUTE FUNCTION portal_listing_version_bump();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS portal_listing_version_bump ON portal_listing;
DROP FUNCTION IF EXISTS portal_listing_version_bump();
DROP TABLE IF EXISTS portal_listing_version;
DROP SEQUENCE IF EXISTS portal_listing_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_english_locale")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
