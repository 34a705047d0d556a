"""Permission `community.act` ("Im Netzwerk für den Verein handeln"), also in existing club schemas.

`community` is a public-only app: its migrations do nothing in a club schema, so Django's
post_migrate would not add the new permission to the club schemas that exist already (nor to the
template new clubs are cloned from), and nobody could give it to a group there. The rows are
added here, schema by schema, as Django would have added them.
"""

from django.db import migrations

from django_tenants.utils import get_public_schema_name

PERMISSION_NAME = "Im Netzwerk für den Verein handeln"


def add_permission_to_club_schemas(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schema_name FROM clubs_club WHERE schema_name <> %s "
            "AND to_regclass(quote_ident(schema_name) || '.auth_permission') IS NOT NULL",
            [get_public_schema_name()],
        )
        schemas = [row[0] for row in cursor.fetchall()]
        for schema in schemas:
            cursor.execute(
                f"INSERT INTO {quote(schema)}.django_content_type (app_label, model) "  # noqa: S608 (quoted identifier)
                "VALUES ('community', 'post') ON CONFLICT (app_label, model) DO NOTHING"
            )
            cursor.execute(
                f"INSERT INTO {quote(schema)}.auth_permission (name, content_type_id, codename) "  # noqa: S608
                f"SELECT %s, id, 'act' FROM {quote(schema)}.django_content_type "
                "WHERE app_label = 'community' AND model = 'post' "
                "ON CONFLICT (content_type_id, codename) DO NOTHING",
                [PERMISSION_NAME],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0003_registration_club_label"),
        ("community", "0002_search_indexes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="post",
            options={
                "ordering": ["-created_at"],
                "permissions": [("act", PERMISSION_NAME)],
                "verbose_name": "Beitrag",
                "verbose_name_plural": "Beiträge",
            },
        ),
        migrations.RunPython(add_permission_to_club_schemas, migrations.RunPython.noop),
    ]
