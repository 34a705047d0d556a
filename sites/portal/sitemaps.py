"""sitemap.xml: Wagtail's pages of the current site plus the portal's own views.

On a club host Wagtail's sitemap lists the club's live, public pages (its own schema); on the
portal it lists the portal's pages and the search, calendar and API entry points.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class PortalViewsSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["portal:engagement", "portal:events"]

    def location(self, item):
        return reverse(item)


def portal_sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": WagtailSitemap, "portal": PortalViewsSitemap})


def club_sitemap(request):
    return wagtail_sitemap(request)
