"""Settings shared by every environment, each read from the environment with a safe default.

Every variable is declared once here (django-environ) and listed in `.env.example` and the README.
`cms/settings/test.py` overrides what tests need; `cms/settings/production.py` refuses unsafe values.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-heldenhelfer-key-change-me")

# The portal lives on the base domain, every club on <slug>.<base domain>.
HH_BASE_DOMAIN = env.str("HH_BASE_DOMAIN", default="localhost")
# Port shown in links that we build ourselves (invitation mails, demo output); empty in production.
HH_PUBLIC_PORT = env.str("HH_PUBLIC_PORT", default="8000")
HH_PUBLIC_SCHEME = env.str("HH_PUBLIC_SCHEME", default="http")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[HH_BASE_DOMAIN, f".{HH_BASE_DOMAIN}", "127.0.0.1"])

# --- apps (django-tenants: SHARED_APPS live in "public", TENANT_APPS in every club schema) ---
_WAGTAIL_AND_DJANGO = [
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
]

# Login attempts (django-axes) and second factors (django-otp) belong to users, and users live per
# schema (tenancy rule 6): their tables are in public *and* in every club schema, so a lock-out or a
# device of one club's "info" account never touches another club's (docs/operations.md, "Security").
_SECURITY_APPS = [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes (cms/two_factor.py)
]

SHARED_APPS = [
    "django_tenants",  # first: its `migrate` command replaces Django's
    "sites.clubs",
    "sites.portal",
    "forms_assistant",
    "community",
    "sites.operations",
    "cms",
    *_WAGTAIL_AND_DJANGO,
    *_SECURITY_APPS,
]
TENANT_APPS = [
    "sites.pages",
    "office",  # members, fees, SEPA mandates: never in public (ARCHITECTURE.md)
    "cms",
    *_WAGTAIL_AND_DJANGO,
    *_SECURITY_APPS,
]
INSTALLED_APPS = list(dict.fromkeys(SHARED_APPS + TENANT_APPS))

TENANT_MODEL = "clubs.Club"
TENANT_DOMAIN_MODEL = "clubs.Domain"
# New clubs are cloned from this kept-migrated schema (docs/architecture.md, "Provisioning").
TENANT_BASE_SCHEMA = "club_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Content types stay cached per schema across requests (cms/tenancy/schema_caches.py).
EXTRA_SET_TENANT_METHOD_PATH = "cms.tenancy.schema_caches.on_set_tenant"
TENANT_LIMIT_SET_CALLS = False  # see ARCHITECTURE.md: stale search path after savepoint rollback
# migrate_schemas visits only schemas that are behind, in parallel (cms/tenancy/migration_executor.py).
GET_EXECUTOR_FUNCTION = "cms.tenancy.migration_executor.get_migration_executor"
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("TENANT_MULTIPROCESSING_MAX_PROCESSES", default=2)
# A schema whose migration runs longer fails the deploy with its name (cms/tenancy/migration_executor.py).
HH_MIGRATE_SCHEMA_TIMEOUT_SECONDS = env.float("HH_MIGRATE_SCHEMA_TIMEOUT_SECONDS", default=900)
PUBLIC_SCHEMA_URLCONF = "cms.urls_public"
# The demo region's loaders, in order (`manage.py load_demo`, cms/demo.py): the clubs first, then
# what fills them; the portal's index after the club pages it lists.
HH_DEMO_LOADERS = [
    "sites.clubs.demo",
    "sites.pages.demo",
    "sites.portal.demo",
    "forms_assistant.demo",
    "community.demo",
    "office.demo",
]
ROOT_URLCONF = "cms.urls_tenant"
DEFAULT_NOT_FOUND_TENANT_VIEW = "sites.portal.views.unknown_host"
# Each process keeps host → club, the host's Wagtail site and small per-schema lookups in memory,
# checked against the generations in the shared cache on every request (cms/tenancy/hosts.py);
# false: look them up every time (a server changed by another process without a shared cache).
HH_PROCESS_CACHES = env.bool("HH_PROCESS_CACHES", default=True)

MIDDLEWARE = [
    # Above the tenant middleware: its own answers (unknown host, bad Host header) get the HTTPS
    # redirect, HSTS, nosniff, CSP and X-Frame-Options too; none of these needs the tenant.
    "django.middleware.security.SecurityMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",  # above the page cache: cached pages get it too
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files on every host, with no tenant lookup
    "cms.public_urls.RequestOriginMiddleware",  # scheme and port of links built while answering
    "cms.tenancy.middleware.ClubTenantMiddleware",
    # Above the sessions: sees every cookie set; public pages get ETag/304, s-maxage and gzip,
    # everything personal `private, no-store` (cms/http_caching.py).
    "cms.http_caching.HttpCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LanguageMiddleware",  # Django's LocaleMiddleware; the portal's own views negotiate
    "cms.tenancy.page_cache.PageCacheMiddleware",  # after LanguageMiddleware: the language is part of the key
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.security.AdminTwoFactorMiddleware",
    "sites.clubs.middleware.ComingSoonMiddleware",  # needs the user: a club not live yet shows editors only
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.security.RequestErrorMiddleware",  # malformed posts: 400; a table not in this schema: 404
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.platform",
                "community.context_processors.crisis",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# --- database: DATABASE_URL, or the embedded PostgreSQL under .data/ (cms/embedded_db.py) ---
if env.str("DATABASE_URL", default=""):
    _db = env.db_url("DATABASE_URL")
else:
    from cms.embedded_db import embedded_database_url

    _db = environ.Env.db_url_config(
        embedded_database_url(BASE_DIR / ".data" / "pg", env.str("HH_DB_NAME", default="heldenhelfer"))
    )
_db["ENGINE"] = "cms.postgresql_backend"  # django-tenants, SET search_path only when it changes (ADR 0025)
_db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- caches: per-schema key prefix (tenancy rule 7) ---
_redis_url = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        # Per-schema entries (Wagtail's site root paths, renditions, …): Django's default of 300
        # entries would evict them round-robin with 2,000 clubs.
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "heldenhelfer",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    )
}
CACHES["default"]["KEY_FUNCTION"] = "django_tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "django_tenants.cache.reverse_key"
# Wagtail looks renditions up here first; image ids are per schema, so the keys are too.
CACHES["renditions"] = {**CACHES["default"], "LOCATION": _redis_url or "heldenhelfer-renditions", "TIMEOUT": 600}
# Full pages for anonymous visitors (cms/tenancy/page_cache.py); its keys name their schema themselves.
CACHES["pages"] = {
    **CACHES["default"],
    "LOCATION": _redis_url or "heldenhelfer-pages",
    "KEY_FUNCTION": "cms.tenancy.page_cache.make_key",
    "KEY_PREFIX": "hh",
    "OPTIONS": {} if _redis_url else {"MAX_ENTRIES": 40_000},  # pages and their fragments
}
CACHES["pages"].pop("REVERSE_KEY_FUNCTION", None)
HH_PAGE_CACHE_SECONDS = env.int("HH_PAGE_CACHE_SECONDS", default=300)  # 0 switches the page cache off
# Fragments of Wagtail pages (head, header, footer, home sections) for every visitor, purged with
# the page cache ({% page_fragment %} in cms/templatetags/heldenhelfer.py); 0 switches them off.
HH_FRAGMENT_CACHE_SECONDS = env.int("HH_FRAGMENT_CACHE_SECONDS", default=HH_PAGE_CACHE_SECONDS)
# A reverse proxy or CDN in front (docs/operations.md): HTTP PURGE address (e.g. Varnish's),
# sent a `PURGE /` per host whenever the page cache is purged (cms/frontend_cache.py). Empty: none.
HH_FRONTEND_CACHE_URL = env.str("HH_FRONTEND_CACHE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {"default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": HH_FRONTEND_CACHE_URL}}
    if HH_FRONTEND_CACHE_URL
    else {}
)
# s-maxage of public pages (cms/http_caching.py): how long a shared cache may keep them. Without
# purges (no HH_FRONTEND_CACHE_URL) 0 by default: a proxy keeps them but asks each time (ETag, 304).
HH_PROXY_CACHE_SECONDS = env.int(
    "HH_PROXY_CACHE_SECONDS", default=HH_PAGE_CACHE_SECONDS if HH_FRONTEND_CACHE_URL else 0
)

# --- auth ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# django-axes first: it refuses a locked-out username + address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # per account and address: no lock-out of others
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "cms/lockout.html"
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
# Number of reverse proxies in front of the web instances that append to X-Forwarded-For.
HH_TRUSTED_PROXY_COUNT = env.int("HH_TRUSTED_PROXY_COUNT", default=0)
# Valid submissions of the public forms per client address: (count, seconds) per form
# (cms/rate_limits.py; on a club site per club, too).
HH_RATE_LIMITS = {
    "registration": (10, 60 * 60),  # the portal's club registration
    "club_contact": (5, 10 * 60),
    "club_join": (5, 10 * 60),
    "club_event": (5, 10 * 60),
}
# Second factor (django-otp, TOTP): required for staff and operators on the portal, optional for
# club editors (cms/security.py).
OTP_TOTP_ISSUER = "Heldenhelfer"
HH_2FA_REQUIRED_ON_PORTAL = env.bool("HH_2FA_REQUIRED_ON_PORTAL", default=True)
# Host-only session cookies (tenancy rule 6): never set SESSION_COOKIE_DOMAIN.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True

# --- i18n: German first ---
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Dates the German way (14.06.2026, 14.06.2026 15:00) in the admin, its date pickers and on the
# sites; German input is accepted in every language (cms/formats/). Wagtail's pickers replace what
# they cannot parse with "now": their format must be the one editors type (cms/monkey_patches.py).
FORMAT_MODULE_PATH = ["cms.formats"]
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- static and media ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # media/<schema>/...
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Club backups and the exports kept for deleted clubs (sites/operations, docs/operations.md).
HH_BACKUP_DIR = env.path("HH_BACKUP_DIR", default=BASE_DIR / ".data" / "backups")
# Private files (application PDFs and attachments, cms/private_files.py): outside MEDIA_ROOT and
# STATIC_ROOT, never served by a URL of their own; views that check who asks hand them out, by
# streaming them (django) or through the web server (nginx: X-Accel-Redirect, sendfile: X-Sendfile).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / ".data" / "private")
HH_PRIVATE_FILES_SERVE = env.str("HH_PRIVATE_FILES_SERVE", default="django")
if HH_PRIVATE_FILES_SERVE not in ("django", "nginx", "sendfile"):
    raise ImproperlyConfigured("HH_PRIVATE_FILES_SERVE must be django, nginx or sendfile.")
# nginx: <prefix>private/ aliases PRIVATE_MEDIA_ROOT, <prefix>media/ aliases MEDIA_ROOT (both `internal;`).
HH_PRIVATE_FILES_NGINX_PREFIX = env.str("HH_PRIVATE_FILES_NGINX_PREFIX", default="/_protected/")
if HH_PRIVATE_FILES_SERVE != "django":
    SENDFILE_BACKEND = "cms.private_files"  # Wagtail's document serve view sends through the server too
# The only media paths (relative to MEDIA_ROOT) anyone may fetch by URL; the development /media/
# view enforces this list and the proxy must follow it (docs/operations.md). Not public: Wagtail
# documents (<schema>/documents/, served by Wagtail's view with its collection checks) and anything else.
HH_PUBLIC_MEDIA_PATHS = [
    r"[a-z0-9_]+/(original_images|images|avatar_images)/[^/]+",  # Wagtail images, renditions, avatars
    r"public/(club-logos|community/\d+)/[^/]+",  # club logos, exchange photos (platform_storage)
]
HH_CLUB_DELETION_GRACE_DAYS = env.int("HH_CLUB_DELETION_GRACE_DAYS", default=30)

# --- Content-Security-Policy (django-csp): strict on the sites, relaxed on /admin/ (cms/security.py) ---
_CSP_FRAMES = env.list("CSP_FRAME_SRC", default=["https://www.youtube-nocookie.com", "https://player.vimeo.com"])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],  # no inline script on the sites
        "style-src": ["'self'", "'unsafe-inline'"],  # style attributes carry theme colours; styles run no code
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *_CSP_FRAMES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Wagtail's admin and its add-ons still ship inline <script> (inline panels, date pickers,
# wagtail-localize): /admin/ gets these additions, nothing else does.
HH_CSP_ADMIN_UPDATE = {"script-src": ["'unsafe-inline'"], "img-src": ["blob:"], "worker-src": ["'self'", "blob:"]}

# --- e-mail: printed in development, SMTP from the environment in production ---
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Only for EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the browser tests read mails there).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / ".data" / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Heldenhelfer <noreply@heldenhelfer.localhost>")
HH_OPERATOR_EMAILS = env.list("HH_OPERATOR_EMAILS", default=["betrieb@heldenhelfer.localhost"])  # new registrations

# --- background work: django-tasks (immediate in development) ---
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# --- Wagtail ---
WAGTAIL_SITE_NAME = "Heldenhelfer"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL",
    default=f"{HH_PUBLIC_SCHEME}://{HH_BASE_DOMAIN}" + (f":{HH_PUBLIC_PORT}" if HH_PUBLIC_PORT else ""),
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}}
# Documents only through Wagtail's serve view, which checks private collections and passwords
# (never a redirect to the file's /media/ URL, which the proxy must not serve).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry scripts
# Images are re-encoded (metadata and hidden payloads dropped), documents checked against their extension.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No Gravatar: it would send a hash of every editor's e-mail address to a third party, and the
# Content-Security-Policy allows images from our own host only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call from editors' browsers to releases.wagtail.org either (updates come with our releases).
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Development and tests serve static files from the finders, production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
