# ruff: noqa: F811  (pytest fixtures imported from tests/forms_assistant/conftest.py)
"""Isolation suite generated from the URL configuration: no URL leaks one club's data to another.

Every URL pattern of the club hosts (`cms.urls_tenant`) and of the portal (`cms.urls_public`),
including the Wagtail admin, the modeladmins and the admin URLs the apps register through hooks,
is turned into a concrete URL (path parameters filled with the ids of the victim's rows where the
URL names them, dummies otherwise) and requested by

* an anonymous visitor (club host and portal host),
* a foreign session: the sessionid of club beta's editor sent to club alpha's host (and to the portal),
* club beta's editor on beta's own host, with alpha's ids in the URL (GET and POST),
* the staff of another authority on the portal, with the ids of an application routed to
  authority A (GET and POST).

Admin URLs must answer anonymous and foreign sessions with 302-to-login, 403, 404 or 405. No
request may answer 500, and no answer with status 200 may contain the victim's private data
(an application reference, the club's IBAN). Each request runs in a savepoint that is rolled
back, so a POST cannot change what the next request sees.

A new view cannot escape: every pattern must produce a URL that resolves back to it, or stand in
`NOT_EXERCISABLE` with a reason; every non-admin URL that answers anonymous visitors with 200
must stand in `PUBLIC_URLS` with a reason.
"""

import re
import uuid

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

import pytest

from tests.conftest import host_client
from tests.forms_assistant.conftest import (  # noqa: F401  (fixtures)
    STAFF_PASSWORD,
    authority,
    club_actor,
    club_profile,
    draft,
    event,
    form_template,
    login,
    other_authority,
    other_staff,
    staff,
    submitted,
)

TENANT_URLCONF = "cms.urls_tenant"
PUBLIC_URLCONF = "cms.urls_public"

# URL names (or name prefixes ending in "*") that anonymous visitors may receive with 200: the
# public web sites themselves. Each line says why it is public.
PUBLIC_URLS = {
    # club host
    "wagtail_serve": "pages of the club site / portal (Wagtail's page serving)",
    "pages:theme_css": "the club's theme colours as CSS",
    "portal_club:*": "sitemap, robots.txt and the club's public feeds",
    "clubs:invitation": "invitation link; an invalid token shows an explanation page",
    "healthz": "load balancer probe, no data",
    "readyz": "load balancer probe, no data",
    "wagtailcore_login": "front-end login of private pages",
    "wagtailcore_authenticate_with_password": "password form of a private page",
    "wagtaildocs_authenticate_with_password": "password form of a private document",
    "wagtaildocs_serve": "public documents (collection privacy is Wagtail's)",
    # portal host
    "clubs_portal:*": "club directory and registration",
    "portal:*": "engagement search, calendar, feeds, open data API, sitemap, robots.txt",
    "community:*": "public side of the exchange and crisis pages",
    "accessibility_statement": "Erklärung zur Barrierefreiheit (public by law, BITV 2.0)",
    "portal_imprint": "Impressum of the portal (public by law, § 5 DDG)",
    "portal_privacy": "privacy notice of the portal (public by law, Art. 13 DSGVO)",
    # the admin's own sign-in and password reset pages
    "wagtailadmin_login": "sign-in form",
    "wagtailadmin_password_reset*": "password reset (answers the same for every address)",
    "wagtailadmin_javascript_catalog": "admin translations for JavaScript, no data",
    "wagtailadmin_sprite": "admin icon sprite, no data",
}

# Patterns that cannot be turned into a URL that resolves back to them, each with the reason.
NOT_EXERCISABLE: dict[str, str] = {
    # none today: every pattern either builds from its own regex or stands in EXPLICIT_URLS
}

# Patterns whose URL cannot be derived from the pattern itself, spelled out.
EXPLICIT_URLS = {
    "^.*/$": "/admin/gibt-es-nicht/",  # Wagtail admin's catch-all (answers unknown admin paths)
}

# Errors inside Wagtail itself that only a signed-in admin user can provoke, with nonsense input a
# browser never sends. Tolerated for signed-in users only (never for anonymous visitors or foreign
# sessions), each with its reason; remove an entry when Wagtail fixes it.
KNOWN_WAGTAIL_ERRORS = {
    "wagtailadmin_error_test": "/admin/failwhale/ raises on purpose (Wagtail's test of the 500 page)",
    "wagtailadmin_choose_page_external_link": "POST without the form's fields: AttributeError in Wagtail",
    "wagtailredirects:process_import": "POST without a prior upload step: KeyError in Wagtail",
}

# Denials an anonymous visitor or a foreign session may receive on an admin URL.
DENIED = {302, 400, 403, 404, 405}


# --- walking the URL configuration ------------------------------------------------------------------


def _leaves(patterns, prefix=(), namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _leaves(entry.url_patterns, (*prefix, entry), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield (*prefix, entry), name or str(entry.pattern)


def _matches(name: str, table: dict) -> str | None:
    for key in table:
        if key.endswith("*") and name.startswith(key[:-1]):
            return key
        if name == key:
            return key
    return None


def _value(param: str, converter, name: str, ids: dict) -> str:
    """A value for one path parameter: the victim's id where the URL names its row, else a dummy."""
    kind = type(converter).__name__ if converter else ""
    if kind == "SlugConverter" or param == "slug":
        return ids.get("slug", "alpha")
    if kind == "UUIDConverter":
        return str(uuid.UUID(int=1))
    if kind in ("StringConverter", "PathConverter") and param not in ("pk", "instance_pk"):
        known = {"uidb64": "MQ", "token": "x-y", "app_label": "pages", "model_name": "contactmessage", "object_id": "1"}
        return known.get(param, "x")
    for pattern, key in _ID_RULES:
        if re.search(pattern, f"{name}/{param}"):
            return str(ids.get(key, 1))
    return "1"


# Which victim id fills which parameter: (regex on "<url name>/<parameter>", key in `ids`).
_ID_RULES = [
    (r"^wagtailadmin_pages:", "page"),
    (r"^fa_club:event/pk$", "event"),
    (r"^fa_(club|inbox):.*/pk$", "application"),
    (r"^forms_assistant_application_modeladmin_.*/instance_pk$", "application"),
    (r"^forms_assistant_authority_modeladmin_.*/instance_pk$", "authority"),
    (r"^community_admin:.*/pk$", "post"),
    (r"^community_post_modeladmin_.*/instance_pk$", "post"),
    (r"^community:post/pk$", "post"),
    (r"^clubs_club_modeladmin_.*/instance_pk$", "club"),
]


def _build(chain, name: str, ids: dict, regex_value: str | None = None) -> str | None:
    if name in EXPLICIT_URLS:
        return EXPLICIT_URLS[name]
    url = "/"
    for level in chain:
        regex = level.pattern.regex.pattern
        converters = getattr(level.pattern, "converters", {})
        fmt, params = normalize(regex)[0]
        values = {}
        for param in params:
            converter = converters.get(param)
            value = _value(param, converter, name, ids)
            if converter is None and re.search(r"\(\?P<" + re.escape(param) + r">\\d|\(\\d", regex):
                value = value if value.isdigit() else "1"
            elif converter is None and regex_value is not None:
                value = regex_value
            values[param] = value
        try:
            url += fmt % values
        except (KeyError, TypeError):
            return None
    return url.replace("//", "/")


def _url_table(urlconf: str, ids: dict) -> list[tuple[str, str, object]]:
    """[(name, concrete url, callback)] for every pattern of `urlconf`."""
    table = []
    for chain, name in _leaves(get_resolver(urlconf).url_patterns):
        callback = chain[-1].callback
        url = _build(chain, name, ids)
        # Unnamed regex groups (Wagtail's page path) may need another shape of value.
        for regex_value in ("x/", "", "1/"):
            if _resolves_to(url, urlconf, callback):
                break
            url = _build(chain, name, ids, regex_value)
        table.append((name, url, callback))
    return table


def _resolves_to(url: str | None, urlconf: str, callback) -> bool:
    if url is None:
        return False
    try:
        match = resolve(url.split("?")[0], urlconf)
    except Resolver404:
        return False
    return match.func is callback or getattr(match.func, "__wrapped__", None) is callback


def _is_admin(url: str) -> bool:
    return url.startswith("/admin/")


# --- victims, attackers ---------------------------------------------------------------------------


@pytest.fixture
def victim(club, club_profile, submitted, event, authority):
    """Club alpha's private data and the ids that reach it; authority A receives its application."""
    from django.contrib.auth import get_user_model

    from django_tenants.utils import schema_context

    from community.services import post_create

    with schema_context(club.schema_name):
        editor = get_user_model().objects.get(email="editor@alpha.example")
    post = post_create(
        club=club,
        contact=editor,
        post_type="offer",
        kind="equipment",
        title="Bierbänke Alpha",
        description="Zwanzig Garnituren.",
        postal_code=club.postal_code,
        town=club.town,
    )
    _ensure_image_files()
    with schema_context(club.schema_name):
        from wagtail.models import Site

        home = Site.objects.get(is_default_site=True).root_page_id
    ids = {
        "page": home,
        "application": submitted.pk,
        "event": event.pk,
        "authority": authority.pk,
        "post": post.pk,
        "club": club.pk,
        "slug": club.slug,
    }
    markers = [submitted.reference, club.iban]
    assert all(markers)
    return ids, markers


def _ensure_image_files() -> None:
    """Clubs are cloned once per test database; this run's media folder may lack their image files."""
    from pathlib import Path

    from django.conf import settings

    from wagtail.images import get_image_model

    from django_tenants.utils import schema_context
    from PIL import Image as PILImage

    from sites.clubs.models import Club

    for schema in Club.objects.values_list("schema_name", flat=True):
        with schema_context(schema):
            for name in get_image_model().objects.values_list("file", flat=True):
                path = Path(settings.MEDIA_ROOT) / schema / name
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    PILImage.new("RGB", (8, 8), "white").save(path, format="PNG")


def _beta_editor_client(other_club) -> Client:
    from django.contrib.auth import get_user_model

    from django_tenants.utils import schema_context

    with schema_context(other_club.schema_name):
        user = get_user_model().objects.get(email="editor@beta.example")
        user.set_password("test-passwort-123")
        user.save()
    return login(other_club.primary_hostname, user.username, "test-passwort-123")


def _request(client: Client, method: str, url: str) -> tuple[int, str, str]:
    """(status, location, body) of one request inside a savepoint that is rolled back."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)

    class _Undo(Exception):
        pass

    result = None
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            body = b"".join(response) if response.streaming else response.content
            result = (response.status_code, response.get("Location", ""), body.decode("utf-8", "replace"))
            raise _Undo
    except _Undo:
        pass
    finally:
        client.cookies = cookies
    return result


def _login_redirect(location: str) -> bool:
    return "/login/" in location or "next=" in location


def _check(results: list[str], who: str, client: Client, table, urlconf: str, *, anonymous: bool, markers, methods):
    for name, url, callback in table:
        if _matches(name, NOT_EXERCISABLE):
            continue
        if not _resolves_to(url, urlconf, callback):
            results.append(f"{urlconf} {name}: cannot build a URL that resolves to it ({url}); add a rule or list it")
            continue
        for method in methods:
            try:
                status, location, body = _request(client, method, url)
            except Exception as error:  # the test client re-raises what would be a 500
                if not anonymous and _matches(name, KNOWN_WAGTAIL_ERRORS):
                    continue
                results.append(f"{who} {method.upper()} {url} ({name}): raised {type(error).__name__}: {error}")
                continue
            if status >= 500:
                results.append(f"{who} {method.upper()} {url} ({name}): {status}")
            leaked = [marker for marker in markers if marker in body]
            if leaked:
                results.append(f"{who} {method.upper()} {url} ({name}): {status} shows {leaked}")
            if not anonymous:
                continue
            if _is_admin(url) and not _matches(name, PUBLIC_URLS):
                if status not in DENIED or (status == 302 and not _login_redirect(location)):
                    results.append(
                        f"{who} {method.upper()} {url} ({name}): {status} {location} (expected login/403/404)"
                    )
            elif status == 200 and not _matches(name, PUBLIC_URLS):
                results.append(
                    f"{who} {method.upper()} {url} ({name}): 200 for an unlisted URL; list it in PUBLIC_URLS"
                )


def _report(results: list[str]) -> None:
    assert not results, f"{len(results)} problems:\n" + "\n".join(results[:80])


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_url_pattern_is_exercised(victim):
    ids, _markers = victim
    missing = []
    for urlconf in (TENANT_URLCONF, PUBLIC_URLCONF):
        for name, url, callback in _url_table(urlconf, ids):
            if not _matches(name, NOT_EXERCISABLE) and not _resolves_to(url, urlconf, callback):
                missing.append(f"{urlconf} {name} -> {url}")
    assert not missing, "\n".join(missing)
    assert len(_url_table(TENANT_URLCONF, ids)) > 300  # the admin is part of the walk
    # The lists name real URLs only: a stale entry would hide nothing, but mislead the reader.
    names = {name for urlconf in (TENANT_URLCONF, PUBLIC_URLCONF) for name, _url, _cb in _url_table(urlconf, ids)}
    for table in (PUBLIC_URLS, NOT_EXERCISABLE, EXPLICIT_URLS, KNOWN_WAGTAIL_ERRORS):
        stale = [key for key in table if not any(_matches(name, {key: ""}) for name in names)]
        assert not stale, stale


@pytest.mark.django_db
def test_club_host_anonymous_and_foreign_session(club, other_club, victim):
    ids, markers = victim
    table = _url_table(TENANT_URLCONF, ids)
    results: list[str] = []
    _check(
        results,
        "anonymous",
        host_client(club.primary_hostname),
        table,
        TENANT_URLCONF,
        anonymous=True,
        markers=markers,
        methods=("get",),
    )
    foreign = host_client(club.primary_hostname)
    foreign.cookies["sessionid"] = _beta_editor_client(other_club).cookies["sessionid"].value
    _check(
        results,
        "beta-session@alpha",
        foreign,
        table,
        TENANT_URLCONF,
        anonymous=True,
        markers=markers,
        methods=("get", "post"),
    )
    _report(results)


@pytest.mark.django_db
def test_other_club_editor_on_own_host_with_alpha_ids(other_club, victim):
    ids, markers = victim
    table = _url_table(TENANT_URLCONF, ids)
    results: list[str] = []
    _check(
        results,
        "beta-editor@beta",
        _beta_editor_client(other_club),
        table,
        TENANT_URLCONF,
        anonymous=False,
        markers=markers,
        methods=("get", "post"),
    )
    _report(results)


@pytest.mark.django_db
def test_portal_anonymous_and_club_session(other_club, victim):
    ids, markers = victim
    table = _url_table(PUBLIC_URLCONF, ids)
    results: list[str] = []
    _check(
        results,
        "anonymous@portal",
        host_client("localhost"),
        table,
        PUBLIC_URLCONF,
        anonymous=True,
        markers=markers,
        methods=("get",),
    )
    foreign = host_client("localhost")
    foreign.cookies["sessionid"] = _beta_editor_client(other_club).cookies["sessionid"].value
    _check(
        results,
        "beta-session@portal",
        foreign,
        table,
        PUBLIC_URLCONF,
        anonymous=True,
        markers=markers,
        methods=("post",),
    )
    _report(results)


@pytest.mark.django_db
def test_staff_of_another_authority(victim, other_staff):
    ids, markers = victim
    table = _url_table(PUBLIC_URLCONF, ids)
    client = login("localhost", other_staff.username, STAFF_PASSWORD)
    results: list[str] = []
    _check(
        results,
        "staff-B@portal",
        client,
        table,
        PUBLIC_URLCONF,
        anonymous=False,
        markers=markers,
        methods=("get", "post"),
    )
    _report(results)
