"""URLs of the portal (public schema, the base domain). Each app names its own paths."""

from django.urls import include, path

from wagtail import urls as wagtail_urls

from cms.urls_common import urlpatterns as common

urlpatterns = [
    path("", include("sites.clubs.urls_portal")),
    path("", include("sites.portal.urls")),
    path("", include("forms_assistant.urls")),
    path("", include("community.urls")),
    *common,
    path("", include(wagtail_urls)),
]
