"""Which hosts changed, not only that some did: a log of changes next to the host version.

Migration 0004 made every write to clubs or domains bump one version number, and every web
process threw away its whole host cache when the number moved. While clubs are being
provisioned (a new district, a batch import) that happens every second or two, and with 2,000
clubs every host then costs its lookup again. Now each change also writes a row naming the
schema or the domain it touched, under the version it got; a process reads the rows newer than
the version it has seen (one indexed query per interval, usually empty) and forgets only those
hosts (cms/tenant_hosts.py).

Ordering: every change updates the single version row first, and that row stays locked until
the change's transaction ends, so changes commit in the order of their versions: a process that
has seen version V has seen every change up to V. The log keeps the last 10,000 changes;
`pruned_below` says up to where rows are gone, and a process that has seen less forgets
everything. TRUNCATE logs a change of everything ("*").
"""

from django.db import migrations

FORWARD = """
ALTER TABLE clubs_host_version ADD COLUMN pruned_below bigint NOT NULL DEFAULT 0;
CREATE TABLE clubs_host_change (
    version bigint NOT NULL,
    schema_name text NOT NULL DEFAULT '',
    domain text NOT NULL DEFAULT ''
);
CREATE INDEX clubs_host_change_version ON clubs_host_change (version);

CREATE FUNCTION clubs_host_change_record(p_schema text, p_domain text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    UPDATE public.clubs_host_version SET version = nextval('public.clubs_host_version_seq')
        WHERE id = 1 RETURNING version INTO v;
    INSERT INTO public.clubs_host_change (version, schema_name, domain)
        VALUES (v, coalesce(p_schema, ''), coalesce(p_domain, ''));
    IF random() < 0.01 THEN
        DELETE FROM public.clubs_host_change WHERE version < v - 10000;
        UPDATE public.clubs_host_version SET pruned_below = greatest(pruned_below, v - 10000) WHERE id = 1;
    END IF;
    RETURN v;
END;
$$;

CREATE FUNCTION clubs_host_change_club() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM public.clubs_host_change_record(OLD.schema_name, NULL);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.schema_name IS DISTINCT FROM OLD.schema_name) THEN
        PERFORM public.clubs_host_change_record(NEW.schema_name, NULL);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION clubs_host_change_domain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM public.clubs_host_change_record(NULL, OLD.domain);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.domain IS DISTINCT FROM OLD.domain) THEN
        PERFORM public.clubs_host_change_record(NULL, NEW.domain);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION clubs_host_change_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.clubs_host_change_record('*', '*');
    RETURN NULL;
END;
$$;

DROP TRIGGER clubs_host_version_bump ON clubs_club;
DROP TRIGGER clubs_host_version_bump ON clubs_domain;
DROP FUNCTION clubs_host_version_bump();
CREATE TRIGGER clubs_host_change AFTER INSERT OR UPDATE OR DELETE ON clubs_club
    FOR EACH ROW EXECUTE FUNCTION clubs_host_change_club();
CREATE TRIGGER clubs_host_change AFTER INSERT OR UPDATE OR DELETE ON clubs_domain
    FOR EACH ROW EXECUTE FUNCTION clubs_host_change_domain();
CREATE TRIGGER clubs_host_change_truncate AFTER TRUNCATE ON clubs_club
    FOR EACH STATEMENT EXECUTE FUNCTION clubs_host_change_all();
CREATE TRIGGER clubs_host_change_truncate AFTER TRUNCATE ON clubs_domain
    FOR EACH STATEMENT EXECUTE FUNCTION clubs_host_change_all();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS clubs_host_change_truncate ON clubs_domain;
DROP TRIGGER IF EXISTS clubs_host_change_truncate ON clubs_club;
DROP TRIGGER IF EXISTS clubs_host_change ON clubs_domain;
DROP TRIGGER IF EXISTS clubs_host_change ON clubs_club;
DROP FUNCTION IF EXISTS clubs_host_change_all();
DROP FUNCTION IF EXISTS clubs_host_change_domain();
DROP FUNCTION IF EXISTS clubs_host_change_club();
DROP FUNCTION IF EXISTS clubs_host_change_record(text, text);
DROP TABLE IF EXISTS clubs_host_change;
ALTER TABLE clubs_host_version DROP COLUMN IF EXISTS pruned_below;
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


class Migration(migrations.Migration):
    dependencies = [("clubs", "0004_host_version")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
