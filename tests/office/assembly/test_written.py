"""Written resolutions outside a meeting, the pure rule (§ 32 Abs. 3 BGB, 2025 wording): all members
involved, at least half of them answering in text form by the deadline, the required majority."""

import datetime
from fractions import Fraction

from office.assembly.statute import BGB_DEFAULTS, ResolutionKind
from office.assembly.votes import Tally
from office.assembly.written import required_answers, written_result

DEADLINE = datetime.date(2026, 4, 30)


def result(tally, *, kind=ResolutionKind.ORDINARY, entitled=10, involved=10, share=Fraction(1, 2)):
    return written_result(
        tally=tally, rule=BGB_DEFAULTS[kind], entitled=entitled, involved=involved, deadline=DEADLINE, share=share
    )


def test_half_of_the_members_must_answer_and_abstentions_count_for_participation_only():
    assert required_answers(10) == 5 and required_answers(9) == 5 and required_answers(1) == 1
    short = result(Tally(yes=4))
    assert not short.valid and not short.accepted
    assert "Nicht gültig" in short.text and "4 von 10" in short.text and "erforderlich: 5" in short.text
    assert "§ 32 Abs. 3 BGB" in short.text and "30. April 2026" in short.text
    # The fifth answer is an abstention: participation reached; 3 yes against 1 no is a simple majority.
    passed = result(Tally(yes=3, no=1, abstain=1))
    assert passed.valid and passed.accepted and passed.answered == 5
    assert "Angenommen" in passed.text and "3 Ja-Stimmen von 4" in passed.text
    assert "mehr als die Hälfte" in passed.rule_text and "§ 32 Abs. 3 BGB" in passed.rule_text


def test_every_member_must_be_involved():
    outcome = result(Tally(yes=9), involved=9)
    assert not outcome.valid and "Nur 9 von 10 Stimmberechtigten wurden beteiligt" in outcome.text


def test_the_statutes_majority_applies_a_tie_rejects_and_a_statute_share_replaces_one_half():
    change = result(Tally(yes=5, no=2), kind=ResolutionKind.STATUTE_CHANGE)
    assert change.valid and not change.accepted and "drei Viertel" in change.rule_text  # 5/7 < 3/4
    assert result(Tally(yes=6, no=2), kind=ResolutionKind.STATUTE_CHANGE).accepted  # exactly 3/4
    tie = result(Tally(yes=3, no=3))
    assert tie.valid and not tie.accepted and "Stimmengleichheit" in tie.text
    third = result(Tally(yes=4), share=Fraction(1, 3))
    assert third.valid and third.accepted and "ein Drittel" in third.rule_text
    assert not result(Tally(), entitled=0, involved=0).valid
