"""Settings of the gunicorn that bench/serve.py drives: production-like, plus two baseline views.

The base settings with DEBUG off and loopback hosts allowed; bench-only URLs (`/_bench/bare`
through the whole middleware stack, `/_bench/nodb` behind no middleware, see _serve_wsgi.py) in
front of the real club and portal URLs; and a header that lets the load generator ask for a page
without the page cache (X-Bench-No-Page-Cache), so cached and uncached pages are measured by the
same server in the same run. Importable when bench/ is on the Python path.
"""

from cms.settings.base import *  # noqa: F403
from cms.settings.base import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1"]
ROOT_URLCONF = "_serve_urls.tenant"
PUBLIC_SCHEMA_URLCONF = "_serve_urls.public"
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(MIDDLEWARE.index("cms.tenancy.page_cache.PageCacheMiddleware"), "_serve_urls.NoPageCacheMiddleware")
MIDDLEWARE.insert(0, "_serve_urls.StatementCountMiddleware")
WHITENOISE_USE_FINDERS = True
