"""One sentence per office page for the volunteers who use it, shown above the page's content."""

from django.utils.translation import gettext_lazy as _

HELP = {
    ("member", "index"): _(
        "Alle Mitglieder des Vereins. Mit „Filter“ grenzen Sie die Liste ein; die Download-Knöpfe geben genau "
        "die gefilterte Liste als Tabelle (CSV für Excel oder XLSX) aus."
    ),
    ("member", "form"): _(
        "Die Mitgliedsnummer vergibt das System, wenn Sie sie leer lassen. Daten bitte als TT.MM.JJJJ eingeben, "
        "z. B. 14.06.2026. Jede Änderung wird mit Ihrem Namen festgehalten."
    ),
    ("feegroup", "index"): _(
        "Beitragsgruppen legen fest, wer wie viel und wie oft zahlt, z. B. „Erwachsene“ oder „Familie“."
    ),
    ("feegroup", "form"): _(
        "Betrag je Zahlungszeitraum, Fälligkeit und was bei einem Eintritt im laufenden Zeitraum gilt."
    ),
    ("department", "index"): _(
        "Abteilungen gliedern den Verein, z. B. Fußball, Turnen, Chor; ein Mitglied kann in mehreren sein."
    ),
    ("department", "form"): _(
        "Aufgelöste Abteilungen nicht löschen, sondern auf „nicht aktiv“ setzen: Die Geschichte bleibt erhalten."
    ),
    ("sepamandate", "index"): _(
        "Die SEPA-Lastschriftmandate der Mitglieder. Nur der Vorstand und die Kasse sehen diese Seite."
    ),
    ("sepamandate", "form"): _(
        "Eine neue IBAN ändert das Mandat (Mandatsänderung): Die bisherige IBAN geht mit der nächsten Lastschrift an die Bank."
    ),
}


class HelpMixin:
    help_kind = "index"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["office_help"] = HELP.get((self.model._meta.model_name, self.help_kind), "")
        return context


class FormHelpMixin(HelpMixin):
    help_kind = "form"
