"""Rule 3: public Wagtail pages are read in `schema_context(public)`, never from a club's search path.

From a club request the search path is `<club>, public`. A portal page type's own table exists
only in public, but the `wagtailcore_page` it joins exists in both: the club's copy wins, so the
query returns the club's page with that id dressed up as a portal page (or nothing).
"""

from django.db import connection

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from sites.portal.models import PortalHomePage


@pytest.mark.django_db
def test_a_portal_page_read_from_a_club_search_path_is_shadowed(club):
    with schema_context(get_public_schema_name()):
        portal_home = PortalHomePage.objects.get()
    connection.set_tenant(club)
    shadowed = PortalHomePage.objects.filter(pk=portal_home.pk).first()
    # Either the club's page with the same id (its title) or nothing — never the portal's page.
    assert shadowed is None or shadowed.title != portal_home.title
    with schema_context(get_public_schema_name()):
        assert PortalHomePage.objects.get(pk=portal_home.pk).title == portal_home.title


@pytest.mark.django_db
def test_the_portal_home_page_renders_its_own_content_on_the_portal(portal_client):
    with schema_context(get_public_schema_name()):
        title = PortalHomePage.objects.get().title
    assert title in portal_client.get("/").content.decode()


# Selectors that read public pages and are called from club requests (the club admin's
# application assistant lists the portal's form templates): each must answer the same from a
# club's search path as from public. Apps add theirs here as (dotted path, kwargs); the result is
# compared by repr. A published form template exists, so a shadowed read would show.
PUBLIC_PAGE_SELECTORS: list[tuple[str, dict]] = [
    ("forms_assistant.selectors.form_template_list", {}),
    ("forms_assistant.selectors.form_template_known_keys", {}),
]


@pytest.fixture
def published_form_template(db):
    from forms_assistant.services import authority_save, form_template_save

    authority = authority_save(
        data={
            "name": "Ordnungsamt Regel drei",
            "street": "Markt 1",
            "postal_code": "12345",
            "town": "Teststadt",
            "email": "ordnungsamt@regel3.example",
            "staff_group_name": "Behörde: Ordnungsamt Regel drei",
        }
    )
    definition = {
        "steps": [
            {
                "key": "verein",
                "title": "Antragsteller",
                "fields": [{"key": "club_name", "kind": "text", "label": "Name des Vereins", "required": True}],
            }
        ]
    }
    return form_template_save(
        title="Vorlage Regel drei", authority=authority, definition=definition, publish=True, summary="Test."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "kwargs"), PUBLIC_PAGE_SELECTORS)
def test_public_page_selectors_answer_the_same_from_a_club(path, kwargs, club, published_form_template):
    from django.utils.module_loading import import_string

    selector = import_string(path)
    connection.set_schema_to_public()
    expected = repr(selector(**kwargs))
    assert "Vorlage Regel drei" in expected or "club_name" in expected
    connection.set_tenant(club)
    assert repr(selector(**kwargs)) == expected
