"""Host → club and the host's Wagtail site, kept per process and checked against PostgreSQL's log
of changes (cms/tenant_hosts.py, migrations clubs 0004/0005)."""

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
def test_change_check_is_one_read_and_only_once_per_interval(club, settings):
    settings.HH_TENANT_CACHE_SECONDS = 60
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    _another_process_changed_something()
    _response, sql = _queries(client)
    assert len([q for q in sql if "clubs_host_version" in q]) == 1
    _response, sql = _queries(client)
    assert not [q for q in sql if "clubs_host_version" in q or "clubs_domain" in q]


@pytest.mark.django_db
def test_a_change_forgets_only_the_hosts_it_names(club, other_club):
    alpha, beta = host_client(club.primary_hostname), host_client(other_club.primary_hostname)
    alpha.get("/robots.txt")
    beta.get("/robots.txt")
    type(club).objects.filter(pk=club.pk).update(name="Umbenannt e. V.")  # e.g. another process
    _another_process_changed_something()
    _response, sql = _queries(beta)
    assert not [q for q in sql if "clubs_domain" in q], "the other club's host stays known"
    _response, sql = _queries(alpha)
    assert [q for q in sql if "clubs_domain" in q], "the changed club is looked up again"


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
def test_saving_a_wagtail_site_makes_its_hosts_look_again(club, other_club):
    from wagtail.models import Site

    alpha, beta = host_client(club.primary_hostname), host_client(other_club.primary_hostname)
    alpha.get("/")
    beta.get("/")
    before = tenant_hosts.stored_version()
    with schema_context(club.schema_name):
        site = Site.objects.get(hostname=club.primary_hostname)
        site.site_name = "Neuer Name"
        site.save()
    assert tenant_hosts.stored_version() > before
    _response, sql = _queries(alpha, "/")
    assert [q for q in sql if "wagtailcore_site" in q], "the site is looked up again"
    _response, sql = _queries(beta, "/")
    assert not [q for q in sql if "wagtailcore_site" in q], "another club's site stays known"


@pytest.mark.django_db
def test_entry_read_before_a_change_of_its_club_is_never_served(club):
    hostname = club.primary_hostname
    entry, seen = tenant_hosts.lookup(hostname)
    assert entry is None
    # A lookup began, then its club changed and this process noticed ...
    type(club).objects.filter(pk=club.pk).update(name="Geändert e. V.")
    _another_process_changed_something()
    tenant_hosts.current_version()
    # ... so what the lookup read (possibly before the change) is not kept.
    assert tenant_hosts.remember(hostname, club, seen) is None
    assert tenant_hosts.lookup(hostname)[0] is None


@pytest.mark.django_db
def test_truncate_or_a_pruned_log_forgets_everything(club):
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    epoch = tenant_hosts._state["epoch"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE public.clubs_host_version SET pruned_below = version + 1 WHERE id = 1")
        cursor.execute("SELECT public.clubs_host_change_record('x', NULL)")
    _another_process_changed_something()
    _response, sql = _queries(client)
    assert tenant_hosts._state["epoch"] == epoch + 1
    assert [q for q in sql if "clubs_domain" in q]


@pytest.mark.django_db
def test_cached_club_is_a_copy_per_request(club):
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    entry, _seen = tenant_hosts.lookup(club.primary_hostname)
    first, second = tenant_hosts.tenant_of(entry), tenant_hosts.tenant_of(entry)
    first.name = "Verändert"
    assert second.name == club.name
