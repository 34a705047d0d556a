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

from cms.public_urls import absolute_url, url_host, url_path


class PagesSitemap(WagtailSitemap):
    """Wagtail's sitemap over the site's tree and the trees of its home page's translations."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in [root, *root.get_translations()]:
            trees |= Q(path__startswith=home.path, depth__gte=home.depth)
        return Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Wagtail takes scheme and port from the Site row (port 80, or the port of the day the club
        # was provisioned); the sitemap must name the addresses that answer now.
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            location = info.get("location") or ""
            if location.startswith(("http://", "https://")):
                info["location"] = absolute_url(url_host(location), url_path(location), request=self.request)
        return urls


class PortalViewsSitemap(Sitemap):
    """The portal's own public views (not Wagtail pages): search, calendar, directory, network."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "clubs_portal:directory",
            "portal:engagement",
            "portal:events",
            "community:posts",
            "clubs_portal:registration",
            "accessibility_statement",
            "portal_imprint",
            "portal_privacy",
        ]

    def location(self, item):
        return reverse(item)


class ClubsSitemap(Sitemap):
    """The portal's profile page of every active club (/vereine/<slug>/)."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        from .selectors import clubs_public

        return clubs_public().order_by("slug").only("slug")

    def location(self, item):
        return reverse("clubs_portal:detail", args=[item.slug])


def portal_sitemap(request):
    return wagtail_sitemap(
        request, sitemaps={"pages": PagesSitemap, "portal": PortalViewsSitemap, "clubs": ClubsSitemap}
    )


def club_sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PagesSitemap})
