"""sitemap.xml: Wagtail's pages of the current site plus the portal's own views.

On a club host Wagtail's sitemap lists the club's live, public pages (its own schema); on the
portal it lists the portal's pages and the search, calendar and API entry points. Both list the
translations of the pages too (/en/…): their tree stands next to the German one, below Wagtail's
root, where Wagtail's own sitemap does not look.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page


class PagesSitemap(WagtailSitemap):
    """Wagtail's sitemap over the site's tree and the trees of its home page's translations."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in [root, *root.get_translations()]:
            trees |= Q(path__startswith=home.path, depth__gte=home.depth)
        return Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific()


class PortalViewsSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["portal:engagement", "portal:events"]

    def location(self, item):
        return reverse(item)


def portal_sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PagesSitemap, "portal": PortalViewsSitemap})


def club_sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PagesSitemap})
