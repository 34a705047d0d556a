"""URLs of a club site (club schema, <slug>.<base domain>). Each app names its own paths."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls

from cms.urls_common import urlpatterns as common

urlpatterns = [
    path("", include("sites.clubs.urls")),
    path("", include("sites.pages.urls")),
    path("", include("office.urls")),  # joining confirmation and members' self-service
    path("", include("sites.portal.urls_club")),
    *common,
]
# Page translations (wagtail-localize) live under /en/…; German, the default, has no prefix.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
