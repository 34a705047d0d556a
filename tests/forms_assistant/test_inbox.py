"""The inbox: every filter, search, CSV export of the filtered list; templates refuse broken rules."""

import csv
import io
from datetime import date, timedelta

from django.core.exceptions import ValidationError

import pytest

from forms_assistant.models import Application

LIST = "/admin/forms_assistant/application/"


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def inbox(submitted, other_club, authority, form_template):
    """Three more applications of the authority: another club, an event far ahead, a late one."""

    def copy(**changes):
        data = {
            "club": submitted.club,
            "authority": authority,
            "template_page_id": form_template.pk,
            "template_title": submitted.template_title,
            "definition": submitted.definition,
            "status": "submitted",
            "submitted_at": submitted.submitted_at,
            "event_date": submitted.event_date,
            **changes,
        }
        application = Application.objects.create(**data)
        application.reference = f"HH-T-{application.pk:06d}"
        application.save()
        return application

    today = date.today()
    return {
        "own": submitted,
        "beta": copy(club=other_club, event_date=today + timedelta(days=5)),
        "later": copy(template_title="Gestattung Test", status="approved", event_date=today + timedelta(days=200)),
        "late": copy(is_late=True, status="in_review", event_date=today - timedelta(days=3)),
    }


def _refs(client, params) -> set[str]:
    body = client.get(LIST, params).content.decode()
    return {name for name in ("own", "beta", "later", "late") if f">{_INBOX[name]}<" in body}


_INBOX: dict[str, str] = {}


@pytest.fixture
def refs(inbox):
    _INBOX.clear()
    _INBOX.update({name: app.reference for name, app in inbox.items()})
    return _INBOX


def test_filters(staff_client, refs):
    assert _refs(staff_client, {}) == {"own", "beta", "later", "late"}
    assert _refs(staff_client, {"status__exact": "approved"}) == {"later"}
    assert _refs(staff_client, {"template_title": "Gestattung Test"}) == {"later"}
    assert _refs(staff_client, {"club": "beta"}) == {"beta"}
    assert _refs(staff_client, {"is_late__exact": "1"}) == {"late"}
    assert _refs(staff_client, {"event": "7"}) == {"beta"}
    assert _refs(staff_client, {"event": "past"}) == {"late"}
    far = (date.today() + timedelta(days=150)).isoformat()
    assert _refs(staff_client, {"event_date__gte": far}) == {"later"}


def test_search(staff_client, refs):
    assert _refs(staff_client, {"q": "Chor Beta"}) == {"beta"}
    assert _refs(staff_client, {"q": refs["late"]}) == {"late"}


def test_club_filter_offers_only_clubs_that_applied(staff_client, other_staff_client, refs):
    body = staff_client.get(LIST).content.decode()
    assert "Chor Beta e. V." in body
    assert "Chor Beta e. V." not in other_staff_client.get(LIST).content.decode()


def test_filter_choices_are_the_titles_and_clubs_of_the_own_inbox(staff, other_staff, refs, inbox):
    from forms_assistant.selectors import inbox_template_titles, inbox_top_clubs
    from sites.clubs.models import Club

    own = inbox["own"]
    # bulk_create: a club row without a schema, enough for a draft
    (third,) = Club.objects.bulk_create(
        [Club(schema_name="dritt", slug="dritt", name="Drittverein", email="d@x.example")]
    )
    Application.objects.create(  # a draft is the club's business: neither its title nor its club
        club=third,
        authority=own.authority,
        template_page_id=own.template_page_id,
        template_title="Nur ein Entwurf",
        definition=own.definition,
    )
    assert inbox_template_titles(user=staff) == sorted({"Gestattung Test", own.template_title}, key=str.lower)
    clubs = inbox_top_clubs(user=staff)
    assert [name for _slug, name in clubs] == sorted([own.club.name, "Chor Beta e. V."], key=str.lower)
    assert inbox_template_titles(user=other_staff) == [] and inbox_top_clubs(user=other_staff) == []


def test_search_by_partial_reference_in_any_case_and_club_name_words(staff_client, refs):
    assert _refs(staff_client, {"q": refs["late"].lower()}) == {"late"}
    assert _refs(staff_client, {"q": f"Beta {refs['beta'][-6:]}"}) == {"beta"}
    assert _refs(staff_client, {"q": "gestattung"}) == {"later"}


def test_counts_and_paging(staff_client, refs):
    assert '<span class="result-count">4 von 4</span>' in staff_client.get(LIST).content.decode()
    narrowed = staff_client.get(LIST, {"status__exact": "approved"}).content.decode()
    assert '<span class="result-count">1 von 4</span>' in narrowed
    for page in ("abc", "0", "99"):  # out of range: the first page, as modeladmin does
        assert _refs(staff_client, {"p": page}) == {"own", "beta", "later", "late"}


def test_the_page_queries_do_not_grow_with_its_rows(staff_client, refs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert staff_client.get(LIST, {"q": refs["beta"]}).status_code == 200
    with CaptureQueriesContext(connection) as four:
        assert staff_client.get(LIST).status_code == 200
    assert len(four.captured_queries) <= len(one.captured_queries)
    # and the rows are read without their answers and definition
    page = [q["sql"] for q in four.captured_queries if "ORDER BY" in q["sql"] and '"reference"' in q["sql"]]
    assert page and all('"answers"' not in sql for sql in page)


def test_csv_export_of_the_filtered_list(staff_client, refs):
    rows = _csv(staff_client.get(LIST, {"export": "csv", "club": "beta"}))
    assert rows[0][0] == "Aktenzeichen"
    assert [r[0] for r in rows[1:]] == [refs["beta"]]
    everything = _csv(staff_client.get(LIST, {"export": "csv"}))
    assert {r[0] for r in everything[1:]} == set(refs.values())


def test_other_authority_sees_nothing_and_exports_nothing(other_staff_client, refs):
    assert _refs(other_staff_client, {}) == set()
    assert len(_csv(other_staff_client.get(LIST, {"export": "csv"}))) == 1  # the header only


def test_drafts_are_not_in_the_inbox(staff_client, draft):
    assert staff_client.get(f"{LIST}inspect/{draft.pk}/").status_code == 404


# --- templates refuse broken rules at save time --------------------------------------------------------


def test_rule_with_a_missing_field_is_rejected_when_the_template_is_saved(form_template):
    import json

    page = form_template.specific
    rules = [r.get_prep_value() for r in page.rules]
    rules.append(
        {
            "type": "rule",
            "value": {
                "target": "gibt_es_nicht",
                "action": "show",
                "match": "all",
                "conditions": [{"field": "alcohol", "op": "yes", "value": ""}],
            },
        }
    )
    page.rules = json.dumps(rules)
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert "gibt_es_nicht" in str(exc.value)


def test_rule_loop_is_rejected_when_the_template_is_saved(form_template):
    import json

    page = form_template.specific
    loop = [
        {"target": "alcohol", "cond": "alcohol_kinds"},
    ]
    rules = [r.get_prep_value() for r in page.rules] + [
        {
            "type": "rule",
            "value": {
                "target": item["target"],
                "action": "hide",
                "match": "all",
                "conditions": [{"field": item["cond"], "op": "filled", "value": ""}],
            },
        }
        for item in loop
    ]
    page.rules = json.dumps(rules)
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert "Kreis" in str(exc.value)
