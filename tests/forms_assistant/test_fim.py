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


def test_admin_import_is_not_for_staff_or_clubs(staff_client, club_editor_client):
    assert staff_client.get("/admin/posteingang/fim-import/").status_code in (302, 403)
    assert club_editor_client.get("/admin/posteingang/fim-import/").status_code == 404
