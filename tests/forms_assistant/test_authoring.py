"""Clerks author their authority's form templates (issue #11, item 19).

Each authority has a catalogue section; its clerks add, edit and import templates there and submit
them to the authority's workflow, which the authority's lead approves; another authority's section
is out of reach.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Workflow, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from forms_assistant.authoring import authority_setup_authoring, lead_group_name
from forms_assistant.models import AuthorityCataloguePage, FormTemplatePage
from tests.forms_assistant.conftest import STAFF_PASSWORD

SAMPLE = Path(__file__).resolve().parents[2] / "forms_assistant" / "fim_samples" / "xdf2_veranstaltungsanzeige.xml"


def _section(authority) -> AuthorityCataloguePage:
    return AuthorityCataloguePage.objects.get(authority=authority, locale__language_code="de")


@pytest.fixture
def lead(authority):
    user = get_user_model().objects.create_user(
        username="leitung@teststadt.example", email="leitung@teststadt.example", password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=lead_group_name(authority)))
    return user


def _add_data(title: str, slug: str, authority, action: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Eine Vorlage zum Testen.",
            "authority": authority.pk,
            "legal_basis": "",
            "fee_note": "",
            "lead_time_days": 0,
            "required_attachments": "",
            "steps": streamfield([]),
            "rules": streamfield([]),
            "recommend_when": streamfield([]),
        }
    ) | {action: "on"}


def test_every_authority_has_a_section_rights_and_a_workflow_idempotently(authority, other_authority):
    section = _section(authority)
    assert _section(other_authority).pk != section.pk
    assert authority_setup_authoring(authority=authority).pk == section.pk  # again: nothing new
    assert AuthorityCataloguePage.objects.filter(authority=authority).count() == 1
    workflow = WorkflowPage.objects.get(page=section).workflow
    assert workflow.name == "Freigabe Ordnungsamt Teststadt"
    assert Workflow.objects.filter(name=workflow.name).count() == 1
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Ordnungsamt Teststadt – Leitung"]


def test_clerk_works_in_the_own_section_only(staff, staff_client, authority, other_authority):
    own, other = _section(authority), _section(other_authority)
    assert staff_client.get(f"/admin/pages/{own.pk}/").status_code == 200
    assert staff_client.get(f"/admin/pages/{other.pk}/").status_code in (302, 403, 404)
    add = staff_client.get(f"/admin/pages/add/forms_assistant/formtemplatepage/{own.pk}/")
    assert add.status_code == 200
    body = add.content.decode()
    assert f'<option value="{authority.pk}"' in body and f'<option value="{other_authority.pk}"' not in body
    assert staff_client.get(f"/admin/pages/add/forms_assistant/formtemplatepage/{other.pk}/").status_code != 200
    assert own.permissions_for_user(staff).can_add_subpage()
    assert not own.permissions_for_user(staff).can_publish()
    assert not other.permissions_for_user(staff).can_edit()


def test_clerk_creates_submits_lead_approves(staff, staff_client, lead, authority, other_staff_client):
    own = _section(authority)
    response = staff_client.post(
        f"/admin/pages/add/forms_assistant/formtemplatepage/{own.pk}/",
        _add_data("Gestattung Test", "gestattung-test", authority, "action-submit"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = FormTemplatePage.objects.child_of(own).get(slug="gestattung-test")
    assert not page.live  # a clerk submits, never publishes
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == "Freigabe Ordnungsamt Teststadt"
    # Nobody of another authority sees or touches it.
    assert other_staff_client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403, 404)

    # "Publish" from a clerk leaves the page a draft.
    staff_client.post(
        f"/admin/pages/{page.pk}/edit/", _add_data("Gestattung Test", "gestattung-test", authority, "action-publish")
    )
    page.refresh_from_db()
    assert not page.live

    state.current_task_state.task.specific.on_action(state.current_task_state, lead, "approve")
    page.refresh_from_db()
    assert page.live


def test_clerk_cannot_file_a_template_for_another_authority(staff_client, authority, other_authority):
    own = _section(authority)
    response = staff_client.post(
        f"/admin/pages/add/forms_assistant/formtemplatepage/{own.pk}/",
        _add_data("Fremd", "fremd", other_authority, "action-submit"),
    )
    assert response.status_code == 200
    assert not FormTemplatePage.objects.filter(slug="fremd").exists()


def test_fim_import_only_into_the_own_section(staff_client, authority, other_authority):
    url = "/admin/posteingang/fim-import/"
    page = staff_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert authority.name in body and other_authority.name not in body
    refused = staff_client.post(
        url, {"file": SimpleUploadedFile("a.xml", SAMPLE.read_bytes()), "authority": other_authority.pk}
    )
    assert refused.status_code == 200
    assert "In den Katalog dieser Behörde dürfen Sie nicht importieren." in refused.content.decode()
    assert not FormTemplatePage.objects.filter(authority=other_authority).exists()
    done = staff_client.post(url, {"file": SimpleUploadedFile("a.xml", SAMPLE.read_bytes()), "authority": authority.pk})
    assert done.status_code == 302
    imported = FormTemplatePage.objects.get(authority=authority, slug__startswith="fim-")
    assert imported.get_parent().pk == _section(authority).pk and not imported.live


def test_other_clerk_cannot_open_the_import_for_nothing(club_editor_client):
    assert club_editor_client.get("/admin/posteingang/fim-import/").status_code == 404


def test_templates_of_an_authority_move_into_its_section(authority, form_template):
    assert form_template.get_parent().pk == _section(authority).pk


def test_the_section_page_lists_its_published_templates(portal_client, authority, form_template):
    response = portal_client.get(_section(authority).url)
    assert response.status_code == 200
    assert "Sondernutzung Test" in response.content.decode()


def test_rule_pickers_offer_only_the_keys_of_the_template_being_edited(staff_client, form_template, other_authority):
    from forms_assistant.services import form_template_save

    form_template_save(
        title="Fremde Vorlage",
        authority=other_authority,
        publish=False,
        definition={
            "steps": [
                {
                    "key": "fremd",
                    "title": "Fremd",
                    "fields": [{"key": "fremdes_geheimfeld", "kind": "text", "label": "Geheim", "required": False}],
                }
            ],
            "rules": [],
        },
    )
    response = staff_client.get(f"/admin/pages/{form_template.pk}/edit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Erwartete Besucher (visitors)" in body  # a choice of the rule pickers: this template's field
    assert "fremdes_geheimfeld" not in body and "Geheim (" not in body


def test_a_rule_with_an_unknown_key_is_refused_with_the_key_named(form_template):
    import json

    from django.core.exceptions import ValidationError

    page = form_template.specific
    rules = [r.get_prep_value() for r in page.rules]
    condition = {"field": "gibt_es_nicht", "op": "filled", "value": ""}
    rules.append(
        {"type": "rule", "value": {"target": "alcohol", "action": "hide", "match": "all", "conditions": [condition]}}
    )
    page.rules = json.dumps(rules)
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert "Regel 5 fragt nach dem Feld „gibt_es_nicht“, das es nicht gibt." in str(exc.value)


def test_the_own_rules_still_validate_with_the_narrowed_pickers(staff, form_template):
    page = FormTemplatePage.objects.get(pk=form_template.pk)
    form_class = FormTemplatePage.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=staff, parent_page=page.get_parent())
    cleaned = form.fields["rules"].clean(page.rules)
    assert [r.value["target"] for r in cleaned] == [r.value["target"] for r in page.rules]


def test_an_authority_made_in_the_operators_admin_gets_its_section(db):
    from forms_assistant.models import Authority
    from tests.forms_assistant.conftest import login

    get_user_model().objects.create_superuser(
        username="op@portal.example", email="op@portal.example", password="op-passwort-12"
    )
    client = login("localhost", "op@portal.example", "op-passwort-12")
    response = client.post(
        "/admin/forms_assistant/authority/create/",
        {
            "name": "Bauamt Neu",
            "street": "Weg 1",
            "postal_code": "12345",
            "town": "Neustadt",
            "email": "bauamt@neu.example",
            "staff_group_name": "Behörde: Bauamt Neu",
            "retention_days": 730,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    authority = Authority.objects.get(name="Bauamt Neu")
    assert _section(authority).title == "Bauamt Neu"
    assert Group.objects.filter(name="Bauamt Neu – Leitung").exists()
    assert WorkflowPage.objects.get(page=_section(authority)).workflow.name == "Freigabe Bauamt Neu"
