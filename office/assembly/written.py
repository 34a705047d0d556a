"""Written resolutions outside a meeting (§ 32 Abs. 3 BGB, in the wording in force since 2025): pure rules.

"Ohne Versammlung der Mitglieder ist ein Beschluss gültig, wenn alle Mitglieder beteiligt wurden, bis zu
dem vom Verein gesetzten Termin mindestens die Hälfte der Mitglieder ihre Stimmen in Textform abgegeben
hat und der Beschluss mit der erforderlichen Mehrheit gefasst wurde." § 40 Satz 1 BGB lets the statute
say otherwise, so the participation share is a parameter (default one half).

Three conditions, checked in this order, each named in the result's sentence:

1. every member entitled to vote was involved (sent the question with the deadline);
2. by the deadline at least the share of them answered in text form — an abstention is an answer
   (the member took part), so it counts for participation but, as in a meeting, never as a vote cast;
3. the majority the statute requires for this kind of resolution (the same rule as in a meeting,
   `Statute.majority_for`), counted by `votes.motion_result`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from .deadlines import german_date
from .statute import MajorityRule, fraction_words
from .votes import Tally, motion_result

PARTICIPATION_SHARE = Fraction(1, 2)
LEGAL_REF = "§ 32 Abs. 3 BGB"


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


def required_answers(entitled: int, share: Fraction = PARTICIPATION_SHARE) -> int:
    """The smallest number of answers that is at least `share` of the entitled members."""
    return MajorityRule(share, strict=False).required(entitled)


def participation_rule_text(share: Fraction = PARTICIPATION_SHARE, legal_ref: str = LEGAL_REF) -> str:
    return _(
        "Beteiligung aller Mitglieder, Stimmabgabe in Textform von mindestens %(share)s bis zum Termin, %(ref)s"
    ) % {
        "share": fraction_words(share),
        "ref": legal_ref,
    }


def written_result(
    *,
    tally: Tally,
    rule: MajorityRule,
    entitled: int,
    involved: int,
    deadline: datetime.date,
    share: Fraction = PARTICIPATION_SHARE,
    legal_ref: str = LEGAL_REF,
) -> WrittenOutcome:
    """The result of a written resolution after its deadline, with the rules that applied."""
    answered = tally.voted
    needed = required_answers(entitled, share)
    rule_text = f"{participation_rule_text(share, legal_ref)}; " + _("Mehrheit: %(rule)s") % {"rule": rule.label()}
    values = {
        "answered": answered,
        "entitled": entitled,
        "needed": needed,
        "share": fraction_words(share),
        "day": german_date(deadline),
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
    if answered < needed:
        return outcome(False, False, _("Nicht gültig: ") + participation + f" ({legal_ref})")
    result = motion_result(tally, rule, present=answered, members=entitled)
    return outcome(True, result.accepted, f"{result.text} {participation}")
