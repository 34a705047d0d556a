"""FIM XDatenfelder import: XDF2 and XDF3 documents written from the standard, errors, command, admin page."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

import pytest

from forms_assistant import fim
from forms_assistant.engine import check_definition
from forms_assistant.models import FormTemplatePage

SAMPLES = Path(__file__).resolve().parents[2] / "forms_assistant" / "fim_samples"
XDF2 = (SAMPLES / "xdf2_veranstaltungsanzeige.xml").read_bytes()
XDF3 = (SAMPLES / "xdf3_vereinsfoerderung.xml").read_bytes()

# A second, smaller XDF3 document: a code list written into the field (<xdf:werte>), a label,
# a multi-select (cardinality 0:*) and a group that repeats 1:* as a table.
XDF3_SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:header><xdf:nachrichtID>t-1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2026-11-25T10:00:00</xdf:erstellungszeitpunkt></xdf:header>
  <xdf:stammdatenschema>
    <xdf:identifikation><xdf:id>S99000001</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>Standplatz</xdf:name>
    <xdf:bezeichnungEingabe>Antrag auf einen Standplatz</xdf:bezeichnungEingabe>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>
      <xdf:datenfeldgruppe>
        <xdf:identifikation><xdf:id>G99000010</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
        <xdf:name>Stand</xdf:name>
        <xdf:bezeichnungEingabe>Ihr Stand</xdf:bezeichnungEingabe>
        <xdf:struktur><xdf:anzahl>0:*</xdf:anzahl><xdf:enthaelt>
          <xdf:datenfeld>
            <xdf:identifikation><xdf:id>F99000100</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
            <xdf:name>Angebot</xdf:name>
            <xdf:bezeichnungEingabe>Was bieten Sie an?</xdf:bezeichnungEingabe>
            <xdf:hilfetextEingabe>Mehrere Antworten möglich.</xdf:hilfetextEingabe>
            <xdf:feldart><code>select</code></xdf:feldart>
            <xdf:datentyp><code>text</code></xdf:datentyp>
            <xdf:werte>
              <xdf:wert><xdf:code>speisen</xdf:code><xdf:name>Speisen</xdf:name></xdf:wert>
              <xdf:wert><xdf:code>getraenke</xdf:code><xdf:name>Getränke</xdf:name></xdf:wert>
            </xdf:werte>
          </xdf:datenfeld>
        </xdf:enthaelt></xdf:struktur>
        <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>
          <xdf:datenfeld>
            <xdf:identifikation><xdf:id>F99000101</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
            <xdf:name>Hinweis</xdf:name>
            <xdf:bezeichnungEingabe>Hinweis</xdf:bezeichnungEingabe>
            <xdf:feldart><code>label</code></xdf:feldart>
            <xdf:datentyp><code>text</code></xdf:datentyp>
            <xdf:inhalt>Stände brauchen einen Stromanschluss.</xdf:inhalt>
          </xdf:datenfeld>
        </xdf:enthaelt></xdf:struktur>
      </xdf:datenfeldgruppe>
    </xdf:enthaelt></xdf:struktur>
    <xdf:struktur><xdf:anzahl>1:*</xdf:anzahl><xdf:enthaelt>
      <xdf:datenfeldgruppe>
        <xdf:identifikation><xdf:id>G99000020</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
        <xdf:name>Helfende</xdf:name>
        <xdf:bezeichnungEingabe>Helfende am Stand</xdf:bezeichnungEingabe>
        <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>
          <xdf:datenfeld>
            <xdf:identifikation><xdf:id>F99000200</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
            <xdf:name>Name</xdf:name>
            <xdf:bezeichnungEingabe>Name</xdf:bezeichnungEingabe>
            <xdf:feldart><code>input</code></xdf:feldart>
            <xdf:datentyp><code>text</code></xdf:datentyp>
          </xdf:datenfeld>
        </xdf:enthaelt></xdf:struktur>
        <xdf:struktur><xdf:anzahl>0:1</xdf:anzahl><xdf:enthaelt>
          <xdf:datenfeld>
            <xdf:identifikation><xdf:id>F99000201</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
            <xdf:name>Stunden</xdf:name>
            <xdf:bezeichnungEingabe>Stunden</xdf:bezeichnungEingabe>
            <xdf:feldart><code>input</code></xdf:feldart>
            <xdf:datentyp><code>num_int</code></xdf:datentyp>
          </xdf:datenfeld>
        </xdf:enthaelt></xdf:struktur>
      </xdf:datenfeldgruppe>
    </xdf:enthaelt></xdf:struktur>
  </xdf:stammdatenschema>
</xdf:xdatenfelder.stammdatenschema.0102>
""".encode()


def _fields(report) -> dict[str, dict]:
    return {f["label"]: f for step in report.steps for f in step["fields"]}


def test_xdf2_groups_become_steps_and_fields_keep_labels_help_and_cardinality():
    report = fim.parse(XDF2)
    assert report.version == "2"
    assert report.title == "Anzeige einer öffentlichen Veranstaltung"
    assert [s["title"] for s in report.steps] == [
        "Angaben zum Veranstalter",
        "Angaben zur Veranstaltung",
        "Ordnungskräfte",
    ]
    fields = _fields(report)
    name = fields["Name des Veranstalters"]
    assert (name["kind"], name["required"]) == ("text", True)
    assert name["help"].startswith("Vollständiger Name")
    assert fields["Datum der Veranstaltung"]["kind"] == "date"
    assert fields["Erwartete Besucherzahl"]["kind"] == "number"
    assert fields["Werden alkoholische Getränke ausgeschenkt?"]["kind"] == "yesno"
    assert fields["Eintrittspreis"]["kind"] == "money" and not fields["Eintrittspreis"]["required"]
    assert fields["Lageplan"]["kind"] == "file"
    assert fields["Hinweis zum Datenschutz"]["kind"] == "info"
    security = fields["Ordnungskräfte"]
    assert security["kind"] == "repeat" and [s["label"] for s in security["subfields"]] == ["Name", "Telefon"]
    # prose rule and the external code list are reported, not dropped
    assert any("Frist" in u and "zwei Wochen" in u for u in report.unmapped)
    assert any("Rechtsform" in u and "urn:de:fim:codeliste:rechtsform" in u for u in report.unmapped)
    assert check_definition(report.definition) == []


def test_xdf3_code_lists_become_choices_and_unsupported_parts_are_reported():
    report = fim.parse(XDF3)
    assert report.version == "3"
    fields = _fields(report)
    area = fields["Förderbereich"]
    assert area["kind"] == "choice"
    assert area["choices"] == [["sport", "Sport"], ["kultur", "Kultur"], ["jugend", "Jugendarbeit"]]
    assert fields["Beantragter Betrag"]["kind"] == "money"
    assert fields["Kostenaufstellung"]["kind"] == "repeat"
    assert any("Eigenanteil" in u and "5.000 Euro" in u for u in report.unmapped)
    assert any("hidden" in u for u in report.unmapped)
    assert check_definition(report.definition) == []


def test_xdf3_multiselect_label_and_repeating_group():
    report = fim.parse(XDF3_SMALL)
    fields = _fields(report)
    offer = fields["Was bieten Sie an?"]
    assert offer["kind"] == "multichoice" and offer["choices"][1] == ["getraenke", "Getränke"]
    assert offer["help"] == "Mehrere Antworten möglich."
    assert fields["Hinweis"]["kind"] == "info" and "Stromanschluss" in fields["Hinweis"]["text"]
    helpers = fields["Helfende am Stand"]
    assert helpers["kind"] == "repeat" and helpers["required"] is True
    assert [(s["label"], s["kind"], s["required"]) for s in helpers["subfields"]] == [
        ("Name", "text", True),
        ("Stunden", "number", False),
    ]
    assert report.unmapped == []
    assert "Alles wurde übernommen." in report.as_text()


def test_invalid_xml_names_the_line():
    broken = b'<?xml version="1.0"?>\n<xdf:a xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_2">\n  <b>\n</xdf:a>\n'
    with pytest.raises(fim.FimError) as exc:
        fim.parse(broken)
    assert "Zeile 4" in str(exc.value)


def test_xdatenfelder_1_is_refused_with_a_clear_message():
    xdf1 = XDF2.replace(b"urn:xoev-de:fim:standard:xdatenfelder_2", b"urn:xoev-de:fim:standard:xdatenfelder_1.0.0")
    with pytest.raises(fim.FimError) as exc:
        fim.parse(xdf1)
    message = str(exc.value)
    assert "XDatenfelder 1.0.0" in message and "nur XDatenfelder 2 und 3" in message


def test_other_xml_and_entities_are_refused():
    with pytest.raises(fim.FimError, match="kein XDatenfelder"):
        fim.parse(b'<root xmlns="urn:example"/>')
    with pytest.raises(fim.FimError, match="Entitäten"):
        fim.parse(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')


# --- command line -------------------------------------------------------------------------------------


def test_command_dry_run_prints_the_report_and_creates_nothing(tmp_path, capsys, db):
    path = tmp_path / "anzeige.xml"
    path.write_bytes(XDF2)
    before = FormTemplatePage.objects.count()
    call_command("import_fim", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "XDatenfelder 2" in out and "3 Schritte, 9 Felder" in out
    assert "Name des Veranstalters *" in out and "[repeat]" in out
    assert "Nicht übernommen" in out and "Rechtsform" in out
    assert "Probelauf" in out
    assert FormTemplatePage.objects.count() == before


def test_command_creates_a_draft_template(tmp_path, capsys, authority):
    path = tmp_path / "foerderung.xml"
    path.write_bytes(XDF3)
    call_command("import_fim", str(path), "--authority", authority.name)
    assert "Entwurf angelegt" in capsys.readouterr().out
    page = FormTemplatePage.objects.get(slug__startswith="fim-s60000202")
    assert not page.live and page.authority == authority
    latest = page.get_latest_revision_as_object()
    assert [s["title"] for s in latest.definition()["steps"]][1] == "Beantragte Förderung"


def test_command_errors(tmp_path, db):
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("import_fim", str(tmp_path / "fehlt.xml"), "--dry-run")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<a>\n<b></a>")
    with pytest.raises(CommandError, match="Zeile 2"):
        call_command("import_fim", str(bad), "--dry-run")


# --- admin page (portal) ------------------------------------------------------------------------------


@pytest.fixture
def operator_client(db):
    from django.contrib.auth import get_user_model

    from tests.forms_assistant.conftest import login

    get_user_model().objects.create_superuser(
        username="operator@portal.example", email="operator@portal.example", password="operator-passwort-1"
    )
    return login("localhost", "operator@portal.example", "operator-passwort-1")


def test_admin_import_shows_report_then_creates_draft(operator_client, authority):
    url = "/admin/posteingang/fim-import/"
    assert operator_client.get(url).status_code == 200
    check = operator_client.post(url, {"file": SimpleUploadedFile("a.xml", XDF2), "dry_run": "on"})
    body = check.content.decode()
    assert check.status_code == 200 and "Angaben zur Veranstaltung" in body and "Nicht übernommen" in body
    done = operator_client.post(url, {"file": SimpleUploadedFile("a.xml", XDF2), "authority": authority.pk})
    assert done.status_code == 302 and "/admin/pages/" in done["Location"]
    assert FormTemplatePage.objects.filter(slug__startswith="fim-s60000101", live=False).exists()


def test_admin_import_shows_errors_in_the_form(operator_client):
    xdf1 = XDF2.replace(b"xdatenfelder_2", b"xdatenfelder_1.0.0")
    response = operator_client.post(
        "/admin/posteingang/fim-import/", {"file": SimpleUploadedFile("alt.xml", xdf1), "dry_run": "on"}
    )
    assert response.status_code == 200 and "XDatenfelder 1.0.0" in response.content.decode()


def test_admin_import_is_for_staff_of_their_authority_not_for_clubs(staff_client, club_editor_client):
    # Clerks import into their own authority's catalogue section (issue #11, item 19; test_authoring.py).
    assert staff_client.get("/admin/posteingang/fim-import/").status_code == 200
    assert club_editor_client.get("/admin/posteingang/fim-import/").status_code == 404


# --- hostile documents: markup in every text slot (issue #10) -------------------------------------------

HOSTILE = (
    '<script>hhxss()</script><img src=x onerror="hhxss()"><a href="javascript:hhxss()">hhlink</a>'
    '<b onmouseover="hhxss()">fett</b>&lt;svg onload=hhxss()&gt;<iframe src="javascript:hhxss()"></iframe>'
)
# Structural values stay as they are, so the document maps to the same steps and fields.
_STRUCTURAL = {"anzahl"}
_CODE_HOLDERS = {"feldart", "datentyp"}

# Slots the samples do not have: an embedded genericode list and a field kind that is not supported.
XDF2_EXTRA = b"""<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_2">
  <xdf:stammdatenschema>
    <xdf:identifikation><xdf:id>S99000002</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>
    <xdf:name>Extra</xdf:name>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>
      <xdf:datenfeld>
        <xdf:identifikation><xdf:id>F99000300</xdf:id></xdf:identifikation>
        <xdf:name>Art</xdf:name>
        <xdf:feldart><code>select</code></xdf:feldart>
        <xdf:datentyp><code>text</code></xdf:datentyp>
        <xdf:codelisteReferenz><xdf:genericodeIdentification>
          <SimpleCodeList><Row><Value><SimpleValue>a</SimpleValue></Value><Value><SimpleValue>A-Wert</SimpleValue></Value></Row></SimpleCodeList>
        </xdf:genericodeIdentification></xdf:codelisteReferenz>
      </xdf:datenfeld>
    </xdf:enthaelt></xdf:struktur>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>
      <xdf:datenfeld>
        <xdf:identifikation><xdf:id>F99000301</xdf:id></xdf:identifikation>
        <xdf:name>Versteckt</xdf:name>
        <xdf:feldart><code>hidden&lt;script&gt;hhxss()&lt;/script&gt;&lt;img src=x onerror=hhxss()&gt;</code></xdf:feldart>
        <xdf:datentyp><code>unbekannt</code></xdf:datentyp>
      </xdf:datenfeld>
      <xdf:datenfeld>
        <xdf:identifikation><xdf:id>F99000302</xdf:id></xdf:identifikation>
        <xdf:name>Seltsam</xdf:name>
        <xdf:feldart><code>input</code></xdf:feldart>
        <xdf:datentyp><code>unbekannt</code></xdf:datentyp>
      </xdf:datenfeld>
    </xdf:enthaelt></xdf:struktur>
  </xdf:stammdatenschema>
</xdf:xdatenfelder.stammdatenschema.0102>
"""


def _hostile(document: bytes, *, codes: bool = False) -> bytes:
    """The document with HOSTILE appended to every text of a leaf element (data type codes too if
    asked: they are named in the report; a hostile field kind is in XDF2_EXTRA)."""
    from xml.etree.ElementTree import tostring

    from defusedxml.ElementTree import fromstring

    root = fromstring(document)
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        parent = parents.get(element)
        holder = parent.tag.rsplit("}", 1)[-1] if parent is not None else ""
        is_code = holder in _CODE_HOLDERS and not (codes and holder == "datentyp")
        if len(element) or not (element.text or "").strip() or local in _STRUCTURAL or is_code:
            continue
        element.text = element.text + HOSTILE
    return tostring(root, encoding="utf-8")


def _assert_clean(text: str, where: str) -> None:
    for needle in ("hhxss", "javascript:", "onerror", "onmouseover", "onload"):
        assert needle not in text, f"{needle!r} in {where}: …{text[max(text.find(needle) - 200, 0) :][:400]}…"


@pytest.mark.parametrize("document", [XDF2, XDF3, XDF3_SMALL, XDF2_EXTRA], ids=["xdf2", "xdf3", "small", "extra"])
def test_markup_in_every_text_slot_is_dropped_on_import(document):
    import json

    report = fim.parse(_hostile(document))
    _assert_clean(json.dumps(report.definition, ensure_ascii=False), "definition")
    _assert_clean(report.as_text(), "report")
    _assert_clean(report.title + report.identifier, "title")
    assert report.steps and "<" not in json.dumps([report.title, report.unmapped], ensure_ascii=False)
    coded = fim.parse(_hostile(document, codes=True))  # unknown data types are named in the report
    assert any("Datentyp" in u for u in coded.unmapped)
    _assert_clean(coded.as_text(), "report with hostile codes")


def test_label_text_keeps_allow_listed_markup_only():
    document = XDF3_SMALL.replace(
        "Stände brauchen einen Stromanschluss.".encode(),
        (
            "&lt;p&gt;Stände &lt;strong onclick='hhxss()'&gt;brauchen&lt;/strong&gt; "
            "&lt;a href='https://example.org/strom' onclick='hhxss()'&gt;Strom&lt;/a&gt;.&lt;/p&gt;"
            "&lt;script&gt;hhxss()&lt;/script&gt;"
        ).encode(),
    )
    text = _fields(fim.parse(document))["Hinweis"]["text"]
    assert text == (
        '<p>Stände <strong>brauchen</strong> <a href="https://example.org/strom" rel="noopener noreferrer">Strom</a>.</p>'
    )
    plain = _fields(fim.parse(XDF3_SMALL))["Hinweis"]["text"]
    assert plain == "<p>Stände brauchen einen Stromanschluss.</p>"


def test_rich_text_filter_and_helpers():
    from django.template import Context, Template

    from forms_assistant.richtext import clean_rich_text, plain_text

    rendered = Template("{% load fa_richtext %}{{ text|hh_richtext }}").render(
        Context({"text": '<p>Hallo <em>Welt</em><img src=x onerror="hhxss()"></p><a href="javascript:hhxss()">x</a>'})
    )
    assert rendered == '<p>Hallo <em>Welt</em></p><a rel="noopener noreferrer">x</a>'
    assert clean_rich_text('<a href="mailto:amt@example.org">Amt</a>') == (
        '<a href="mailto:amt@example.org" rel="noopener noreferrer">Amt</a>'
    )
    assert plain_text("Preis < 5 € & mehr") == "Preis < 5 € & mehr"
    assert plain_text("&lt;script&gt;hhxss()&lt;/script&gt;Text") == "Text"


@pytest.fixture
def hostile_template(operator_client, authority):
    """The hostile XDF3_SMALL imported through the admin page and published, with its page."""
    document = _hostile(
        XDF3_SMALL.replace(
            "Stände brauchen einen Stromanschluss.".encode(),
            "Stände &lt;strong&gt;brauchen&lt;/strong&gt; Strom.".encode(),
        )
    )
    url = "/admin/posteingang/fim-import/"
    check = operator_client.post(url, {"file": SimpleUploadedFile("boese.xml", document), "dry_run": "on"})
    assert check.status_code == 200
    _assert_clean(check.content.decode(), "import report page")
    done = operator_client.post(url, {"file": SimpleUploadedFile("boese.xml", document), "authority": authority.pk})
    assert done.status_code == 302, done.content.decode()[:2000]
    editor = operator_client.get(done["Location"])  # the page editor, with the report as messages
    assert editor.status_code == 200
    _assert_clean(editor.content.decode(), "page editor")
    page = FormTemplatePage.objects.get(slug__startswith="fim-s99000001")
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def test_hostile_import_renders_nowhere_as_markup(hostile_template, club_editor_client, staff_client, portal_client):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from forms_assistant.models import Application
    from forms_assistant.services import application_sections

    page = hostile_template
    public = portal_client.get(page.url)
    assert public.status_code == 200
    _assert_clean(public.content.decode(), "public template page")

    catalogue = club_editor_client.get("/admin/antraege/")
    _assert_clean(catalogue.content.decode(), "club catalogue")
    start = club_editor_client.post("/admin/antraege/start/", {"template": page.pk})
    assert start.status_code == 302
    application = Application.objects.get(template_page_id=page.pk)
    seen_info = False
    for step in application.definition["steps"]:
        body = club_editor_client.get(f"/admin/antraege/{application.pk}/schritt/{step['key']}/").content.decode()
        _assert_clean(body, f"step {step['key']}")
        seen_info = seen_info or "Stände <strong>brauchen</strong> Strom." in body
    assert seen_info  # allow-listed markup of the label text is kept
    review = club_editor_client.get(f"/admin/antraege/{application.pk}/pruefen/")
    _assert_clean(review.content.decode(), "review")

    Application.objects.filter(pk=application.pk).update(
        status="submitted", reference="HH-T-000001", submitted_at=timezone.now()
    )
    application.refresh_from_db()
    inspect = staff_client.get(f"/admin/forms_assistant/application/inspect/{application.pk}/")
    assert inspect.status_code == 200
    _assert_clean(inspect.content.decode(), "inbox")
    _assert_clean(staff_client.get("/admin/forms_assistant/application/").content.decode(), "inbox list")
    detail = club_editor_client.get(f"/admin/antraege/{application.pk}/")
    _assert_clean(detail.content.decode(), "club detail")
    pdf_html = render_to_string(
        "forms_assistant/application_pdf.html",
        {"application": application, "sections": application_sections(application), "attachments": [], "log": []},
    )
    _assert_clean(pdf_html, "PDF template")


def test_info_text_stored_another_way_is_sanitised_when_shown(draft, club_editor_client):
    """Defence in depth: a definition that bypassed the import still cannot bring markup that runs."""
    from forms_assistant.models import Application

    definition = draft.definition
    definition["steps"][0]["fields"].insert(
        0,
        {
            "key": "hinweis",
            "kind": "info",
            "label": "Hinweis",
            "text": '<p>Bitte <strong>lesen</strong></p><script>hhxss()</script><img src=x onerror="hhxss()">'
            '<a href="javascript:hhxss()">Link</a>',
        },
    )
    Application.objects.filter(pk=draft.pk).update(definition=definition)
    body = club_editor_client.get(f"/admin/antraege/{draft.pk}/schritt/verein/").content.decode()
    assert "<p>Bitte <strong>lesen</strong></p>" in body
    _assert_clean(body, "step with a stored hostile info text")
