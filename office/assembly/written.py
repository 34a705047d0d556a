"""Written resolutions outside a meeting (§ 32 Abs. 3 BGB, text form since 1 January 2025): pure rules.

The law: "Auch ohne Versammlung der Mitglieder ist ein Beschluss gültig, wenn alle Mitglieder ihre
Zustimmung zu dem Beschluss in Textform erklären." The Fourth Bureaucracy Relief Act (BEG IV,
BGBl. 2024 I Nr. 323) replaced "schriftlich" by "in Textform" and left the unanimity as it was: one
"no", one abstention or one member who does not answer by the deadline and the resolution fails.
§ 40 Satz 1 BGB lets the statute say otherwise; many statutes allow written resolutions with a
minimum participation and the majority of a meeting. So there are two rules:

* **the law** (`share=None`, the default): every member entitled to vote was involved and every one
  of them consented in text form by the deadline;
* **the statute's rule** (`share` set, e.g. 1/2): every member entitled to vote was involved, by the
  deadline at least that share of them answered in text form — an abstention is an answer (the
  member took part) but, as in a meeting, never a vote cast — and the majority the statute
  requires for this kind of resolution was reached (`Statute.majority_for`, `votes.motion_result`).

"Members" are the members entitled to vote (status and age per statute): a written resolution is a
vote, and members without a vote are not asked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from .deadlines import german_date
from .statute import MajorityRule, fraction_words
from .votes import Tally, motion_result

LEGAL_REF = "§ 32 Abs. 3 BGB"
STATUTE_REF = "Satzung (§ 40 BGB)"


@dataclass(frozen=True)
class WrittenOutcome:
    valid: bool  # conditions 1 and 2 (the resolution could be taken at all)
    accepted: bool  # valid and the majority reached
    entitled: int
    involved: int
    answered: int  # yes + no + abstain, in text form by the deadline
    required_answers: int
    tally: Tally
    rule_text: str
    text: str


def required_answers(entitled: int, share: Fraction | None = None) -> int:
    """The smallest number of answers needed: all entitled members by law, else `share` of them."""
    if share is None:
        return entitled
    return MajorityRule(share, strict=False).required(entitled)


def participation_rule_text(share: Fraction | None = None) -> str:
    if share is None:
        return _("Zustimmung aller stimmberechtigten Mitglieder in Textform bis zum Termin, %(ref)s") % {
            "ref": LEGAL_REF
        }
    return _(
        "Beteiligung aller Mitglieder, Stimmabgabe in Textform von mindestens %(share)s bis zum Termin, %(ref)s"
    ) % {
        "share": fraction_words(share),
        "ref": STATUTE_REF,
    }


def written_result(
    *,
    tally: Tally,
    rule: MajorityRule,
    entitled: int,
    involved: int,
    deadline: datetime.date,
    share: Fraction | None = None,
) -> WrittenOutcome:
    """The result of a written resolution after its deadline, with the rule that applied: the law's
    unanimity when `share` is None, else the statute's participation share and majority `rule`."""
    answered = tally.voted
    needed = required_answers(entitled, share)
    legal_ref = LEGAL_REF if share is None else STATUTE_REF
    rule_text = participation_rule_text(share)
    if share is not None:
        rule_text += "; " + _("Mehrheit: %(rule)s") % {"rule": rule.label()}
    values = {
        "answered": answered,
        "entitled": entitled,
        "needed": needed,
        "share": fraction_words(share) if share is not None else "",
        "day": german_date(deadline),
        "yes": tally.yes,
        "involved": involved,
    }
    participation = (
        _(
            "%(answered)d von %(entitled)d Stimmberechtigten haben bis %(day)s in Textform abgestimmt (erforderlich: "
            "%(needed)d, mindestens %(share)s)."
        )
        % values
    )

    def outcome(valid: bool, accepted: bool, text: str) -> WrittenOutcome:
        return WrittenOutcome(valid, accepted, entitled, involved, answered, needed, tally, rule_text, text)

    if entitled == 0:
        return outcome(False, False, _("Nicht gültig: Es gibt keine stimmberechtigten Mitglieder."))
    if involved < entitled:
        return outcome(
            False,
            False,
            _("Nicht gültig: Nur %(involved)d von %(entitled)d Stimmberechtigten wurden beteiligt (%(ref)s).")
            % {**values, "ref": legal_ref},
        )
    if share is None:
        if tally.yes == entitled:
            return outcome(
                True,
                True,
                _("Angenommen: Alle %(entitled)d Stimmberechtigten haben bis %(day)s in Textform zugestimmt (%(ref)s).")
                % {**values, "ref": legal_ref},
            )
        return outcome(
            tally.yes + tally.no + tally.abstain == entitled,
            False,
            _(
                "Nicht zustande gekommen: %(yes)d von %(entitled)d Stimmberechtigten haben bis %(day)s in Textform "
                "zugestimmt. Ohne Versammlung braucht ein Beschluss die Zustimmung aller Mitglieder (%(ref)s), "
                "wenn die Satzung nichts anderes bestimmt."
            )
            % {**values, "ref": legal_ref},
        )
    if answered < needed:
        return outcome(False, False, _("Nicht gültig: ") + participation + f" ({legal_ref})")
    result = motion_result(tally, rule, present=answered, members=entitled)
    return outcome(True, result.accepted, f"{result.text} {participation}")
