"""Host → club and the host's Wagtail site, kept per process and checked against PostgreSQL's version
(cms/tenant_hosts.py, migration clubs 0004)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from django_tenants.utils import schema_context

from cms import tenant_hosts
from tests.conftest import host_client


def _queries(client, path="/robots.txt"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured.captured_queries]


def _another_process_changed_something():
    """What another process's change looks like here: this one checks the version again."""
    tenant_hosts._state["checked"] = float("-inf")


@pytest.mark.django_db
def test_known_host_needs_no_query_for_club_or_site(club):
    client = host_client(club.primary_hostname)
    client.get("/")
    response, sql = _queries(client, "/")
    assert response.status_code == 200
    assert not [q for q in sql if "clubs_domain" in q or "wagtailcore_site" in q], sql


@pytest.mark.django_db
def test_version_check_is_one_read_and_only_once_per_interval(club, settings):
    settings.HH_TENANT_CACHE_SECONDS = 60
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    _another_process_changed_something()
    _response, sql = _queries(client)
    assert [q for q in sql if "clubs_host_version" in q] == [
        "SELECT version FROM public.clubs_host_version WHERE id = 1"
    ]
    _response, sql = _queries(client)
    assert not [q for q in sql if "clubs_host_version" in q or "clubs_domain" in q]


@pytest.mark.django_db
def test_a_deactivated_club_stops_serving_in_every_process(club):
    client = host_client(club.primary_hostname)
    assert client.get("/").status_code == 200
    # Behind the services' back (as another process would): only the trigger tells.
    type(club).objects.filter(pk=club.pk).update(is_active=False)
    assert client.get("/").status_code == 200  # this process has not looked yet
    _another_process_changed_something()
    assert client.get("/").status_code == 404


@pytest.mark.django_db
def test_unknown_hosts_are_remembered_and_a_new_domain_is_found(club):
    from sites.clubs.models import Domain

    client = host_client("neu.localhost")
    assert client.get("/").status_code == 404
    _response, sql = _queries(client, "/")
    assert not [q for q in sql if "clubs_domain" in q], "an unknown host is looked up once"
    Domain.objects.create(domain="neu.localhost", tenant=club, is_primary=False)
    _another_process_changed_something()
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.django_db
def test_saving_a_wagtail_site_makes_hosts_look_again(club):
    from wagtail.models import Site

    client = host_client(club.primary_hostname)
    client.get("/")
    before = tenant_hosts.stored_version()
    with schema_context(club.schema_name):
        site = Site.objects.get(hostname=club.primary_hostname)
        site.site_name = "Neuer Name"
        site.save()
    assert tenant_hosts.stored_version() > before
    _response, sql = _queries(client, "/")
    assert [q for q in sql if "wagtailcore_site" in q], "the site is looked up again"


@pytest.mark.django_db
def test_entry_read_under_an_older_version_is_never_served(club):
    hostname = club.primary_hostname
    entry, version = tenant_hosts.lookup(hostname)
    assert entry is None
    # A lookup that began before a change was noticed stores its (possibly stale) club ...
    with connection.cursor() as cursor:
        cursor.execute("UPDATE public.clubs_host_version SET version = version + 1000 WHERE id = 1")
    _another_process_changed_something()
    tenant_hosts.current_version()
    tenant_hosts.remember(hostname, club, version)
    # ... and is not served under the new version.
    assert tenant_hosts.lookup(hostname)[0] is None


@pytest.mark.django_db
def test_cached_club_is_a_copy_per_request(club):
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    entry, _version = tenant_hosts.lookup(club.primary_hostname)
    first, second = tenant_hosts.tenant_of(entry), tenant_hosts.tenant_of(entry)
    first.name = "Verändert"
    assert second.name == club.name
