"""Security headers, Content-Security-Policy, login lock-out (django-axes) and the client address.

The strict policy (no inline script) holds on every page of the sites; only /admin/ gets the
additions Wagtail's own inline scripts need. Lock-outs count per schema: users live per schema.
"""

from django.contrib.auth import get_user_model
from django.test import RequestFactory

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from cms.security import client_ip
from tests.conftest import host_client


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["club", "portal"])
def test_sites_send_a_strict_policy_without_inline_script(host, club):
    client = host_client(club.primary_hostname if host == "club" else "localhost")
    response = client.get("/")
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert "'self'" in policy["frame-ancestors"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_site_pages_carry_no_inline_script(club):
    """What the strict policy would block in a browser must not be in our own pages."""
    import re

    for host, path in ((club.primary_hostname, "/"), ("localhost", "/"), ("localhost", "/vereine/")):
        html = host_client(host).get(path).content.decode()
        inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "json" not in tag]
        assert not inline, (host, path, inline)
        assert not re.search(r"\son[a-z]+=\"", html), (host, path)


def test_the_plain_policy_is_django_csps_and_follows_the_settings(settings):
    """The policy kept per process for a plain response is what django-csp builds from the
    settings, and a changed setting shows at once; a view's own policy still wins."""
    from django.http import HttpResponse

    from csp.utils import build_policy

    from cms.security import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))

    def header(response=None):
        request = RequestFactory().get("/")
        middleware.process_request(request)
        return middleware.process_response(request, response or HttpResponse("ok"))["Content-Security-Policy"]

    assert header() == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"], "img-src": ["'self'"]}}
    assert sorted(header().split("; ")) == ["default-src 'none'", "img-src 'self'"]
    own = HttpResponse("ok")
    own._csp_replace = {"img-src": ["data:"]}
    assert "img-src data:" in header(own)


@pytest.mark.django_db
def test_admin_gets_the_relaxed_policy_only_under_admin(club):
    response = host_client(club.primary_hostname).get("/admin/login/")
    policy = _directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_wagtail_admin_still_works_for_an_editor(club_editor_client):
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/"):
        response = club_editor_client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response


def _fail(client, username, times):
    for _ in range(times):
        response = client.post("/admin/login/", {"username": username, "password": "falsch-falsch-1"})
    return response


@pytest.mark.django_db
def test_repeated_failures_lock_out_the_account_on_this_host(club, other_club, club_editor, settings):
    client = host_client(club.primary_hostname)
    _fail(client, club_editor.username, settings.AXES_FAILURE_LIMIT)
    response = client.post("/admin/login/", {"username": club_editor.username, "password": "test-passwort-123"})
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The attempts are stored in the club's schema: another club and the portal know nothing of them.
    from axes.models import AccessAttempt

    with schema_context(club.schema_name):
        assert AccessAttempt.objects.filter(username=club_editor.username).exists()
    for schema in (other_club.schema_name, get_public_schema_name()):
        with schema_context(schema):
            assert not AccessAttempt.objects.filter(username=club_editor.username).exists()


@pytest.mark.django_db
def test_a_lock_out_on_one_club_does_not_lock_the_same_name_elsewhere(club, other_club, settings):
    user_model = get_user_model()
    for tenant in (club, other_club):
        with schema_context(tenant.schema_name):
            user_model.objects.create_user(username="kasse", password="kassen-passwort-1")
    _fail(host_client(club.primary_hostname), "kasse", settings.AXES_FAILURE_LIMIT)
    other = host_client(other_club.primary_hostname)
    response = other.post("/admin/login/", {"username": "kasse", "password": "kassen-passwort-1"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_portal_admin_is_rate_limited_too(portal):
    with schema_context(get_public_schema_name()):
        get_user_model().objects.create_user(username="betrieb", password="betrieb-passwort-1", is_staff=True)
    client = host_client("localhost")
    response = _fail(client, "betrieb", 5)
    response = client.post("/admin/login/", {"username": "betrieb", "password": "betrieb-passwort-1"})
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy trusted: a forged header is ignored
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the entry our proxy appended
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.HH_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --- the unknown-host page (answered by the tenant middleware itself) ----------------------------


@pytest.mark.django_db
def test_unknown_host_404_carries_the_security_headers():
    response = host_client("niemand.localhost").get("/irgendwo/")
    assert response.status_code == 404
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_unknown_host_gets_the_https_redirect_and_hsts_in_production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = host_client("niemand.localhost")
    response = client.get("/irgendwo/")
    assert response.status_code == 301
    assert response["Location"] == "https://niemand.localhost/irgendwo/"
    response = client.get("/irgendwo/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 404
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_unknown_host_404_links_only_to_the_portal():
    import re

    html = host_client("niemand.localhost").get("/").content.decode()
    links = re.findall(r'href="([^"]*)"', html)
    page_links = [link for link in links if not link.startswith(("#", "/static/"))]
    assert page_links, html
    for link in page_links:
        assert re.match(r"http://localhost(:\d+)?/", link), link  # relative links would end here again
    assert any(link.rstrip("/").endswith("/vereine") for link in page_links)


@pytest.mark.django_db
def test_unknown_host_404_links_to_the_portal_on_the_requests_port():
    pytest.importorskip("cms.public_urls")
    html = host_client("niemand.localhost:8123").get("/").content.decode()
    assert 'href="http://localhost:8123/"' in html
    assert 'href="http://localhost:8123/impressum/"' in html
