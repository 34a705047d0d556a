"""The portal's URLs plus media files (production serves them from the web server or object storage)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cms.urls_public import urlpatterns as portal_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *portal_urlpatterns,
]
