"""Test settings: fast hashing, e-mails kept in memory, media in a throw-away folder."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("HH_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="hh-media-")
# Next to the media folder, never inside it (kept with it when HH_TEST_MEDIA_ROOT is given).
PRIVATE_MEDIA_ROOT = (
    MEDIA_ROOT.rstrip("/") + "-private"
    if os.environ.get("HH_TEST_MEDIA_ROOT")
    else tempfile.mkdtemp(prefix="hh-private-")
)
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", "127.0.0.1"]
# Several test runs may share one server: HH_TEST_DB_SUFFIX keeps their databases apart.
DATABASES["default"]["TEST"] = {"NAME": "test_heldenhelfer" + os.environ.get("HH_TEST_DB_SUFFIX", "")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
WAGTAILADMIN_BASE_URL = "http://localhost"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Staff tests sign in with a password only; tests/cms/test_two_factor.py switches the second factor on.
HH_2FA_REQUIRED_ON_PORTAL = False
WHITENOISE_AUTOREFRESH = True
# Off in tests: a test that changes data behind the signals must not see a stale page.
# tests/cms/test_page_cache.py switches it on.
HH_PAGE_CACHE_SECONDS = 0
HH_FRAGMENT_CACHE_SECONDS = 0
# HH_TEST_CACHES=production: every cache as in production — pages and fragments kept for
# 300 s, Redis when REDIS_URL is set (`make test-caches` runs the tenancy tests so; the app
# processes of tests/cms/test_multi_instance.py run so). Keys get the test database's name
# (and the xdist worker's): runs and workers sharing one Redis never see each other's entries.
HH_TEST_CACHES = os.environ.get("HH_TEST_CACHES", "")
if HH_TEST_CACHES == "production":
    HH_PAGE_CACHE_SECONDS = HH_FRAGMENT_CACHE_SECONDS = 300
    # pytest-xdist's worker name (set by pytest, not a setting: not in the README's table).
    _worker = "PYTEST_XDIST_WORKER"
    _run = DATABASES["default"]["TEST"]["NAME"] + os.environ.get(_worker, "")
    for _alias in CACHES.values():  # noqa: F405
        _alias["KEY_PREFIX"] = f"{_alias.get('KEY_PREFIX', '')}{_run}"
elif HH_TEST_CACHES:
    raise ValueError(f"HH_TEST_CACHES must be empty or 'production', not {HH_TEST_CACHES!r}")
