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

Two more rules, each over every URL of the walk:

* **same identity, same answer**: a club editor whose group may edit pages but holds no permission
  on what visitors sent (membership applications, contact messages, event registrations) is
  refused those by their listings, so no other URL (chooser, wagtail-localize's snippet API,
  usage, history, reports, search) may show them either (GET and POST);
* **a foreign id answers like a missing id**: staff of another authority on the portal and club
  beta's editor on beta's host get the same status for a URL naming alpha's (or authority A's)
  row as for the same URL naming a row that does not exist, so ids cannot be probed.

A new view cannot escape: every pattern must produce a URL that resolves back to it, stand in
`SHADOWED` with the pattern that answers its path instead, or stand in `NOT_EXERCISABLE` with a reason; every non-admin URL that answers anonymous visitors with 200
must stand in `PUBLIC_URLS` with a reason.
"""

from django.test import Client
from django.urls import resolve

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
from tests.tenancy._isolation_victims import (
    assembly_victim,
    ensure_image_files,
    finance_victim,
    join_victim,
    mailing_victim,
    office_victim,
)
from tests.tenancy._url_walk import (
    EXPLICIT_URLS,
    is_admin,
    login_redirect,
    matches,
    request_rolled_back,
    resolves_to,
    url_table,
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
    "office_public:*": "joining confirmation, members' self-service ('Mein Mitgliedskonto') and the general "
    "assembly's member page, its published minutes and a written resolution's page (issue #14): the link "
    "request answers the same for every address; a link's token is checked (400 with an explanation, bound to the club's schema, salted per purpose, expiring)",
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

# Patterns whose path another pattern serves first, with the name of the one that must answer it.
# Their URLs are requested like any other (whatever view answers them).
SHADOWED = {
    # wagtail-localize's snippet API asks no permission; cms.admin_permissions serves its paths.
    "wagtail_localize:snippets_api_listing": "guarded_snippets_api_listing",
    "wagtail_localize:snippets_api_detail": "guarded_snippets_api_detail",
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
    ensure_image_files()
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
    office = office_victim(club)
    ids.update(office["ids"])
    finance = finance_victim(club)
    ids.update(finance["ids"])
    office["markers"] = [*office["markers"], *finance["markers"]]
    mailing = mailing_victim(club)
    ids.update(mailing["ids"])
    office["markers"] = [*office["markers"], *mailing["markers"]]
    joining = join_victim(club)
    ids.update(joining["ids"])
    assembly = assembly_victim(club)
    ids.update(assembly["ids"])
    joining["markers"] = [*joining["markers"], *assembly["markers"]]
    markers = [submitted.reference, club.iban, *office["markers"], *joining["markers"]]
    assert all(markers)
    return ids, markers


def _beta_editor_client(other_club) -> Client:
    from django.contrib.auth import get_user_model

    from django_tenants.utils import schema_context

    with schema_context(other_club.schema_name):
        user = get_user_model().objects.get(email="editor@beta.example")
        user.set_password("test-passwort-123")
        user.save()
    return login(other_club.primary_hostname, user.username, "test-passwort-123")


def _check(results: list[str], who: str, client: Client, table, urlconf: str, *, anonymous: bool, markers, methods):
    for name, url, callback in table:
        if matches(name, NOT_EXERCISABLE):
            continue
        if not resolves_to(url, urlconf, callback) and not matches(name, SHADOWED):
            results.append(f"{urlconf} {name}: cannot build a URL that resolves to it ({url}); add a rule or list it")
            continue
        for method in methods:
            try:
                status, location, body = request_rolled_back(client, method, url)
            except Exception as error:  # the test client re-raises what would be a 500
                if not anonymous and matches(name, KNOWN_WAGTAIL_ERRORS):
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
            if is_admin(url) and not matches(name, PUBLIC_URLS):
                if status not in DENIED or (status == 302 and not login_redirect(location)):
                    results.append(
                        f"{who} {method.upper()} {url} ({name}): {status} {location} (expected login/403/404)"
                    )
            elif status == 200 and not matches(name, PUBLIC_URLS):
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
        for name, url, callback in url_table(urlconf, ids):
            if name in SHADOWED:
                answering = resolve(url, urlconf).view_name
                if answering != SHADOWED[name]:
                    missing.append(f"{urlconf} {name} -> {url} is answered by {answering}, not {SHADOWED[name]}")
            elif not matches(name, NOT_EXERCISABLE) and not resolves_to(url, urlconf, callback):
                missing.append(f"{urlconf} {name} -> {url}")
    assert not missing, "\n".join(missing)
    assert len(url_table(TENANT_URLCONF, ids)) > 300  # the admin is part of the walk
    # The lists name real URLs only: a stale entry would hide nothing, but mislead the reader.
    names = {name for urlconf in (TENANT_URLCONF, PUBLIC_URLCONF) for name, _url, _cb in url_table(urlconf, ids)}
    for table in (PUBLIC_URLS, NOT_EXERCISABLE, SHADOWED, EXPLICIT_URLS, KNOWN_WAGTAIL_ERRORS, FOREIGN_ID_PENDING):
        stale = [key for key in table if not any(matches(name, {key: ""}) for name in names)]
        assert not stale, stale


@pytest.mark.django_db
def test_club_host_anonymous_and_foreign_session(club, other_club, victim):
    ids, markers = victim
    table = url_table(TENANT_URLCONF, ids)
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
    table = url_table(TENANT_URLCONF, ids)
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
    table = url_table(PUBLIC_URLCONF, ids)
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
    table = url_table(PUBLIC_URLCONF, ids)
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


# --- same identity, same answer: what visitors sent a club ------------------------------------------

SUBMISSION_MARKERS = ("Geheimantrag-Zq7", "Geheimbetreff-Zq7", "Geheimanmeldung-Zq7", "zq7-geheim@example.org")


@pytest.fixture
def private_submissions(club):
    """One membership application, contact message and event registration in club alpha, each with
    a marker; ({model_name: pk}, the event page they point at)."""
    from wagtail.log_actions import log

    from django_tenants.utils import schema_context

    from sites.pages.models import ContactMessage, EventPage, EventRegistration, MembershipApplication

    with schema_context(club.schema_name):
        event_page = EventPage.objects.first()
        assert event_page is not None, "the starter tree has events"
        rows = [
            MembershipApplication.objects.create(
                first_name="Zacharias",
                last_name="Geheimantrag-Zq7",
                birth_date="1990-12-24",
                street="Geheimweg 7",
                postal_code="12345",
                town="Musterstadt",
                email="zq7-geheim@example.org",
                consent=True,
            ),
            ContactMessage.objects.create(
                name="Zora", email="zq7-geheim@example.org", subject="Geheimbetreff-Zq7", message="Bitte vertraulich."
            ),
            EventRegistration.objects.create(
                event=event_page,
                page_title=event_page.title,
                name="Geheimanmeldung-Zq7",
                email="zq7-geheim@example.org",
            ),
        ]
        for row in rows:  # what the site history would list after an editor's work
            log(instance=row, action="wagtail.create")
    return {row._meta.model_name: row.pk for row in rows}, event_page.pk


@pytest.fixture
def page_only_editor(club):
    """A club editor in a group that may edit pages, images and documents, not submissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    from django_tenants.utils import schema_context

    with schema_context(club.schema_name):
        group = Group.objects.create(name="Redaktion nur Seiten")
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        root = Page.get_first_root_node()
        for codename in ("add_page", "change_page", "publish_page"):
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.create(group=group, page=root, permission=permission)
        collection = Collection.get_first_root_node()
        for app_label, codename in (
            ("wagtailimages", "add_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "choose_document"),
        ):
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.create(group=group, collection=collection, permission=permission)
        user = get_user_model().objects.create_user(
            username="seiten@alpha.example", email="seiten@alpha.example", password="test-passwort-123"
        )
        user.groups.add(group)
    return login(club.primary_hostname, user.username, "test-passwort-123")


def _private_snippet_table(urlconf: str, ids: dict, rows: dict[str, int]):
    """The walk once per submission model: each URL naming a model carries that model's row."""
    names = list(rows)
    table = []
    for model_name, pk in rows.items():
        for name, url, callback in url_table(urlconf, {**ids, "model_name": model_name, "snippet": pk}):
            named = [other for other in names if url and other in url]
            if named == [model_name] or (not named and model_name == names[0]):
                table.append((name, url, callback))
    return table


@pytest.mark.django_db
def test_submissions_refused_through_every_door(
    club, victim, private_submissions, page_only_editor, club_editor_client
):
    ids, _markers = victim
    rows, event_page = private_submissions
    ids = {**ids, "page": event_page}  # page URLs (usage, history) name the page the registration points at
    # The rule: no answer to this identity, on any URL, shows what visitors sent.
    results: list[str] = []
    _check(
        results,
        "page-only-editor@alpha",
        page_only_editor,
        _private_snippet_table(TENANT_URLCONF, ids, rows),
        TENANT_URLCONF,
        anonymous=False,
        markers=SUBMISSION_MARKERS,
        methods=("get", "post"),
    )
    _report(results)
    # The markers are there to be found: the listings and the API show them to the club's superuser.
    for model_name in rows:
        for url in (f"/admin/snippets/pages/{model_name}/", f"/admin/localize/api/snippets/pages/{model_name}/"):
            response = club_editor_client.get(url)
            assert response.status_code == 200, url
            assert any(marker in response.content.decode() for marker in SUBMISSION_MARKERS), url
    # The listing refuses the page-only editor; so do the API and the chooser, with Wagtail's answers.
    for model_name, pk in rows.items():
        assert page_only_editor.get(f"/admin/snippets/pages/{model_name}/").status_code == 302
        for url in (
            f"/admin/localize/api/snippets/pages/{model_name}/",
            f"/admin/localize/api/snippets/pages/{model_name}/{pk}/",
        ):
            assert page_only_editor.get(url).status_code == 403, url
        chooser = f"/admin/snippets/choose/pages/{model_name}/"
        assert page_only_editor.get(chooser, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


@pytest.mark.django_db
def test_snippet_api_on_the_portal_answers_like_the_snippet_view(victim, other_staff):
    client = login("localhost", other_staff.username, STAFF_PASSWORD)
    assert client.get("/admin/localize/api/snippets/pages/contactmessage/").status_code in (403, 404)
    assert client.get("/admin/localize/api/snippets/gibt/esnicht/").status_code == 404


# --- a foreign id answers like a missing id ---------------------------------------------------------------

# Ids whose rows belong to someone else (alpha's club and application, authority A). Page ids are
# per schema (beta has its own page 3) and slugs are public names: they are not compared.
_PROBED = ("application", "event", "authority", "post", "club")

# Exchange posts are shared with every club of the network (community_admin:post shows any club's
# post to every club editor, as community:post shows it to everyone): not probed on club hosts.
_SHARED_WITH_CLUBS = ("post",)

# Foreign-id answers still to be aligned, each with where the fix goes; remove an entry when done.
FOREIGN_ID_PENDING: dict[str, str] = {}


def _probe_pairs(urlconf: str, ids: dict, probed=_PROBED):
    missing = {**ids, **{key: 987654 for key in probed}}
    pairs = []
    for (name, url, callback), (_name, url_missing, _cb) in zip(
        url_table(urlconf, ids), url_table(urlconf, missing), strict=True
    ):
        if url == url_missing or any(matches(name, table) for table in (NOT_EXERCISABLE, PUBLIC_URLS)):
            continue
        if matches(name, FOREIGN_ID_PENDING):
            continue
        if name in SHADOWED or (resolves_to(url, urlconf, callback) and resolves_to(url_missing, urlconf, callback)):
            pairs.append((name, url, url_missing))
    return pairs


def _compare(results: list[str], who: str, client: Client, pairs, methods=("get", "post")) -> None:
    for name, url, url_missing in pairs:
        for method in methods:
            answers = []
            for target in (url, url_missing):
                try:
                    answers.append(request_rolled_back(client, method, target)[0])
                except Exception as error:  # noqa: BLE001  (reported as an answer of its own)
                    answers.append(type(error).__name__)
            if answers[0] != answers[1]:
                results.append(
                    f"{who} {method.upper()} {url} ({name}): {answers[0]}, but {answers[1]} for a missing id"
                )


@pytest.mark.django_db
def test_foreign_ids_answer_like_missing_ids(other_club, victim, other_staff):
    ids, _markers = victim
    results: list[str] = []
    public_pairs = _probe_pairs(PUBLIC_URLCONF, ids)
    assert any("forms_assistant/application/edit" in url for _name, url, _missing in public_pairs)
    assert any("clubs/club/edit" in url for _name, url, _missing in public_pairs)
    _compare(results, "staff-B@portal", login("localhost", other_staff.username, STAFF_PASSWORD), public_pairs)
    club_probed = tuple(key for key in _PROBED if key not in _SHARED_WITH_CLUBS)
    _compare(
        results, "beta-editor@beta", _beta_editor_client(other_club), _probe_pairs(TENANT_URLCONF, ids, club_probed)
    )
    _report(results)
