"""The rules of a club's statute (Satzung) for its general assembly, with the BGB's defaults.

Only what the statute says about the assembly: invitation (period, form, when a letter counts as
delivered), who convenes, the minority's right to demand an assembly, quorum, majorities, proxies,
hybrid and virtual assemblies, and who may vote. Pure dataclasses; the models store the same fields.

Which rules of the BGB a statute may change (§ 40 Satz 1 BGB): "Die Vorschriften des § 26 Absatz 2
Satz 1, des § 27 Absatz 1 und 3, der §§ 28, 31a Abs. 1 Satz 2 sowie der §§ 32, 33 und 38 finden
insoweit keine Anwendung als die Satzung ein anderes bestimmt." So everything this module reads from
§§ 32, 33 and 38 BGB is a default a statute may replace, stricter *or* looser:
* § 32 Abs. 1 Satz 3 BGB, simple majority of the votes cast (since 30 September 2009 "abgegebene
  Stimmen"; before, BGHZ 83, 35 of 25 January 1982 had already read "erschienene Mitglieder" so that
  abstentions and invalid votes do not count);
* § 32 Abs. 2 BGB (since 21 March 2023), hybrid assemblies at the convener's choice, virtual ones
  only after a members' resolution; a statute may allow or exclude either;
* § 33 Abs. 1 Satz 1 BGB, ¾ of the votes cast for a statute change; Satz 2, change of purpose only
  with the consent of all members, absent members consenting in text form (Textform since
  1 January 2025, before in writing);
* § 38 Satz 2 BGB, membership rights cannot be left to another: no proxies unless the statute says so;
* § 41 Satz 2 BGB, ¾ of the votes cast for the dissolution, "wenn nicht die Satzung ein anderes
  bestimmt".
§ 34 BGB (no vote on one's own affairs) is mandatory (§ 40 Satz 2 BGB). § 37 Abs. 1 BGB lets the
statute fix the share of members who can demand an assembly (default one tenth), but the right must
remain a minority's: a share of one half or more is void (OLG Celle, 20 W 17/10 of 20 December 2010;
BayObLG, 3Z BR 100/01). The BGB sets no invitation period at all; § 58 Nr. 4 BGB wants the statute of
a registered club to regulate the convening, and courts require a reasonable period (often one week
for a small local club, two to four weeks for large ones). So the hard floors here are few: the
§ 37 share, and what is logically needed (a majority is more than half; shares between 0 and 1).
Everything else departing from the BGB gives a *note*, not an error, so the board sees what the
statute changed and where the statute must say so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy, pgettext, pgettext_lazy

from .errors import ModeNotAllowed, StatuteError

# The post delivers Monday to Saturday. Since 1 January 2025 (Postrechtsmodernisierungsgesetz,
# BGBl. 2024 I Nr. 236) 95 % of letters must arrive on the third and 99 % on the fourth working day
# after posting, and the statutory fictions of delivery moved from the third to the fourth day after
# posting (§ 41 Abs. 2 VwVfG, § 122 Abs. 2 Nr. 1 AO, § 4 Abs. 2 VwZG). Those govern authorities, not
# clubs; a club statute may fix its own ("gilt am dritten Tag nach Absendung als zugegangen", or the
# period runs from sending: 0). Without such a clause the period runs from receipt (OLG München,
# 31 Wx 123/15 of 11 May 2015), so the default follows the statutory four days.
DEFAULT_LETTER_DELIVERY_DAYS = 4
# An e-mail reaches the member when retrieval can be expected; one sent in the evening only the next
# day. One day is the safe default; a statute saying "am Tag der Absendung" makes it 0.
DEFAULT_EMAIL_DELIVERY_DAYS = 1
DEFAULT_INVITATION_DAYS = 14
# The statuses of office.constants.MemberStatus that are members (not applicants, not former ones):
# the BGB gives every member a vote; a statute may exclude e.g. supporting members.
DEFAULT_VOTING_STATUSES = frozenset({"active", "passive", "honorary", "youth"})

# The words of a share ("drei Viertel"), translated: the numerator as a word (context "fraction
# numerator"), the denominator with the numerator in one phrase and a plural (English "one third",
# "two thirds"; German "ein Drittel", "zwei Drittel").
_NUMBER_WORDS = {
    1: pgettext_lazy("fraction numerator", "ein"),
    2: pgettext_lazy("fraction numerator", "zwei"),
    3: pgettext_lazy("fraction numerator", "drei"),
    4: pgettext_lazy("fraction numerator", "vier"),
    5: pgettext_lazy("fraction numerator", "fünf"),
    6: pgettext_lazy("fraction numerator", "sechs"),
    7: pgettext_lazy("fraction numerator", "sieben"),
    8: pgettext_lazy("fraction numerator", "acht"),
    9: pgettext_lazy("fraction numerator", "neun"),
}
_DENOMINATOR_WORDS = {
    2: npgettext_lazy("fraction", "%(number)s Hälfte", "%(number)s Hälften", "count"),
    3: npgettext_lazy("fraction", "%(number)s Drittel", "%(number)s Drittel", "count"),
    4: npgettext_lazy("fraction", "%(number)s Viertel", "%(number)s Viertel", "count"),
    5: npgettext_lazy("fraction", "%(number)s Fünftel", "%(number)s Fünftel", "count"),
    10: npgettext_lazy("fraction", "%(number)s Zehntel", "%(number)s Zehntel", "count"),
}


class PeriodUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


class InvitationForm(StrEnum):
    EMAIL = "email"  # text form to every member (only if every member gave an address)
    LETTER = "letter"
    EMAIL_OR_LETTER = "email_or_letter"  # e-mail where known, a letter otherwise


class Channel(StrEnum):
    """How one invitation went out."""

    EMAIL = "email"
    LETTER = "letter"


class Convener(StrEnum):
    BOARD = "board"  # the board in the number needed to represent the club (§ 26 BGB); the default
    CHAIR = "chair"  # the chair alone, if the statute says so
    OTHER = "other"  # another organ named in the statute (e.g. a council)


class AssemblyMode(StrEnum):
    IN_PERSON = "in_person"
    HYBRID = "hybrid"
    VIRTUAL = "virtual"


class Basis(StrEnum):
    """What a majority is a share of."""

    CAST = "cast"  # yes + no; abstentions and invalid votes do not count (§ 32 Abs. 1 Satz 3 BGB)
    PRESENT = "present"  # the entitled voters present: an abstention then acts like a no
    MEMBERS = "members"  # all members entitled to vote, absent ones by consent in text form


class ResolutionKind(StrEnum):
    ORDINARY = "ordinary"
    STATUTE_CHANGE = "statute_change"
    PURPOSE_CHANGE = "purpose_change"
    DISSOLUTION = "dissolution"


class ElectionMethod(StrEnum):
    ABSOLUTE = "absolute"  # more than half of the valid ballots cast (an election is a resolution, § 32)
    RELATIVE = "relative"  # the most votes, if the statute says so


def fraction_words(value: Fraction) -> str:
    """'die Hälfte', 'drei Viertel', 'zwei Drittel', 'alle'; '3/5' for the rest."""
    if value == 1:
        return pgettext("share", "alle")
    if value == Fraction(1, 2):
        return pgettext("share", "die Hälfte")
    if value.denominator in _DENOMINATOR_WORDS and value.numerator in _NUMBER_WORDS:
        words = _DENOMINATOR_WORDS[value.denominator]
        return words % {"count": value.numerator, "number": _NUMBER_WORDS[value.numerator]}
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class MajorityRule:
    """A required majority: ``more than`` (strict) or ``at least`` a share of a basis, and its source."""

    share: Fraction
    strict: bool
    basis: Basis = Basis.CAST
    legal_ref: str = ""

    def required(self, base: int) -> int:
        """The smallest number of yes votes that reaches the majority out of ``base``."""
        threshold = self.share * base
        if self.strict:
            return int(threshold) + 1  # floor + 1: the smallest integer above the threshold
        return -((-threshold.numerator) // threshold.denominator)  # ceiling

    def reached(self, yes: int, base: int) -> bool:
        if base <= 0:
            return False
        return yes > self.share * base if self.strict else yes >= self.share * base

    def describe(self) -> str:
        """'mehr als die Hälfte', 'mindestens drei Viertel', 'alle'."""
        if self.share == 1 and not self.strict:
            return pgettext("share", "alle")
        if self.strict:
            return pgettext("majority rule", "mehr als %(share)s") % {"share": fraction_words(self.share)}
        return pgettext("majority rule", "mindestens %(share)s") % {"share": fraction_words(self.share)}

    def label(self) -> str:
        """The rule as the result sentence cites it: 'mehr als die Hälfte, § 32 Abs. 1 Satz 3 BGB'."""
        return f"{self.describe()}, {self.legal_ref}" if self.legal_ref else self.describe()


SIMPLE_MAJORITY = MajorityRule(Fraction(1, 2), strict=True, legal_ref="§ 32 Abs. 1 Satz 3 BGB")
STATUTE_CHANGE_MAJORITY = MajorityRule(Fraction(3, 4), strict=False, legal_ref="§ 33 Abs. 1 Satz 1 BGB")
PURPOSE_CHANGE_MAJORITY = MajorityRule(
    Fraction(1), strict=False, basis=Basis.MEMBERS, legal_ref="§ 33 Abs. 1 Satz 2 BGB"
)
DISSOLUTION_MAJORITY = MajorityRule(Fraction(3, 4), strict=False, legal_ref="§ 41 Satz 2 BGB")
BGB_DEFAULTS = {
    ResolutionKind.ORDINARY: SIMPLE_MAJORITY,
    ResolutionKind.STATUTE_CHANGE: STATUTE_CHANGE_MAJORITY,
    ResolutionKind.PURPOSE_CHANGE: PURPOSE_CHANGE_MAJORITY,
    ResolutionKind.DISSOLUTION: DISSOLUTION_MAJORITY,
}


@dataclass(frozen=True)
class Finding:
    """One remark on a statute: ``level`` "error" (cannot be saved) or "note" (departs from the BGB)."""

    level: str
    field: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""


@dataclass(frozen=True)
class Statute:
    """The assembly rules of one club. Every default is the BGB's (or, where it has none, a safe one)."""

    invitation_period: int = DEFAULT_INVITATION_DAYS
    invitation_period_unit: PeriodUnit = PeriodUnit.DAYS
    invitation_form: InvitationForm = InvitationForm.EMAIL_OR_LETTER
    letter_delivery_days: int = DEFAULT_LETTER_DELIVERY_DAYS
    email_delivery_days: int = DEFAULT_EMAIL_DELIVERY_DAYS
    # A letter due on a Sunday or public holiday counts as delivered on the next delivery day
    # (as the BFH reads the fiction of § 122 Abs. 2 AO with § 108 Abs. 3 AO).
    delivery_skips_sundays_and_holidays: bool = True
    holiday_subdivision: str | None = None  # a German state ("BY", "NW"); None: nationwide holidays
    convener: Convener = Convener.BOARD
    minority_request_share: Fraction = Fraction(1, 10)  # § 37 Abs. 1 BGB
    quorum_share: Fraction | None = None  # the BGB has no quorum
    majorities: dict[ResolutionKind, MajorityRule] = field(default_factory=lambda: dict(BGB_DEFAULTS))
    election_method: ElectionMethod = ElectionMethod.ABSOLUTE
    election_runoff: bool = True  # a second ballot between the best placed if nobody has the majority
    proxies_allowed: bool = False  # § 38 Satz 2 BGB
    max_proxies_per_person: int = 1
    hybrid_allowed: bool = True  # § 32 Abs. 2 Satz 1 BGB: the convener decides
    virtual_allowed_by_statute: bool = False
    virtual_resolution_on: datetime.date | None = None  # members' resolution, § 32 Abs. 2 Satz 2 BGB
    min_voting_age: int | None = None  # the BGB sets none
    voting_statuses: frozenset[str] = DEFAULT_VOTING_STATUSES
    motion_deadline_days: int | None = 7  # motions must arrive this many full days before
    reminder_days: int | None = 3

    def majority_for(self, kind: ResolutionKind | str) -> MajorityRule:
        kind = ResolutionKind(kind)
        return self.majorities.get(kind, BGB_DEFAULTS[kind])

    def with_majority(self, kind: ResolutionKind | str, rule: MajorityRule) -> Statute:
        return replace(self, majorities={**self.majorities, ResolutionKind(kind): rule})

    # --- checks -------------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Errors (values the law or logic forbids) and notes (departures from the BGB's defaults)."""
        found: list[Finding] = []

        def error(name: str, message: str) -> None:
            found.append(Finding("error", name, message))

        def note(name: str, message: str) -> None:
            found.append(Finding("note", name, message))

        if self.invitation_period < 1:
            error("invitation_period", _("Die Einladungsfrist muss mindestens einen Tag betragen."))
        elif self.invitation_period_unit == PeriodUnit.DAYS and self.invitation_period < 7:
            note(
                "invitation_period",
                _(
                    "Das BGB nennt keine Einladungsfrist, verlangt aber eine angemessene; Gerichte halten "
                    "weniger als eine Woche meist für zu kurz."
                ),
            )
        for name in ("letter_delivery_days", "email_delivery_days"):
            if getattr(self, name) < 0:
                error(name, _("Die angenommene Zustelldauer darf nicht negativ sein."))
        if not 0 < self.minority_request_share < Fraction(1, 2):
            error(
                "minority_request_share",
                _(
                    "Den Antrag auf Einberufung muss eine Minderheit stellen können: der Anteil muss über "
                    "null und unter der Hälfte der Mitglieder liegen (§ 37 Abs. 1 BGB)."
                ),
            )
        if self.quorum_share is not None and not 0 < self.quorum_share <= 1:
            error("quorum_share", _("Die Beschlussfähigkeit muss ein Anteil über null und höchstens eins sein."))
        for kind, rule in self.majorities.items():
            found.extend(_majority_findings(kind, rule))
        if self.proxies_allowed:
            note("proxies_allowed", _("Vollmachten weichen von § 38 Satz 2 BGB ab; die Satzung muss sie zulassen."))
            if self.max_proxies_per_person < 1:
                error("max_proxies_per_person", _("Wer Vollmachten zulässt, muss mindestens eine je Person erlauben."))
        if self.min_voting_age is not None and not 0 <= self.min_voting_age <= 21:
            error("min_voting_age", _("Das Mindestalter für das Stimmrecht muss zwischen 0 und 21 Jahren liegen."))
        if not self.voting_statuses:
            error("voting_statuses", _("Mindestens eine Mitgliedsart muss stimmberechtigt sein."))
        if self.virtual_resolution_on and self.virtual_resolution_on > datetime.date.today():
            error("virtual_resolution_on", _("Der Beschluss über virtuelle Versammlungen liegt in der Zukunft."))
        for name in ("motion_deadline_days", "reminder_days"):
            value = getattr(self, name)
            if value is not None and value < 0:
                error(name, _("Die Zahl der Tage darf nicht negativ sein."))
        return found

    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings() if finding.level == "error"]

    def validate(self) -> Statute:
        """Raise :class:`StatuteError` with every error; return ``self`` when none."""
        if errors := self.errors():
            raise StatuteError(errors)
        return self

    # --- questions the assembly asks -----------------------------------------------------------

    @property
    def virtual_allowed(self) -> bool:
        return self.virtual_allowed_by_statute or self.virtual_resolution_on is not None

    def mode_check(self, mode: AssemblyMode | str) -> None:
        """Raise :class:`ModeNotAllowed` for a mode the statute or the members have not allowed."""
        mode = AssemblyMode(mode)
        if mode == AssemblyMode.VIRTUAL and not self.virtual_allowed:
            raise ModeNotAllowed(
                _(
                    "Eine rein virtuelle Versammlung ist erst möglich, wenn die Mitglieder sie beschlossen "
                    "haben (§ 32 Abs. 2 Satz 2 BGB) oder die Satzung sie zulässt. Bitte tragen Sie zuerst "
                    "das Datum dieses Beschlusses ein, oder laden Sie zu einer Präsenz- oder hybriden "
                    "Versammlung ein."
                )
            )
        if mode == AssemblyMode.HYBRID and not self.hybrid_allowed:
            raise ModeNotAllowed(_("Die Satzung schließt hybride Versammlungen aus (§ 32 Abs. 2, § 40 BGB)."))

    def eligibility(self, *, status: str, birth_date: datetime.date | None, on: datetime.date) -> Eligibility:
        """Whether a member of ``status`` born on ``birth_date`` may vote on the day ``on``."""
        if status not in self.voting_statuses:
            return Eligibility(False, _("Diese Mitgliedsart ist laut Satzung nicht stimmberechtigt."))
        if self.min_voting_age:
            if birth_date is None:
                return Eligibility(False, _("Das Geburtsdatum fehlt; das Mindestalter ist nicht prüfbar."))
            if age_on(birth_date, on) < self.min_voting_age:
                return Eligibility(
                    False, _("Stimmrecht erst ab %(age)d Jahren (Satzung).") % {"age": self.min_voting_age}
                )
        return Eligibility(True)


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Completed years on ``on`` (§ 187 Abs. 2 Satz 2 BGB: the birthday counts in full)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _majority_findings(kind: ResolutionKind, rule: MajorityRule) -> list[Finding]:
    name = f"majorities.{kind.value}"
    if not 0 < rule.share <= 1 or (rule.share == 1 and rule.strict):
        return [Finding("error", name, _("Eine Mehrheit muss ein Anteil über null und höchstens alle sein."))]
    if rule.share < Fraction(1, 2) or (rule.share == Fraction(1, 2) and not rule.strict):
        return [
            Finding(
                "error",
                name,
                _(
                    "Eine Mehrheit muss mehr als die Hälfte verlangen; sonst könnten ein Antrag und sein "
                    "Gegenteil zugleich angenommen werden."
                ),
            )
        ]
    default = BGB_DEFAULTS[kind]
    if (rule.share, rule.strict, rule.basis) == (default.share, default.strict, default.basis):
        return []
    message = _("Weicht von %(ref)s ab (dort: %(default)s); zulässig, wenn die Satzung es so bestimmt (§ 40 BGB).") % {
        "ref": default.legal_ref,
        "default": default.describe(),
    }
    if kind == ResolutionKind.PURPOSE_CHANGE:
        message += " " + _("Eine Zweckänderung ohne Zustimmung aller braucht eine ausdrückliche Satzungsregel.")
    return [Finding("note", name, message)]
