"""Host → club and the host's Wagtail site, kept per process and checked against the generations in
the shared cache on every request (cms/tenancy/hosts.py, cms/tenancy/invalidation.py)."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from django_tenants.utils import schema_context

from cms.tenancy import hosts, invalidation
from tests.conftest import host_client


def _queries(client, path="/robots.txt"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured.captured_queries]


def _another_instance_bumps(scope: str) -> None:
    """What a change on another instance leaves in the shared cache: a new generation."""
    caches[invalidation.ALIAS].set(f"gen:{scope}", "bumped-elsewhere", None)


@pytest.mark.django_db
def test_known_host_needs_no_query_for_club_or_site(club):
    client = host_client(club.primary_hostname)
    client.get("/")
    response, sql = _queries(client, "/")
    assert response.status_code == 200
    assert not [q for q in sql if "clubs_domain" in q or "wagtailcore_site" in q], sql


@pytest.mark.django_db
def test_no_query_of_a_change_log_and_no_row_lock_on_writes(club):
    from sites.clubs.services import club_profile_update

    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    _response, sql = _queries(client)
    assert sql == []
    with CaptureQueriesContext(connection) as captured:
        club_profile_update(club=club, data={"name": "Umbenannt e. V."}, by="test")
    assert not [q["sql"] for q in captured.captured_queries if "host_version" in q["sql"] or "host_change" in q["sql"]]


@pytest.mark.django_db
def test_a_change_elsewhere_forgets_only_the_hosts_of_its_schema(club, other_club):
    alpha, beta = host_client(club.primary_hostname), host_client(other_club.primary_hostname)
    alpha.get("/robots.txt")
    beta.get("/robots.txt")
    _another_instance_bumps(club.schema_name)
    _response, sql = _queries(beta)
    assert not [q for q in sql if "clubs_domain" in q], "the other club's host stays known"
    _response, sql = _queries(alpha)
    assert [q for q in sql if "clubs_domain" in q], "the changed club is looked up again"


@pytest.mark.django_db
def test_a_deactivated_club_stops_serving_at_once_and_a_reactivated_one_serves_again(club):
    client = host_client(club.primary_hostname)
    assert client.get("/").status_code == 200
    club.is_active = False
    club.save(update_fields=["is_active"])
    assert client.get("/").status_code == 404
    club.is_active = True
    club.save(update_fields=["is_active"])  # its host was remembered as serving nothing
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_unknown_hosts_are_remembered_and_a_new_domain_is_found(club):
    from sites.clubs.models import Domain

    client = host_client("neu.localhost")
    assert client.get("/").status_code == 404
    _response, sql = _queries(client, "/")
    assert not [q for q in sql if "clubs_domain" in q], "an unknown host is looked up once"
    Domain.objects.create(domain="neu.localhost", tenant=club, is_primary=False)
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.django_db
def test_a_new_domain_made_elsewhere_is_found_by_its_host_generation(club):
    from sites.clubs.models import Domain

    client = host_client("anders.localhost")
    assert client.get("/").status_code == 404
    # Written behind this process's signals, as another instance would; its purge is the bump.
    Domain.objects.bulk_create([Domain(domain="anders.localhost", tenant=club, is_primary=False)])
    assert client.get("/robots.txt").status_code == 404
    _another_instance_bumps(invalidation.host_scope("anders.localhost"))
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.django_db
def test_saving_a_wagtail_site_makes_its_hosts_look_again(club, other_club):
    from wagtail.models import Site

    alpha, beta = host_client(club.primary_hostname), host_client(other_club.primary_hostname)
    alpha.get("/")
    beta.get("/")
    with schema_context(club.schema_name):
        site = Site.objects.get(hostname=club.primary_hostname)
        site.site_name = "Neuer Name"
        site.save()
    _response, sql = _queries(alpha, "/")
    assert [q for q in sql if "wagtailcore_site" in q], "the site is looked up again"
    _response, sql = _queries(beta, "/")
    assert not [q for q in sql if "wagtailcore_site" in q], "another club's site stays known"


@pytest.mark.django_db
def test_entry_read_while_its_club_changed_is_never_kept(club):
    hostname = club.primary_hostname
    hosts.forget()
    invalidation.begin_request()
    entry, before = hosts.lookup(hostname)
    assert entry is None
    invalidation.end_request()
    # The lookup began, then the club changed (its hosts' generations move with it) ...
    club.name = "Geändert e. V."
    club.save(update_fields=["name"])
    # ... so what the lookup read (possibly before the change) is not kept.
    assert hosts.remember(hostname, club, before) is None
    assert hosts.lookup(hostname)[0] is None


@pytest.mark.django_db
def test_an_evicted_generation_is_created_afresh_not_read_as_a_constant(club):
    client = host_client(club.primary_hostname)
    client.get("/")
    caches[invalidation.ALIAS].delete(f"gen:{club.schema_name}")
    first = invalidation.stamp(club.schema_name)
    assert first[0] and first == invalidation.stamp(club.schema_name)
    _response, sql = _queries(client, "/")
    assert [q for q in sql if "clubs_domain" in q], "entries of the old generation are not used"


@pytest.mark.django_db
def test_cached_club_is_a_copy_per_request(club):
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    entry, _before = hosts.lookup(club.primary_hostname)
    first, second = hosts.tenant_of(entry), hosts.tenant_of(entry)
    first.name = "Verändert"
    assert second.name == club.name


@pytest.mark.django_db
def test_switched_off_every_request_looks_up(club, settings):
    settings.HH_PROCESS_CACHES = False
    client = host_client(club.primary_hostname)
    client.get("/robots.txt")
    _response, sql = _queries(client)
    assert [q for q in sql if "clubs_domain" in q]


@pytest.mark.django_db
def test_writers_of_different_clubs_do_not_wait_for_each_other(club, other_club):
    """No global row lock on the write path (the old change log locked one version row per write
    until commit, so a provisioning in progress held up every other club's change)."""
    import psycopg

    club.name = "Schreibt gerade e. V."
    club.save(update_fields=["name"])  # this transaction stays open until the test ends
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        other.execute("SET lock_timeout = '1s'")
        other.execute("UPDATE public.clubs_club SET name = name WHERE id = %s", [other_club.pk])
        other.rollback()
