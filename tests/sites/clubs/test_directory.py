"""The club directory on the portal: search, filters, paging, detail page."""

import pytest

URL = "/vereine/"


@pytest.fixture
def tagged(club, other_club, categories):
    club.categories.set([categories["sport"]])
    other_club.categories.set([categories["music"]])
    return club, other_club


@pytest.mark.django_db
def test_lists_active_clubs_with_links(portal_client, tagged):
    club, other = tagged
    html = portal_client.get(URL).content.decode()
    assert club.name in html and other.name in html
    assert f"http://{club.primary_hostname}/" in html  # the request's port (none here), not the configured one
    assert f"/vereine/{club.slug}/" in html
    assert "Vorlage" not in html and "Heldenhelfer</a></h2>" not in html


@pytest.mark.django_db
def test_search_and_filters(portal_client, tagged):
    club, other = tagged
    html = portal_client.get(URL, {"q": "alpha"}).content.decode()
    assert club.name in html and other.name not in html
    html = portal_client.get(URL, {"kategorie": "kultur-musik"}).content.decode()
    assert other.name in html and club.name not in html
    html = portal_client.get(URL, {"ort": other.town.lower()}).content.decode()
    assert other.name in html and club.name not in html


@pytest.mark.django_db
def test_invalid_filters_are_ignored_with_a_note(portal_client, tagged):
    club, other = tagged
    response = portal_client.get(URL, {"kategorie": "<script>", "ort": "Atlantis", "seite": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert club.name in html and other.name in html
    assert "&lt;script&gt;" in html and "<script>" not in html.split("<main")[1].split("</main>")[0].replace(
        "<script src", ""
    )
    assert "wurde nicht angewendet" in html
    assert "Atlantis" in html


@pytest.mark.django_db
def test_empty_result_explains_itself(portal_client, tagged):
    html = portal_client.get(URL, {"q": "gibt es nicht"}).content.decode()
    assert "keinen Verein gefunden" in html
    assert "Filter zurücksetzen" in html


@pytest.mark.django_db
def test_paging(portal_client, tagged, monkeypatch):
    from sites.clubs import views

    monkeypatch.setattr(views, "DIRECTORY_PAGE_SIZE", 1)
    first = portal_client.get(URL).content.decode()
    second = portal_client.get(URL, {"seite": "2"}).content.decode()
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    names = {club.name for club in tagged}
    assert {n for n in names if n in first} | {n for n in names if n in second} == names
    assert not any(n in first and n in second for n in names)


@pytest.mark.django_db
def test_detail_page(portal_client, club):
    club.board_members.create(role="chair", name="Paula Alpha")
    html = portal_client.get(f"{URL}{club.slug}/").content.decode()
    assert club.name in html
    assert "Paula Alpha" in html
    assert f"http://{club.primary_hostname}/" in html  # the request's port (none here), not the configured one
    assert portal_client.get(f"{URL}club-template/").status_code == 404
    assert portal_client.get(f"{URL}portal/").status_code == 404
