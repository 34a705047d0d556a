"""WSGI entry of the serve bench: the project's application, and `/_bench/nodb` behind no middleware.

The no-database baseline is Django's request/response cycle with an empty middleware chain (no
tenant routing, no sessions): the limit of gunicorn + Django on this machine.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "_serve_settings")

from django.core.handlers.exception import convert_exception_to_response  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

project = get_wsgi_application()


class NoMiddlewareHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


nodb = NoMiddlewareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/_bench/nodb":
        return nodb(environ, start_response)
    return project(environ, start_response)
