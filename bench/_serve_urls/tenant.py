"""Club hosts in the serve bench: the baselines, then every real club URL."""

from django.urls import path

from cms.urls_tenant import urlpatterns as club_urlpatterns

from . import bare, nodb, publish

urlpatterns = [path("_bench/bare", bare), path("_bench/nodb", nodb), path("_bench/publish", publish), *club_urlpatterns]
