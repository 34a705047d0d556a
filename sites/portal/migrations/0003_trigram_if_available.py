"""pg_trgm for typo-tolerant title search, where the server ships it.

The embedded PostgreSQL of development (pgserver) ships no contrib extensions, production
PostgreSQL usually does. So the extension and its index are created only when available;
sites.portal.selectors checks at run time and otherwise corrects typos from the index's own
vocabulary (ts_stat). TrigramExtension() would fail outright on pgserver.
"""

from django.db import migrations

FORWARD = """
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXECUTE 'CREATE INDEX IF NOT EXISTS portal_listing_title_trgm ON portal_listing USING gin (title gin_trgm_ops)';
  END IF;
END
$$;
"""

BACKWARD = "DROP INDEX IF EXISTS portal_listing_title_trgm;"


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_listing")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
