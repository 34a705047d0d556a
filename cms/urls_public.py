"""URLs of the portal (public schema, the base domain). Each app names its own paths."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls

from cms.urls_common import urlpatterns as common
from cms.views import accessibility_statement, language_choose

urlpatterns = [
    path("", include("sites.clubs.urls_portal")),
    path("", include("sites.portal.urls")),
    path("", include("forms_assistant.urls")),
    path("", include("community.urls")),
    path("barrierefreiheit/", accessibility_statement, name="accessibility_statement"),
    path("", include("sites.clubs.urls_portal_legal")),
    path("sprache/<str:code>/", language_choose, name="language_choose"),
    *common,
]
# The portal's pages, like a club's: translations (wagtail-localize) under /en/…, German without a
# prefix. The portal's own views above stay unprefixed and follow the visitor's language
# (cms.middleware.LanguageMiddleware).
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
