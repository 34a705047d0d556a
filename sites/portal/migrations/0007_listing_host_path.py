"""Listings keep the club's host and the page's path instead of an absolute URL.

The absolute URL carried the scheme and port of the moment it was written (`:8000` of a demo load,
whatever port serves later). Links are now built when rendered (sites.portal.models.Listing.url,
cms.public_urls). Existing rows are split here; image paths on the club's own host lose their
origin too.
"""

from django.db import migrations, models

FORWARD = r"""
UPDATE portal_listing
   SET host = lower(substring(path FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)')),
       path = coalesce(nullif(regexp_replace(path, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*', ''), ''), '/')
 WHERE path ~ '^[A-Za-z][A-Za-z0-9+.-]*://';
UPDATE portal_listing
   SET image_url = coalesce(nullif(regexp_replace(image_url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*', ''), ''), '/')
 WHERE host <> ''
   AND lower(substring(image_url FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)')) = host;
"""

BACKWARD = r"""
UPDATE portal_listing SET image_url = 'http://' || host || image_url WHERE host <> '' AND image_url LIKE '/%';
UPDATE portal_listing SET path = 'http://' || host || path WHERE host <> '';
"""


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_listing_version")]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="host",
            field=models.CharField(blank=True, max_length=253, verbose_name="Host"),
        ),
        migrations.RenameField(model_name="listing", old_name="url", new_name="path"),
        migrations.AlterField(
            model_name="listing",
            name="path",
            field=models.CharField(max_length=500, verbose_name="Pfad"),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
