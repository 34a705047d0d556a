"""Production settings: refuse to start with unsafe defaults, secure cookies and HSTS.

`manage.py check --deploy --fail-level WARNING` is clean with these settings and a valid
environment (tests/cms/test_production_settings.py); docs/operations.md lists that environment.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, HH_BACKUP_DIR, HH_BASE_DOMAIN, MEDIA_ROOT, PRIVATE_MEDIA_ROOT, SECRET_KEY, STATIC_ROOT, env

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be False in production (set DEBUG=false).")
# Django's own bar (check security.W009): at least 50 characters, at least 5 different ones.
if SECRET_KEY.startswith(("dev-insecure", "django-insecure")) or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if not env.str("HH_BASE_DOMAIN", default=""):
    raise ImproperlyConfigured("Set HH_BASE_DOMAIN to the portal's domain, e.g. heldenhelfer.de.")
if not env.list("ALLOWED_HOSTS", default=[]):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS, e.g. heldenhelfer.de,.heldenhelfer.de.")
# Every process's caches are invalidated by generations in the shared cache (decision 0027):
# without Redis a second process would never see the first one's changes.
if not env.str("REDIS_URL", default="") and not env.bool("HH_SINGLE_PROCESS", default=False):
    raise ImproperlyConfigured(
        "Set REDIS_URL (processes share caches and their generations through it), "
        "or HH_SINGLE_PROCESS=true when exactly one process serves."
    )


def _overlap(a, b) -> bool:
    """True if one folder is the other or lies inside it (symbolic links resolved)."""
    a, b = Path(a).resolve(), Path(b).resolve()
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


# Whatever lies below MEDIA_ROOT or STATIC_ROOT is served to anyone (proxy, whitenoise): private
# files, backups and the exports of deleted clubs must live elsewhere (docs/operations.md).
for _name, _folder in (("PRIVATE_MEDIA_ROOT", PRIVATE_MEDIA_ROOT), ("HH_BACKUP_DIR", HH_BACKUP_DIR)):
    for _public_name, _public in (("MEDIA_ROOT", MEDIA_ROOT), ("STATIC_ROOT", STATIC_ROOT)):
        if _overlap(_folder, _public):
            raise ImproperlyConfigured(
                f"{_name} ({_folder}) must lie outside {_public_name} ({_public}) and not contain it: "
                f"{_public_name} is served publicly."
            )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the instances directly over plain HTTP (docs/operations.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The header alone enrols nobody: preloading needs a submission at hstspreload.org. Every club
# subdomain is served over HTTPS (one wildcard certificate), so the domain qualifies.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HH_PUBLIC_SCHEME = "https"
HH_PUBLIC_PORT = ""
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=f"https://{HH_BASE_DOMAIN}")
# Invitations and notices must leave the building: SMTP unless another backend is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
