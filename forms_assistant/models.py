"""Models of the application assistant (public schema only).

Form templates are Wagtail pages in the portal's "Antragskatalog" (drafts, revisions, workflows,
translations for free). Applications, planned events, attachments and the audit trail are plain
models that point at the club (public → public) and keep snapshots of everything that lives per
schema: the acting club editor (id, name, e-mail) and the template (page id, revision, title,
definition), because a club's schema has its own users and pages (tenancy rule 2).
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks.base import BlockField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.private_files import PrivateStorage, random_name
from sites.clubs.models import Club
from sites.clubs.validators import validate_postal_code

from .blocks import RecommendationBlock, RuleBlock, StepBlock, field_key
from .constants import ApplicationStatus, AttachmentKind, PlaceKind, Side


def private_storage() -> PrivateStorage:
    """Application files are personal data: stored below PRIVATE_MEDIA_ROOT (outside every served
    folder), handed out only by views that check who asks (never by URL)."""
    return PrivateStorage("forms_assistant")


def pdf_upload_to(instance, filename: str) -> str:
    """`pdf/<uuid4 hex>.pdf`: references are sequential, file names must not be."""
    return random_name("pdf", filename, extension=".pdf")


def attachment_upload_to(instance, filename: str) -> str:
    """`files/<yyyy>/<mm>/<uuid4 hex>.<ext>`; the name the club gave stays in `original_name`."""
    return random_name("files/%Y/%m", filename)


class Authority(models.Model):
    """A public authority (Behörde) that receives applications; its staff are a Wagtail group."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    department = models.CharField(_("Abteilung"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, validators=[validate_postal_code])
    town = models.CharField(_("Ort"), max_length=120)
    email = models.EmailField(_("E-Mail-Postfach für Anträge"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    opening_hours = models.TextField(_("Öffnungszeiten"), blank=True)
    # A group name, not a FK: auth_group exists in every schema (tenancy rule 2).
    staff_group_name = models.CharField(
        _("Gruppe der Mitarbeitenden"),
        max_length=150,
        unique=True,
        help_text=_("Wagtail-Gruppe im Portal, deren Mitglieder die Anträge dieser Behörde bearbeiten."),
    )
    retention_days = models.PositiveIntegerField(
        _("Aufbewahrung entschiedener Anträge (Tage)"),
        default=730,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_("Danach werden genehmigte, abgelehnte und zurückgezogene Anträge anonymisiert."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("department"),
        FieldRowPanel([FieldPanel("street"), FieldPanel("postal_code"), FieldPanel("town")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("opening_hours"),
        FieldPanel("staff_group_name"),
        FieldPanel("retention_days"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Behörde")
        verbose_name_plural = _("Behörden")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.town}"


class FormIndexPage(Page):
    """The "Antragskatalog" under the portal home page; holds the form templates."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link", "ul"])

    parent_page_types = ["portal.PortalHomePage"]
    # Templates live in their authority's section (its clerks' part of the tree); templates made
    # before the sections existed may still sit here until `authority_setup_authoring` moves them.
    subpage_types = ["forms_assistant.AuthorityCataloguePage", "forms_assistant.FormTemplatePage"]
    max_count = 1
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Antragskatalog")

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Locale

        context = super().get_context(request, *args, **kwargs)
        # Form templates are filled in their original (German) version, also from a translated
        # catalogue page: an application's fields and PDF are the authority's own wording.
        original = self.get_translation_or_none(Locale.get_default()) or self
        context["templates"] = (
            FormTemplatePage.objects.descendant_of(original).live().select_related("authority").order_by("path")
        )
        return context


class AuthorityCataloguePage(Page):
    """One authority's section of the portal's Antragskatalog (under the FormIndexPage).

    Its clerks may add and edit the form templates below it and submit them to their authority's
    workflow; the authority's lead publishes them (page permissions on this subtree only, see
    `forms_assistant.authoring`).
    """

    authority = models.ForeignKey(
        Authority, verbose_name=_("Behörde"), on_delete=models.PROTECT, related_name="catalogue_sections"
    )
    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link", "ul"])

    parent_page_types = ["forms_assistant.FormIndexPage"]
    subpage_types = ["forms_assistant.FormTemplatePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("authority")]

    class Meta:
        verbose_name = _("Katalogbereich einer Behörde")
        verbose_name_plural = _("Katalogbereiche der Behörden")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["templates"] = FormTemplatePage.objects.child_of(self).live().select_related("authority")
        return context


class FormTemplatePageForm(WagtailAdminPageForm):
    """The editor's form of a template: in an authority's section it offers only that authority."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        section = parent_page.specific if parent_page is not None else None
        field = self.fields.get("authority")
        if field is not None and isinstance(section, AuthorityCataloguePage):
            field.queryset = Authority.objects.filter(pk=section.authority_id)
            field.initial = section.authority_id
            field.empty_label = None
        self._own_keys_in_rule_pickers()

    def _own_keys_in_rule_pickers(self):
        """The rule pickers offer the fields and steps of this template only (as last saved).

        The blocks are shared by every form; this form gets its own copy of the rules' block with
        the pickers' choices set, so no other template's keys (another authority's) are shown.
        """
        rules = self.fields.get("rules")
        if rules is None:
            return
        try:
            definition = self.instance.definition()
        except Exception:  # a half-made template: no keys yet
            definition = {"steps": []}
        choices = [("", "---------")]
        for step in definition.get("steps", []):
            choices.append((f"step:{step['key']}", f"Schritt: {step['title']} ({step['key']})"))
            choices += [(f["key"], f"{f['label']} ({f['key']})") for f in step.get("fields", [])]
        block = copy.deepcopy(rules.block)
        rule = block.child_blocks["rule"]
        for picker in (rule.child_blocks["target"], rule.child_blocks["conditions"].child_block.child_blocks["field"]):
            picker.field.choices = choices
        self.fields["rules"] = BlockField(
            block=block, required=rules.required, label=rules.label, help_text=rules.help_text
        )


class FormTemplatePage(Page):
    """A form template of an authority, in the portal's Antragskatalog (public schema only)."""

    base_form_class = FormTemplatePageForm

    summary = models.TextField(_("Kurzbeschreibung"), max_length=600)
    authority = models.ForeignKey(
        Authority, verbose_name=_("Zuständige Behörde"), on_delete=models.PROTECT, related_name="templates"
    )
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=300, blank=True)
    fee_note = models.CharField(_("Gebühren"), max_length=300, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(
        _("Vorlaufzeit (Tage)"),
        default=0,
        help_text=_("Wie viele Tage vor der Veranstaltung der Antrag eingehen soll; 0 = keine Frist."),
    )
    required_attachments = models.TextField(
        _("Erforderliche Anlagen"), blank=True, help_text=_("Eine Anlage pro Zeile, z. B. „Lageplan“.")
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("Schritte und Felder"), blank=True)
    rules = StreamField(
        [("rule", RuleBlock())],
        verbose_name=_("Regeln"),
        blank=True,
        help_text=_("Felder oder Schritte ein- und ausblenden oder zur Pflicht machen. Erst Felder speichern."),
    )
    always_recommend = models.BooleanField(_("Für jedes Vorhaben empfehlen"), default=False)
    recommend_when = StreamField(
        [("condition", RecommendationBlock())],
        verbose_name=_("Empfehlen, wenn das Vorhaben …"),
        blank=True,
        help_text=_("Der Assistent empfiehlt diesen Antrag, sobald eine der Bedingungen zutrifft."),
    )

    parent_page_types = ["forms_assistant.AuthorityCataloguePage", "forms_assistant.FormIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("legal_basis")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("authority"),
        MultiFieldPanel(
            [
                FieldPanel("legal_basis"),
                FieldPanel("fee_note"),
                FieldPanel("lead_time_days"),
                FieldPanel("required_attachments"),
            ],
            heading=_("Rahmen"),
        ),
        FieldPanel("steps"),
        FieldPanel("rules"),
        MultiFieldPanel([FieldPanel("always_recommend"), FieldPanel("recommend_when")], heading=_("Empfehlung")),
    ]

    class Meta:
        verbose_name = _("Antragsvorlage")
        verbose_name_plural = _("Antragsvorlagen")

    def definition(self) -> dict:
        """The engine's JSON definition built from the blocks."""
        steps = []
        event_date_field = ""
        for number, step_block in enumerate(self.steps, start=1):
            step = step_block.value
            fields = []
            for child in step["fields"]:
                value = child.value
                spec = {"key": field_key(value["label"], value.get("key", "")), "kind": child.block_type}
                spec["label"] = value["label"]
                if "text" in value:
                    spec["text"] = str(value["text"].source) if value["text"] else ""
                else:
                    spec["help"] = value.get("help_text", "")
                    spec["required"] = bool(value.get("required"))
                    spec["prefill"] = value.get("prefill") or ""
                if "choices" in value:
                    spec["choices"] = [[c["value"], c["label"]] for c in value["choices"]]
                if "subfields" in value:
                    spec["subfields"] = [
                        {
                            "key": field_key(s["label"], s.get("key", "")),
                            "kind": s["kind"],
                            "label": s["label"],
                            "required": bool(s.get("required")),
                        }
                        for s in value["subfields"]
                    ]
                if not event_date_field and spec.get("prefill") in ("event.date_start", "event.dates"):
                    event_date_field = spec["key"]
                fields.append(spec)
            steps.append(
                {
                    "key": field_key(step["title"], step.get("key", "")) or f"schritt_{number}",
                    "title": step["title"],
                    "intro": step.get("intro", ""),
                    "fields": fields,
                }
            )
        rules = [
            {
                "target": r.value["target"],
                "action": r.value["action"],
                "match": r.value["match"],
                "conditions": [
                    {"field": c["field"], "op": c["op"], "value": c["value"]} for c in r.value["conditions"]
                ],
            }
            for r in self.rules
        ]
        return {
            "title": self.title,
            "lead_time_days": self.lead_time_days,
            "event_date_field": event_date_field,
            "steps": steps,
            "rules": rules,
        }

    def recommendation_conditions(self) -> list[dict]:
        return [
            {"attribute": c.value["attribute"], "minimum": c.value.get("minimum"), "reason": c.value.get("reason", "")}
            for c in self.recommend_when
        ]

    def clean(self):
        super().clean()
        # In an authority's section a template belongs to that authority: a clerk can never file
        # a template for another one (nor move one there).
        parent = self.get_parent() if self.pk and self.path else None
        section = parent.specific if parent is not None else None
        if isinstance(section, AuthorityCataloguePage) and self.authority_id != section.authority_id:
            raise ValidationError({"authority": _("Im Bereich einer Behörde gelten nur Vorlagen dieser Behörde.")})
        from .engine import check_definition

        problems = check_definition(self.definition())
        if problems:
            raise ValidationError({"rules": [ValidationError(p) for p in problems]})


class PlannedEvent(models.Model):
    """A club's planned event ("Vorhaben"), described once and used for all its applications."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="planned_events")
    title = models.CharField(_("Titel"), max_length=200, help_text=_("z. B. „Sommerfest am Sportplatz“"))
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    date_start = models.DateField(_("Datum (Beginn)"))
    date_end = models.DateField(_("Datum (Ende)"), null=True, blank=True, help_text=_("Leer bei eintägigen Vorhaben."))
    time_start = models.TimeField(_("Uhrzeit (Beginn)"), null=True, blank=True)
    time_end = models.TimeField(_("Uhrzeit (Ende)"), null=True, blank=True)
    place_kind = models.CharField(
        _("Art des Ortes"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.ADDRESS
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True, validators=[validate_postal_code])
    town = models.CharField(_("Ort"), max_length=120, blank=True)
    place_description = models.CharField(
        _("Ort (Beschreibung)"), max_length=300, blank=True, help_text=_("z. B. „Marktplatz, nördliche Hälfte“")
    )
    expected_visitors = models.PositiveIntegerField(
        _("Erwartete Besucherzahl"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    sells_food = models.BooleanField(_("Verkauf von Speisen"), default=False)
    sells_drinks = models.BooleanField(_("Verkauf von Getränken"), default=False)
    serves_alcohol = models.BooleanField(_("Ausschank von Alkohol"), default=False)
    live_music = models.BooleanField(_("Live-Musik oder Beschallung"), default=False)
    street_closure = models.BooleanField(_("Straßensperrung nötig"), default=False)
    tents_stages = models.BooleanField(_("Zelte oder Bühnen"), default=False)
    fireworks = models.BooleanField(_("Feuerwerk"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date_start", "pk"]
        verbose_name = _("Vorhaben")
        verbose_name_plural = _("Vorhaben")

    def __str__(self):
        return f"{self.title} ({self.date_start:%d.%m.%Y})"

    @property
    def public_space(self) -> bool:
        return self.place_kind == PlaceKind.PUBLIC_SPACE

    def clean(self):
        if self.date_end and self.date_end < self.date_start:
            raise ValidationError({"date_end": _("Das Ende liegt vor dem Beginn. Bitte prüfen Sie die Daten.")})
        if self.serves_alcohol and not self.sells_drinks:
            self.sells_drinks = True  # alcohol is a drink: keep the recommender's facts consistent


class Application(models.Model):
    """One application of a club to an authority: a draft, then an immutable snapshot."""

    reference = models.CharField(_("Aktenzeichen"), max_length=30, unique=True, null=True, blank=True)
    club = models.ForeignKey(Club, verbose_name=_("Verein"), on_delete=models.CASCADE, related_name="applications")
    authority = models.ForeignKey(
        Authority, verbose_name=_("Behörde"), on_delete=models.PROTECT, related_name="applications"
    )
    event = models.ForeignKey(
        PlannedEvent,
        verbose_name=_("Vorhaben"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    # Snapshot of the template (a page in the public schema: no FK, tenancy rule 2).
    template_page_id = models.PositiveIntegerField(_("Vorlage (Seiten-ID)"), db_index=True)
    template_revision_id = models.PositiveIntegerField(_("Version der Vorlage"), null=True, blank=True)
    template_title = models.CharField(_("Antrag"), max_length=255, db_index=True)
    definition = models.JSONField(_("Formulardefinition"), default=dict)
    answers = models.JSONField(_("Angaben"), default=dict, blank=True)
    prefilled = models.JSONField(_("Vorausgefüllte Felder"), default=list, blank=True)
    current_step = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    event_date = models.DateField(_("Veranstaltungsdatum"), null=True, blank=True, db_index=True)
    is_late = models.BooleanField(_("Vorlaufzeit verpasst"), default=False, db_index=True)
    decision_text = models.TextField(_("Begründung der Entscheidung"), blank=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=pdf_upload_to, blank=True)
    # Who started the application: a club-schema user, kept as a snapshot.
    created_by_id = models.PositiveIntegerField(null=True, blank=True)
    created_by_name = models.CharField(_("Angelegt von"), max_length=150, blank=True)
    created_by_email = models.EmailField(_("E-Mail der anlegenden Person"), blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt bearbeitet"), auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(_("Eingereicht am"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    draft_warning_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("Anonymisiert am"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-updated_at"]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        # Club editors need this in their club's schema to see and file the club's applications.
        permissions = [("apply", _("Kann Anträge des Vereins stellen und einsehen"))]
        indexes = [
            models.Index(fields=["authority", "status", "-submitted_at"], name="fa_app_inbox"),
            models.Index(fields=["club", "status"], name="fa_app_club"),
            # The inbox (drafts are not in it, nor in these indexes): its pages, counts and search
            # read the list's columns from this index alone, in the list's order, and never the
            # rows with their answers; the filter choices come from the two after it
            # (selectors.inbox_template_titles, inbox_top_clubs).
            models.Index(
                fields=["authority", "-submitted_at", "-id"],
                include=["reference", "template_title", "club", "status", "event_date", "is_late"],
                name="fa_app_inbox_list",
                condition=~Q(status="draft"),
            ),
            models.Index(
                fields=["authority", "template_title"], name="fa_app_inbox_title", condition=~Q(status="draft")
            ),
            models.Index(fields=["authority", "club"], name="fa_app_inbox_club", condition=~Q(status="draft")),
        ]

    def __str__(self):
        return f"{self.reference or _('Entwurf')} · {self.template_title} · {self.club}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class ApplicationAttachment(models.Model):
    """A file belonging to an application: an answer, a supplement, or the permit."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("Art"), max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.ANSWER)
    field_key = models.CharField(max_length=60, blank=True)
    file = models.FileField(_("Datei"), storage=private_storage, upload_to=attachment_upload_to)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self):
        return self.original_name


class ApplicationLogEntry(models.Model):
    """One step in an application's life: who moved it from which status to which, when, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="log")
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    note = models.TextField(_("Notiz"), blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    actor_id = models.PositiveIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    actor_email = models.EmailField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_to_status_display()}"
