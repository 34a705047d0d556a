"""The form of the statute's assembly rules (/admin/versammlungen/satzung/): the model's fields plus one
row per resolution kind for its majority, so the treasurer picks "wie BGB" or the statute's own rule
(share, "mehr als"/"mindestens", basis) instead of typing JSON. Stored into
``StatuteSettings.majorities`` as ``{"statute_change": {"share": "2/3", "strict": false, "basis":
"cast"}}``; a kind left "wie BGB" is not stored, so ``as_statute()`` falls back to ``BGB_DEFAULTS``."""

from __future__ import annotations

from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from office.assembly.statute import BGB_DEFAULTS, Basis, MajorityRule, ResolutionKind, Statute
from office.models import StatuteSettings

KIND_NAMES = {
    ResolutionKind.ORDINARY: _("Gewöhnlicher Beschluss (auch Wahlen)"),
    ResolutionKind.STATUTE_CHANGE: _("Satzungsänderung"),
    ResolutionKind.PURPOSE_CHANGE: _("Änderung des Vereinszwecks"),
    ResolutionKind.DISSOLUTION: _("Auflösung des Vereins"),
}
# What the BGB says, in plain words, and where the law or the courts set a limit to the statute.
KIND_BGB = {
    ResolutionKind.ORDINARY: _("BGB: mehr als die Hälfte der abgegebenen Stimmen (§ 32 Abs. 1 Satz 3 BGB)."),
    ResolutionKind.STATUTE_CHANGE: _("BGB: drei Viertel der abgegebenen Stimmen (§ 33 Abs. 1 Satz 1 BGB)."),
    ResolutionKind.PURPOSE_CHANGE: _(
        "BGB: Zustimmung aller Mitglieder; wer nicht zur Versammlung kommt, muss in Textform zustimmen "
        "(§ 33 Abs. 1 Satz 2 BGB)."
    ),
    ResolutionKind.DISSOLUTION: _("BGB: drei Viertel der abgegebenen Stimmen (§ 41 Satz 2 BGB)."),
}
KIND_HINT = {
    ResolutionKind.ORDINARY: _(
        "Die Satzung darf mehr verlangen. Weniger als „mehr als die Hälfte“ ist keine Mehrheit und wird nicht "
        "angenommen."
    ),
    ResolutionKind.STATUTE_CHANGE: _(
        "Die Satzung darf eine andere Mehrheit bestimmen (§ 40 BGB), mindestens aber mehr als die Hälfte."
    ),
    ResolutionKind.PURPOSE_CHANGE: _(
        "Untergrenze: Eine Mehrheit statt der Zustimmung aller gilt nur, wenn die Satzung sie ausdrücklich für die "
        "Zweckänderung vorsieht (§ 33 Abs. 1 Satz 2, § 40 BGB); eine Regel nur für Satzungsänderungen genügt "
        "nicht. Weniger als mehr als die Hälfte ist nie möglich."
    ),
    ResolutionKind.DISSOLUTION: _(
        "Die Satzung darf eine andere Mehrheit bestimmen (§ 41 Satz 2 BGB), mindestens aber mehr als die Hälfte."
    ),
}
OTHER = "other"
SHARE_CHOICES = [
    ("1/2", _("die Hälfte (1/2)")),
    ("2/3", _("zwei Drittel (2/3)")),
    ("3/4", _("drei Viertel (3/4)")),
    ("4/5", _("vier Fünftel (4/5)")),
    ("9/10", _("neun Zehntel (9/10)")),
    ("1", _("alle")),
    (OTHER, _("anderer Anteil (unten eintragen)")),
]
MODE_CHOICES = [("bgb", _("wie BGB")), ("own", _("eigene Regel der Satzung"))]
STRICT_CHOICES = [("strict", _("mehr als")), ("at_least", _("mindestens"))]
BASIS_CHOICES = [
    (Basis.CAST.value, _("der abgegebenen Ja- und Nein-Stimmen (Enthaltungen zählen nicht)")),
    (Basis.PRESENT.value, _("der anwesenden Stimmberechtigten (eine Enthaltung wirkt wie ein Nein)")),
    (Basis.MEMBERS.value, _("aller stimmberechtigten Mitglieder (auch der abwesenden)")),
]
STATUTE_FIELDS = [
    "invitation_period",
    "invitation_period_unit",
    "invitation_form",
    "letter_delivery_days",
    "email_delivery_days",
    "delivery_skips_sundays_and_holidays",
    "holiday_subdivision",
    "convener",
    "minority_request_share",
    "quorum_share",
    "election_method",
    "election_runoff",
    "proxies_allowed",
    "max_proxies_per_person",
    "hybrid_allowed",
    "virtual_allowed_by_statute",
    "virtual_resolution_on",
    "min_voting_age",
    "voting_statuses",
    "motion_deadline_days",
    "reminder_days",
    "written_participation_share",
]


def _prefix(kind: ResolutionKind) -> str:
    return f"majority_{kind.value}"


def _share_text(share: Fraction) -> str:
    return str(share.numerator) if share.denominator == 1 else f"{share.numerator}/{share.denominator}"


class StatuteForm(forms.ModelForm):
    class Meta:
        model = StatuteSettings
        fields = STATUTE_FIELDS
        widgets = {"virtual_resolution_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = (self.instance.majorities or {}) if self.instance else {}
        for kind in ResolutionKind:
            default = BGB_DEFAULTS[kind]
            rule = stored.get(kind.value)
            share = str(rule.get("share", _share_text(default.share))) if rule else _share_text(default.share)
            known = share in {value for value, _label in SHARE_CHOICES}
            strict = bool(rule.get("strict", default.strict)) if rule else default.strict
            prefix = _prefix(kind)
            self.fields[f"{prefix}_mode"] = forms.ChoiceField(
                label=KIND_NAMES[kind],
                choices=MODE_CHOICES,
                widget=forms.RadioSelect,
                required=False,  # not posted: as the law says
                initial="own" if rule else "bgb",
            )
            self.fields[f"{prefix}_strict"] = forms.ChoiceField(
                label=_("Mehrheit"),
                choices=STRICT_CHOICES,
                required=False,
                initial="strict" if strict else "at_least",
            )
            self.fields[f"{prefix}_share"] = forms.ChoiceField(
                label=_("Anteil"), choices=SHARE_CHOICES, required=False, initial=share if known else OTHER
            )
            self.fields[f"{prefix}_share_other"] = forms.CharField(
                label=_("anderer Anteil"),
                required=False,
                max_length=10,
                initial="" if known else share,
                widget=forms.TextInput(
                    attrs={"placeholder": _("z. B. 3/5"), "size": 8, "style": "width: 9em; display: inline-block;"}
                ),
            )
            self.fields[f"{prefix}_basis"] = forms.ChoiceField(
                label=_("gerechnet von"),
                choices=BASIS_CHOICES,
                required=False,
                initial=rule.get("basis", default.basis.value) if rule else default.basis.value,
            )

    # --- rendering ------------------------------------------------------------------------------

    def plain_fields(self):
        return [self[name] for name in self._meta.fields]

    def majority_rows(self):
        rows = []
        for kind in ResolutionKind:
            prefix = _prefix(kind)
            rows.append(
                {
                    "kind": kind.value,
                    "name": KIND_NAMES[kind],
                    "bgb": KIND_BGB[kind],
                    "hint": KIND_HINT[kind],
                    "mode": self[f"{prefix}_mode"],
                    "strict": self[f"{prefix}_strict"],
                    "share": self[f"{prefix}_share"],
                    "share_other": self[f"{prefix}_share_other"],
                    "basis": self[f"{prefix}_basis"],
                }
            )
        return rows

    # --- validation -----------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        majorities = {}
        for kind in ResolutionKind:
            prefix = _prefix(kind)
            if cleaned.get(f"{prefix}_mode") != "own":
                continue
            choice = cleaned.get(f"{prefix}_share") or ""
            typed = (cleaned.get(f"{prefix}_share_other") or "").strip().replace(" ", "")
            text = typed if choice == OTHER else choice
            if not text:
                self.add_error(f"{prefix}_share_other", _("Bitte tragen Sie einen Anteil ein, z. B. 3/5."))
                continue
            try:
                share = Fraction(text)
            except (ValueError, ZeroDivisionError):
                self.add_error(
                    f"{prefix}_share_other" if choice == OTHER else f"{prefix}_share",
                    _("Ein Anteil muss als Bruch wie 3/5 angegeben werden."),
                )
                continue
            # "alle" is reached by everyone agreeing: "mehr als alle" would be impossible.
            strict = cleaned.get(f"{prefix}_strict") != "at_least" and share != 1
            basis = cleaned.get(f"{prefix}_basis") or BGB_DEFAULTS[kind].basis.value
            rule = MajorityRule(share, strict=strict, basis=Basis(basis))
            errors = [
                error for error in Statute().with_majority(kind, rule).errors() if error.field.endswith(kind.value)
            ]
            if errors:
                self.add_error(
                    f"{prefix}_share_other" if choice == OTHER else f"{prefix}_share",
                    [finding.message for finding in errors],
                )
                continue
            majorities[kind.value] = {"share": _share_text(share), "strict": strict, "basis": basis}
        self.majorities = majorities
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        instance.majorities = self.majorities
        if commit:
            instance.save()
        return instance
