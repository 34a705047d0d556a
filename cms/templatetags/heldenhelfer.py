"""Template tags of the layout: navigation, theme stylesheet, language switcher, legal links, JSON-LD."""

import re
import uuid
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction, Site

from cms.prepared_queries import PreparedQuery

register = template.Library()

# The portal's main navigation; the apps behind these paths are built by their own engineers.
PORTAL_NAV = [
    ("/vereine/", _("Vereine")),
    ("/engagement/", _("Engagement finden")),
    ("/veranstaltungen/", _("Veranstaltungen")),
    ("/netzwerk/", _("Netzwerk")),
    ("/registrieren/", _("Verein registrieren")),
]


def _site_root(request) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    root = site.root_page
    # The root page of the current language (the English tree is a translation of the German one).
    return root.localized if root else None


# Models of the club tree that the layout links to, by content type (app label "pages").
_LEGAL_MODELS = {"imprintpage": "imprint", "privacypage": "privacy"}


# What the layout reads of these pages (menu, section and legal links, translations): a page row
# has about 40 columns, and compiling and loading them all cost more than the query (issue 16).
_CHROME_FIELDS = (
    "id", "path", "depth", "title", "url_path", "show_in_menus", "translation_key", "live",
    "locale__language_code", "content_type__app_label", "content_type__model",
)  # fmt: skip


@dataclass
class ClubChrome:
    """What the layout of a club page needs from the tree: its home, the home's children (menu,
    legal pages, section indexes) and the page's translations."""

    home_url: str = "/"
    home: Page | None = None
    children: list = field(default_factory=list)
    translations: list = field(default_factory=list)

    def child_url(self, model_name: str) -> str:
        for child in self.children:
            if child.content_type.model == model_name:
                return child.url_for_layout
        return ""

    def url_of(self, page_id: int | None) -> str:
        for child in self.children:
            if child.pk == page_id:
                return child.url_for_layout
        return ""


def club_chrome(context) -> ClubChrome:
    """The club layout's tree data in ONE query, memoised on the request.

    The home page is the current page's depth-2 ancestor, so its path is a prefix of the page's
    path and needs no query; its children and the page's translations come in the same query.
    Pages behind a view restriction stay out of the menu (`Exists`, not Wagtail's `public()`,
    which costs a query of its own).
    """
    request = context.get("request")
    page = context.get("page")
    memo = getattr(request, "_hh_club_chrome", None)
    if memo is not None and memo[0] is page:
        return memo[1]
    chrome = ClubChrome()
    if isinstance(page, Page) and page.depth >= 2 and page.path:
        home_path = page.path[: 2 * Page.steplen]
    else:
        root = _site_root(request)
        home_path = root.path if root else ""
    if home_path:
        if isinstance(page, Page) and page.translation_key:
            rows = _chrome_pages(_CHROME_WITH_TRANSLATIONS, home_path=home_path, translation_key=page.translation_key)
        else:
            rows = _chrome_pages(_CHROME, home_path=home_path)
        _layout_urls(rows, home_path, request, page)
        for row in rows:
            if row.path == home_path:
                chrome.home, chrome.home_url = row, row.url_for_layout or "/"
            elif row.depth == 3 and row.path.startswith(home_path):
                chrome.children.append(row)
        if isinstance(page, Page):
            others = [row for row in rows if row.translation_key == page.translation_key and row.pk != page.pk]
            if others:
                # The row carries its locale already; the routed page would fetch it again.
                chrome.translations = [next((row for row in rows if row.pk == page.pk), page), *others]
    if request is not None:
        request._hh_club_chrome = (page, chrome)
    return chrome


def _chrome_rows(home_path, translation_key=None):
    """The home, its children and (with a key) the page's translations: live, without view restriction."""
    restricted = PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
    wanted = Q(path__startswith=home_path, depth__lte=3)
    if translation_key is not None:
        wanted |= Q(translation_key=translation_key)
    return (
        Page.objects.filter(wanted, live=True)
        .exclude(Exists(restricted))
        .select_related("locale", "content_type")
        .only(*_CHROME_FIELDS)
        .order_by("path")
    )


# Compiled once per process (cms/prepared_queries.py): building and compiling this query cost
# more CPU than running it.
_CHROME = PreparedQuery(_chrome_rows, home_path=str)
_CHROME_WITH_TRANSLATIONS = PreparedQuery(_chrome_rows, home_path=str, translation_key=uuid.UUID)


class ChromePage:
    """A row of the layout's tree query: the columns of `_CHROME_FIELDS` as attributes (`pk`,
    `title`, `url_path`, …, `locale.language_code`, `content_type.model`). Not a Page: making a
    Page with its locale and content type took ~25 µs a row, about half of this tag. Wagtail's
    `get_url` runs on a Page made from the same columns, only for a row that needs it."""

    def __init__(self, db: str, page_columns: list, values: tuple, locale, content_type):
        self._db, self._page_columns, self._values = db, page_columns, values
        self.__dict__.update(zip(page_columns, values, strict=False))
        self.pk = self.id
        self.locale, self.content_type = locale, content_type

    def get_url(self, request=None):
        page = Page.from_db(self._db, self._page_columns, self._values)
        return page.get_url(request)


@dataclass(frozen=True)
class _Named:
    """The locale or content type of a `ChromePage` (the columns read of them)."""

    id: int
    language_code: str = ""
    app_label: str = ""
    model: str = ""


def _chrome_pages(query, **values) -> list[ChromePage]:
    columns = query.columns()
    count = sum("__" not in name for name in columns)
    page_columns = columns[:count]  # the page's own columns come first, in field order (from_db)
    position = {name: index for index, name in enumerate(columns)}
    locale_id, content_type_id = position["locale_id"], position["content_type_id"]
    code, app_label, model = (position[name] for name in _CHROME_RELATED)
    pages = []
    for row in query.rows(**values):
        locale = _Named(row[locale_id], language_code=row[code])
        content_type = _Named(row[content_type_id], app_label=row[app_label], model=row[model])
        pages.append(ChromePage(query.db, page_columns, row[:count], locale, content_type))
    return pages


_CHROME_RELATED = ("locale__language_code", "content_type__app_label", "content_type__model")


def _layout_urls(rows: list, home_path: str, request, page=None) -> None:
    """`url_for_layout` of each row. Pages of the home's language below the home: the home's URL
    plus their path below it, as Wagtail's `get_url` would give (one `reverse()` under a language
    override per page, the most expensive part of this tag otherwise); others through `get_url`.
    The home's own through the routed page when that is the home (no Page made from the row)."""
    home = next((row for row in rows if row.path == home_path), None)
    if home is None:
        home_url = ""
    else:
        same = isinstance(page, Page) and page.pk == home.pk and page.url_path == home.url_path
        home_url = ((page if same else home).get_url(request)) or ""
    for row in rows:
        row.url_for_layout = home_url if row is home else _url_below(home, home_url, row, request)


def _url_below(home, home_url: str, page, request) -> str:
    """The URL of `page`: from the home's when the page is below it in the same language and its
    path is one `reverse()` would not quote, else Wagtail's `get_url`."""
    if (
        home is not None
        and home_url.endswith("/")
        and getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        and page.locale_id == home.locale_id
        and page.url_path.startswith(home.url_path)
        and _SERVE_PATH.fullmatch(page.url_path[len(home.url_path) :])
    ):
        return home_url + page.url_path[len(home.url_path) :]
    return page.get_url(request) or ""


# Paths Wagtail's `wagtail_serve` URL pattern accepts (wagtail/urls.py: slugs, each with "/") and
# `reverse()` would not quote: ASCII only (a slug with "ü" goes through `get_url`).
_SERVE_PATH = re.compile(r"(?:[\w\-]+/)*", re.ASCII)


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """Menu entries: the home's children marked „Im Menü anzeigen“, or the portal's fixed paths."""
    request = context.get("request")
    current = context.get("page")
    if context.get("current_club") is None:
        path = request.path if request else ""
        return [{"url": url, "title": title, "active": path.startswith(url)} for url, title in PORTAL_NAV]
    current_path = getattr(current, "path", "") or ""
    return [
        {"url": child.url_for_layout, "title": child.title, "active": current_path.startswith(child.path)}
        for child in club_chrome(context).children
        if child.show_in_menus
    ]


@register.simple_tag(takes_context=True)
def club_pageurl(context, page) -> str:
    """`{% pageurl page %}` of the cards: on a club page whose layout already read the tree
    (`club_chrome`, memoised on the request), built from the home's URL without a `reverse()`;
    else Wagtail's own. Never reads the tree for it (a cached header would not have)."""
    request = context.get("request")
    memo = getattr(request, "_hh_club_chrome", None)
    if memo is not None and memo[0] is context.get("page") and memo[1].home is not None:
        return _url_below(memo[1].home, memo[1].home_url, page, request)
    return page.get_url(request) or ""


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    if context.get("current_club") is None:
        # The portal's translated pages (/en/…) lead home to the home page in their language.
        if isinstance(context.get("page"), Page) and get_language() != settings.LANGUAGE_CODE:
            request = context.get("request")
            root = _site_root(request)
            return (root.get_url(request) if root else None) or "/"
        return "/"
    return club_chrome(context).home_url


@register.simple_tag(takes_context=True)
def section_url(context, model_name: str) -> str:
    """URL of the home's child of one page type, e.g. `{% section_url "eventindexpage" %}`."""
    if context.get("current_club") is None:
        return ""
    return club_chrome(context).child_url(model_name)


@register.simple_tag(takes_context=True)
def club_page_url(context, page_id) -> str:
    """URL of a page linked by id, read from the layout's data when it is a child of the home."""
    if not page_id:
        return ""
    url = club_chrome(context).url_of(page_id) if context.get("current_club") is not None else ""
    if url:
        return url
    target = Page.objects.filter(pk=page_id).first()
    return (target.get_url(context.get("request")) or "") if target else ""


@register.simple_tag(takes_context=True)
def legal_links(context) -> dict:
    """Impressum and Datenschutz of a club site (children of its home page)."""
    if context.get("current_club") is None:
        return {"imprint": "/impressum/", "privacy": "/datenschutz/"}
    chrome = club_chrome(context)
    links = {key: chrome.child_url(model) for model, key in _LEGAL_MODELS.items()}
    if not all(links.values()):
        # A partly translated site: the German legal pages stand in for missing translations
        # (Impressum and Datenschutz must be reachable from every page in every language).
        fallback = _default_legal_urls(context.get("request"))
        links = {key: url or fallback.get(key, "") for key, url in links.items()}
    return links


def _default_legal_urls(request) -> dict:
    """Impressum and Datenschutz among the children of the site's own (German) home page."""
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page if site is not None else None
    if root is None:
        return {}
    restricted = PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
    rows = (
        Page.objects.live()
        .filter(
            path__startswith=root.path,
            depth=root.depth + 1,
            content_type__app_label="pages",
            content_type__model__in=list(_LEGAL_MODELS),
        )
        .exclude(Exists(restricted))
        .select_related("content_type")
        .order_by("path")
    )
    links: dict = {}
    for row in rows:
        links.setdefault(_LEGAL_MODELS[row.content_type.model], row.get_url(request) or "")
    return links


@register.simple_tag(takes_context=True)
def page_translations(context, page) -> list[dict]:
    """Live translations of `page` for the language switcher and the `hreflang` alternate links in
    the head (the page itself included); empty when the page has no live translation."""
    if page is None or not hasattr(page, "get_translations"):
        return []
    request = context.get("request")
    if context.get("current_club") is not None and page is context.get("page"):
        pages = club_chrome(context).translations
    else:
        pages = [page, *page.get_translations().live().select_related("locale")]
    if len(pages) < 2:
        return []
    result = []
    for item in pages:
        code = item.locale.language_code
        info = get_language_info(code)
        url = getattr(item, "url_for_layout", None) or item.get_url(request) or ""
        result.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                # <link rel="alternate" hreflang> wants absolute addresses.
                "full_url": request.build_absolute_uri(url) if request is not None and url else url,
                "current": item.pk == page.pk,
            }
        )
    return result


@register.simple_tag(takes_context=True)
def theme_stylesheet(context) -> str:
    """URL of the club's colour stylesheet (registered by the app that serves it: sites.pages)."""
    club = context.get("current_club")
    if club is None:
        return ""
    from cms.tenancy import hooks

    return hooks.theme_stylesheet_url(context.get("request"), club)


@register.simple_tag
def json_ld(text: str) -> str:
    """Wrap already escaped JSON (see sites.pages.selectors.event_json_ld) in its script element."""
    if not text:
        return ""
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped by the selector


# --- fragments of Wagtail pages, cached per club and purged with the page cache -------------------


class PageFragmentNode(template.Node):
    """`{% page_fragment "name" [vary …] %}…{% endpage_fragment %}`: the enclosed HTML of a Wagtail
    page, cached under the club's page-cache generations (purged with the pages, see
    cms/tenancy/page_cache.py), the host, the language, the full path, the
    page, the top-level template and the extra values given. For parts that are the same for
    every visitor (head, header, footer, listings): never a form, a message or anything personal.
    Rendered as usual outside Wagtail's page serving (the portal's own views, previews, posts)
    and when `HH_FRAGMENT_CACHE_SECONDS` is 0."""

    child_nodelists = ("nodelist",)  # blocks inside stay overridable by child templates

    def __init__(self, nodelist, name, varies):
        self.nodelist, self.name, self.varies = nodelist, name, varies

    def render(self, context):
        from cms.tenancy import page_cache

        request = context.get("request")
        page = context.get("page")
        if not _fragment_applies(request, page):
            return self.nodelist.render(context)
        template_name = getattr(getattr(context, "template", None), "name", "")
        parts = (template_name, page.pk, *(value.resolve(context) for value in self.varies))
        key = page_cache.fragment_key(request, self.name.resolve(context), parts)
        html = page_cache.kept(key, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - rendered by this template, escaped there


def _fragment_applies(request, page) -> bool:
    from cms.tenancy import page_cache

    if request is None or not isinstance(page, Page) or not page.pk or not page_cache.fragment_seconds():
        return False
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "wagtail_serve"


@register.tag("page_fragment")
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("page_fragment needs a name")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
