"""Settings of the server the browser tests talk to (started by tests/e2e/conftest.py).

The test settings (fast hashing, DEBUG off so error pages look like production), plus: e-mails
written to files so a test can read an invitation link, media served by Django, and no
in-process host cache (a test may change clubs from another process).
"""

import os

from cms.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
ROOT_URLCONF = "tests.e2e.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "tests.e2e.urls_public"
HH_PROCESS_CACHES = False
