"""The request's language (tenant routing: cms/tenancy/middleware.py).

`LanguageMiddleware` is Django's LocaleMiddleware with one exception for the portal, see there.
"""

import functools

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation

from wagtail import views as wagtail_views


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware; on the portal, its own views keep following the visitor's choice.

    Both URL configurations serve Wagtail pages through `i18n_patterns(prefix_default_language=False)`:
    translations under /en/…, German without a prefix. With such patterns Django makes *every*
    unprefixed path German, whatever the `django_language` cookie or Accept-Language says. That is
    right for club sites (everything there is a page or belongs to one), but the portal's own views
    (/vereine/, /engagement/, /registrieren/, …) have no prefixed variant and have always been
    shown in the visitor's language. So on the portal host an unprefixed path that is not one of
    Wagtail's page URLs still negotiates its language from cookie and Accept-Language.
    """

    def process_request(self, request):
        super().process_request(request)
        urlconf = getattr(request, "urlconf", None)
        if urlconf is None or urlconf != getattr(settings, "PUBLIC_SCHEMA_URLCONF", None):
            return
        path = request.path_info
        if translation.get_language_from_path(path):
            return
        # Memoised (bounded, short paths only): resolving a page path tries every pattern before
        # Wagtail's catch-all, up to about 40 µs, and this runs before the page cache too.
        page = _serves_page_cached(urlconf, path) if len(path) <= 200 else _serves_page(urlconf, path)
        if not page:
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()


def _serves_page(urlconf: str, path: str) -> bool:
    """Whether `path` goes to Wagtail's page serving view. Called while the default language is
    active: the unprefixed page patterns match only then."""
    try:
        return resolve(path, urlconf).func is wagtail_views.serve
    except Resolver404:
        return False


_serves_page_cached = functools.lru_cache(maxsize=4096)(_serves_page)
