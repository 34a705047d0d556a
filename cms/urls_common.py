"""URL patterns that both the portal and every club host serve (health probes, admin, documents, media)."""

from django.conf import settings
from django.urls import include, path, re_path

from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .private_files import public_media_serve

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    # Development only, and only public media (images, logos, exchange photos): Wagtail documents go
    # through /documents/ (collection privacy, passwords), application files through their views.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", public_media_serve)]
