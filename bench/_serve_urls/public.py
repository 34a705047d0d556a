"""The portal host in the serve bench: the baselines, then every real portal URL."""

from django.urls import path

from cms.urls_public import urlpatterns as portal_urlpatterns

from . import bare, nodb

urlpatterns = [path("_bench/bare", bare), path("_bench/nodb", nodb), *portal_urlpatterns]
