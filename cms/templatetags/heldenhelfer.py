"""Template tags of the layout: navigation, theme stylesheet, language switcher, legal links, JSON-LD."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from wagtail.models import Page, Site

register = template.Library()

# The portal's main navigation; the apps behind these paths are built by their own engineers.
PORTAL_NAV = [
    ("/vereine/", "Vereine"),
    ("/engagement/", "Engagement finden"),
    ("/veranstaltungen/", "Veranstaltungen"),
    ("/netzwerk/", "Netzwerk"),
    ("/registrieren/", "Verein registrieren"),
]


def _site_root(request) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    root = site.root_page
    # The root page of the current language (the English tree is a translation of the German one).
    return root.localized if root else None


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """Menu entries: the home's children marked „Im Menü anzeigen“, or the portal's fixed paths."""
    request = context.get("request")
    current = context.get("page")
    if context.get("current_club") is None:
        path = request.path if request else ""
        return [{"url": url, "title": title, "active": path.startswith(url)} for url, title in PORTAL_NAV]
    root = _site_root(request)
    if root is None:
        return []
    items = []
    for child in root.get_children().live().in_menu().public():
        active = bool(current and getattr(current, "url_path", "").startswith(child.url_path))
        items.append({"url": child.get_url(request), "title": child.title, "active": active})
    return items


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    request = context.get("request")
    root = _site_root(request) if context.get("current_club") is not None else None
    return (root.get_url(request) if root else None) or "/"


@register.simple_tag(takes_context=True)
def legal_links(context) -> dict:
    """Impressum and Datenschutz of a club site (children of its home page)."""
    if context.get("current_club") is None:
        return {"imprint": "/impressum/", "privacy": "/datenschutz/"}
    from sites.pages.models import ImprintPage, PrivacyPage

    request = context.get("request")
    root = _site_root(request)
    links = {"imprint": "", "privacy": ""}
    if root is None:
        return links
    for key, model in (("imprint", ImprintPage), ("privacy", PrivacyPage)):
        page = model.objects.child_of(root).live().first()
        links[key] = page.get_url(request) if page else ""
    return links


@register.simple_tag(takes_context=True)
def page_translations(context, page) -> list[dict]:
    """Live translations of `page` for the language switcher (the current language first)."""
    if page is None or not hasattr(page, "get_translations"):
        return []
    request = context.get("request")
    pages = [page, *page.get_translations().live().select_related("locale")]
    if len(pages) < 2:
        return []
    result = []
    for item in pages:
        code = item.locale.language_code
        info = get_language_info(code)
        result.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": item.get_url(request),
                "current": item.pk == page.pk,
            }
        )
    return result


@register.simple_tag(takes_context=True)
def theme_stylesheet(context) -> str:
    """URL of the club's colour stylesheet, versioned by its content so browsers may cache it."""
    club = context.get("current_club")
    if club is None:
        return ""
    from cms.models import SiteAppearance
    from sites.pages.views import theme_colours, theme_version

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    appearance = SiteAppearance.for_site(site) if site else None
    version = theme_version(theme_colours(appearance=appearance, club=club))
    return f"{reverse('pages:theme_css')}?v={version}"


@register.simple_tag
def json_ld(text: str) -> str:
    """Wrap already escaped JSON (see sites.pages.selectors.event_json_ld) in its script element."""
    if not text:
        return ""
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped by the selector
