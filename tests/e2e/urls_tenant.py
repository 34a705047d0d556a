"""A club host's URLs plus media files (production serves them from the web server or object storage)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cms.urls_tenant import urlpatterns as club_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *club_urlpatterns,
]
