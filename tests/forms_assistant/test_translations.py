"""A translated form template (wagtail-localize on the portal) is not a template of its own."""

import pytest

from forms_assistant.models import FormIndexPage, FormTemplatePage
from forms_assistant.selectors import form_template_get, form_template_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_copy(form_template):
    from wagtail.models import Locale

    english, _created = Locale.objects.get_or_create(language_code="en")
    original = FormTemplatePage.objects.get(pk=form_template.pk)
    copy = original.copy_for_translation(english, copy_parents=True)
    copy.title = "Special use (test)"
    copy.save_revision().publish()
    return copy


def test_only_originals_are_offered_and_applied_for(form_template, english_copy):
    assert [t.id for t in form_template_list()] == [form_template.pk]
    assert form_template_get(form_template.pk) is not None
    assert form_template_get(english_copy.pk) is None


def test_translated_catalogue_lists_the_original_templates(form_template, english_copy, portal_client):
    english_index = FormIndexPage.objects.get(locale__language_code="en")
    response = portal_client.get(english_index.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sondernutzung Test" in body and "Special use (test)" not in body
