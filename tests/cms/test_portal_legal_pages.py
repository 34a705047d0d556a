"""The portal's Impressum and privacy notice: reachable from its footer, filled from the operator's profile."""

import pytest

from sites.clubs.constants import ClubKind
from sites.clubs.models import Club


@pytest.mark.django_db
def test_footer_links_resolve_to_the_legal_pages(portal_client):
    home = portal_client.get("/").content.decode()
    for path in ("/impressum/", "/datenschutz/"):
        assert f'href="{path}"' in home
        assert portal_client.get(path).status_code == 200


@pytest.mark.django_db
def test_imprint_names_the_operator(portal_client):
    operator = Club.objects.get(kind=ClubKind.PORTAL)
    html = portal_client.get("/impressum/").content.decode()
    assert "§ 5 Digitale-Dienste-Gesetz" in html
    assert operator.name in html
    assert operator.town in html
    assert f"mailto:{operator.email}" in html


@pytest.mark.django_db
def test_privacy_notice_names_rights_and_purposes(portal_client):
    html = portal_client.get("/datenschutz/").content.decode()
    for part in ("Verantwortlich", "Art. 15–21 DSGVO", "Art. 77 DSGVO", "30 Tage nach dem Ende der Krise"):
        assert part in html
