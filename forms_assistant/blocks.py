"""StreamField blocks a clerk builds form templates with: steps of fields, rules, recommendations.

Every choice is a picker (field kinds, pre-fill sources, operators, fields of templates), so nobody
writes JSON. The blocks are turned into the engine's definition by `FormTemplatePage.definition()`;
the page's `clean()` rejects rules that point at missing fields or form a cycle.
"""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .constants import Operator, RuleAction, RuleMatch
from .fields import FIELD_KINDS, simple_kind_choices
from .prefill import event_attribute_choices, prefill_choices


def field_key(label: str, key: str = "") -> str:
    """The technical name of a field: the given key, or one made from the label."""
    return slugify(key or label).replace("-", "_")[:60] or "feld"


def known_field_choices() -> list[tuple[str, str]]:
    """Fields and steps of all form templates (latest drafts included), for the rule pickers.

    A ChoiceBlock cannot see the page it is edited on, so these are the keys of every template;
    the page editor's form (`FormTemplatePageForm`) narrows its copy of the pickers to the keys of
    the template being edited, and the page's `clean()` rejects a rule whose field is not on it.
    """
    from .selectors import form_template_known_keys

    return form_template_known_keys()


class FieldKeyChoiceBlock(blocks.ChoiceBlock):
    """A picker over the field keys of all templates that keeps stored keys as they are.

    Wagtail normalises a stored ChoiceBlock value against its choices when it reads a page. Here
    the choices are computed by reading every template's definition, so normalising would read the
    templates again while reading one: an endless recursion. Keys are plain strings; nothing to do.
    """

    def to_python(self, value):
        return value

    def normalize(self, value):
        return value

    def clean(self, value):
        return blocks.FieldBlock.clean(self, value)


class ChoiceOptionBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Wert"), max_length=80, help_text=_("Kurz, z. B. „stand“"))
    label = blocks.CharBlock(label=_("Beschriftung"), max_length=200)

    class Meta:
        icon = "list-ul"
        label = _("Auswahlmöglichkeit")


class SubfieldBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Beschriftung"), max_length=200)
    key = blocks.CharBlock(label=_("Technischer Name"), required=False, max_length=60)
    kind = blocks.ChoiceBlock(label=_("Feldart"), choices=simple_kind_choices, default="text")
    required = blocks.BooleanBlock(label=_("Pflichtfeld"), required=False)

    class Meta:
        icon = "form"
        label = _("Spalte")


def _field_block(kind) -> blocks.StructBlock:
    children = [
        ("label", blocks.CharBlock(label=_("Beschriftung"), max_length=300)),
        (
            "key",
            blocks.CharBlock(
                label=_("Technischer Name"),
                required=False,
                max_length=60,
                help_text=_("Leer lassen: wird aus der Beschriftung gebildet. Regeln beziehen sich darauf."),
            ),
        ),
    ]
    if kind.has_value:
        children += [
            ("help_text", blocks.TextBlock(label=_("Hilfetext"), required=False, rows=2)),
            ("required", blocks.BooleanBlock(label=_("Pflichtfeld"), required=False)),
            ("prefill", blocks.ChoiceBlock(label=_("Vorausfüllen aus"), choices=prefill_choices, required=False)),
        ]
    else:
        children.append(("text", blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])))
    if kind.has_choices:
        children.append(("choices", blocks.ListBlock(ChoiceOptionBlock(), label=_("Auswahlmöglichkeiten"))))
    if kind.has_subfields:
        children.append(("subfields", blocks.ListBlock(SubfieldBlock(), label=_("Spalten"))))
    block = blocks.StructBlock(children, label=kind.label, icon="form")
    return block


class FieldsBlock(blocks.StreamBlock):
    def __init__(self, *args, **kwargs):
        local = [(kind.key, _field_block(kind)) for kind in FIELD_KINDS.values()]
        super().__init__(local, *args, **kwargs)

    class Meta:
        label = _("Felder")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel des Schritts"), max_length=200)
    key = blocks.CharBlock(label=_("Technischer Name"), required=False, max_length=60)
    intro = blocks.TextBlock(label=_("Einleitung"), required=False, rows=2)
    fields = FieldsBlock()

    class Meta:
        icon = "list-ol"
        label = _("Schritt")


class ConditionBlock(blocks.StructBlock):
    field = FieldKeyChoiceBlock(label=_("Feld"), choices=known_field_choices)
    op = blocks.ChoiceBlock(label=_("Vergleich"), choices=Operator.choices, default=Operator.EQ)
    value = blocks.CharBlock(
        label=_("Wert"),
        required=False,
        max_length=200,
        help_text=_("Bei Auswahlfeldern der Wert der Möglichkeit; bei Datum TT.MM.JJJJ; bei „ausgefüllt“ leer."),
    )

    class Meta:
        icon = "help"
        label = _("Bedingung")


class RuleBlock(blocks.StructBlock):
    target = FieldKeyChoiceBlock(label=_("Dieses Feld / diesen Schritt"), choices=known_field_choices)
    action = blocks.ChoiceBlock(label=_("…"), choices=RuleAction.choices, default=RuleAction.SHOW)
    match = blocks.ChoiceBlock(label=_("wenn"), choices=RuleMatch.choices, default=RuleMatch.ALL)
    conditions = blocks.ListBlock(ConditionBlock(), label=_("Bedingungen"), min_num=1)

    class Meta:
        icon = "cogs"
        label = _("Regel")


class RecommendationBlock(blocks.StructBlock):
    attribute = blocks.ChoiceBlock(label=_("Wenn das Vorhaben …"), choices=event_attribute_choices)
    minimum = blocks.IntegerBlock(
        label=_("ab (nur bei Zahlen)"), required=False, help_text=_("z. B. 1000 bei der Besucherzahl")
    )
    reason = blocks.CharBlock(
        label=_("Begründung für den Verein"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen für die Standardbegründung, z. B. „weil Sie Alkohol ausschenken“."),
    )

    class Meta:
        icon = "tick"
        label = _("Empfehlen, wenn")
