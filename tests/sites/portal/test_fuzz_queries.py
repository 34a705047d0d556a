"""Query strings of every public portal and club view: no value gives a 500 (issue #10).

The routes come from the URLconfs of both hosts (admin, documents and health probes left out),
the parameter names from every `cms.query_forms.QueryForm` and the open-data API, so a new view
or a new parameter is fuzzed without touching this file. Values are the shapes a fuzz sweep found:
NUL bytes, Unicode digits that `str.isdigit()` accepts and `int()` refuses, extreme and impossible
dates, CR/LF, very long strings. The test client re-raises what would be a 500.
"""

import re

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import host_client

SHAPES = [
    "\x00",
    "a\x00b",
    "%00",
    "²",
    "٣",
    "１",
    "²-²",
    "¹²³",
    "0001-01-01",
    "9999-12-31",
    "31.02.2026",
    "14.06.2026",
    "2200-12-31",
    "1899-12-31",
    "9999-12",
    "0000-00",
    "a\r\nb",
    "\r\n",
    "\t",
    "\x1b[2J",
    "-1",
    "0",
    "1e309",
    "9" * 5000,
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
]
VALUE = st.one_of(st.sampled_from(SHAPES), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
FUZZ = hypothesis_settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SKIPPED_PREFIXES = ("admin/", "documents/", "healthz", "readyz", "media/", "api/openapi")
# The path parameters of the routes, filled with something that exists where it matters.
PATH_VALUES = {"slug": "alpha", "token": "x", "uidb64": "x", "pk": "1", "listing_id": "1"}


def _routes(urlconf: str) -> list[str]:
    """Every route of a URLconf without a catch-all, its parameters filled in."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if "wagtail" in getattr(pattern.urlconf_module, "__name__", ""):
                    continue  # the page tree's catch-all: pages are listed below
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                route = route.lstrip("^").rstrip("$")
                if route.startswith(SKIPPED_PREFIXES) or "(?P" in route:
                    continue
                found.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: PATH_VALUES.get(m[1], "x"), route))

    walk(get_resolver(urlconf).url_patterns, "")
    return sorted(set(found))


def _parameter_names() -> list[str]:
    from django.apps import apps

    from cms.query_forms import QueryForm
    from sites.portal.api import ListingFilterIn

    assert apps.ready
    import community.forms  # noqa: F401 - registers its QueryForms
    import sites.portal.forms  # noqa: F401

    names = {"q", "p", "v", "page", "page_size", "town", "category"}

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for form in subclasses(QueryForm):
        names.update(form.base_fields)
    names.update(ListingFilterIn.model_fields)
    return sorted(names)


PORTAL_ROUTES = _routes(settings.PUBLIC_SCHEMA_URLCONF)
CLUB_ROUTES = _routes(settings.ROOT_URLCONF)


@pytest.fixture(autouse=True)
def _clean_caches():
    from django.core.cache import caches

    yield
    for alias in caches:
        caches[alias].clear()


def _params():
    names = _parameter_names()
    return st.dictionaries(
        st.sampled_from(names), st.one_of(VALUE, st.lists(VALUE, min_size=1, max_size=3)), max_size=6
    )


def test_the_route_lists_cover_the_views():
    assert {"/engagement/", "/veranstaltungen/", "/vereine/", "/netzwerk/", "/api/listings"} <= set(PORTAL_ROUTES)
    assert "/veranstaltungen/kalender.ics" in PORTAL_ROUTES
    assert {"/kalender.ics", "/neuigkeiten.rss"} <= set(CLUB_ROUTES)
    assert {"seite", "umkreis", "von", "bis", "monat", "kategorie", "date_from", "p", "art"} <= set(_parameter_names())


@pytest.mark.django_db
@pytest.mark.parametrize("path", PORTAL_ROUTES)
def test_portal_views_never_fail_on_query_strings(club, path):
    client = host_client("localhost")

    @FUZZ
    @given(params=_params())
    def run(params):
        assert client.get(path, params).status_code < 500

    run()


@pytest.mark.django_db
def test_club_views_never_fail_on_query_strings(club):
    from django_tenants.utils import schema_context

    from sites.pages.models import EventIndexPage, NewsIndexPage

    with schema_context(club.schema_name):
        pages = ["/", EventIndexPage.objects.get().url, NewsIndexPage.objects.get().url]
    client = host_client(club.primary_hostname)

    def fuzz(path):
        @FUZZ
        @given(params=_params())
        def run(params):
            assert client.get(path, params).status_code < 500

        run()

    for path in [*CLUB_ROUTES, *pages]:
        fuzz(path)


# The inputs of the fuzz sweep of issue #10, each of which answered 500 before.
FOUND = [
    ("/engagement/", {"seite": "²"}),
    ("/engagement/", {"umkreis": "²"}),
    ("/engagement/", {"bis": "9999-12-31"}),
    ("/engagement/", {"von": "9999-12-31", "bis": "9999-12-31"}),
    ("/veranstaltungen/", {"von": "9999-12-31"}),
    ("/veranstaltungen/", {"bis": "9999-12-31"}),
    ("/veranstaltungen/kalender.ics", {"kategorie": "a\x00"}),
    ("/vereine/", {"q": "a\x00"}),
    ("/vereine/", {"seite": "²"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "params"), FOUND)
def test_inputs_of_the_sweep_answer_normally(club, path, params):
    response = host_client("localhost").get(path, params)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"seite": "²"}, "Bitte eine ganze Zahl angeben."),
        ({"umkreis": "²"}, "kennt dieser Filter nicht"),
        ({"von": "9999-12-31"}, "bis zum Jahr 2200"),
        ({"von": "0001-01-01"}, "ab dem Jahr 1900"),
        ({"bis": "31.02.2026"}, "Bitte ein Datum wie 14.06.2026 angeben."),
    ],
)
def test_the_search_says_what_it_ignored(club, params, message):
    body = host_client("localhost").get("/engagement/", params).content.decode()
    assert message in body


def test_german_dates_and_nul_bytes_are_read():
    from django.http import QueryDict

    from sites.portal.forms import listing_filters_from

    filters, page, notes = listing_filters_from(
        QueryDict("von=14.06.2026&bis=2026-06-20&q=Ju%00gend%0D%0A&seite=%EF%BC%92")
    )
    assert (filters.date_from.isoformat(), filters.date_to.isoformat()) == ("2026-06-14", "2026-06-20")
    assert filters.q == "Ju gend"
    assert page == 2  # a full-width "２" is a digit int() reads
    assert notes == []


@pytest.mark.django_db
def test_calendar_month_out_of_range_falls_back_with_a_note(club):
    body = host_client("localhost").get("/veranstaltungen/", {"ansicht": "monat", "monat": "9999-12"}).content.decode()
    assert "Bitte einen Monat wie 2026-06 angeben." in body


@pytest.mark.django_db
def test_feed_with_an_unknown_category_lists_everything(club):
    response = host_client("localhost").get("/veranstaltungen/kalender.ics", {"kategorie": "\x00²"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_directory_page_past_the_end_shows_the_last_page(club):
    body = host_client("localhost").get("/vereine/", {"seite": "999"}).content.decode()
    assert "wir zeigen die letzte Seite" in body
