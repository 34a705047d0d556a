"""Written resolutions outside a meeting, the pure rule: by law (§ 32 Abs. 3 BGB, text form since 2025) all
members must consent; a statute may instead set a minimum participation and the meeting's majority (§ 40 BGB)."""

import datetime
from fractions import Fraction

from office.assembly.statute import BGB_DEFAULTS, ResolutionKind
from office.assembly.votes import Tally
from office.assembly.written import required_answers, written_result

DEADLINE = datetime.date(2026, 4, 30)


def result(tally, *, kind=ResolutionKind.ORDINARY, entitled=10, involved=10, share=Fraction(1, 2)):
    """With a statute that allows written resolutions with half of the members taking part."""
    return written_result(
        tally=tally, rule=BGB_DEFAULTS[kind], entitled=entitled, involved=involved, deadline=DEADLINE, share=share
    )


def test_half_of_the_members_must_answer_and_abstentions_count_for_participation_only():
    half = Fraction(1, 2)
    assert required_answers(10, half) == 5 and required_answers(9, half) == 5 and required_answers(1, half) == 1
    short = result(Tally(yes=4))
    assert not short.valid and not short.accepted
    assert "Nicht gültig" in short.text and "4 von 10" in short.text and "erforderlich: 5" in short.text
    assert "Satzung (§ 40 BGB)" in short.text and "30. April 2026" in short.text
    # The fifth answer is an abstention: participation reached; 3 yes against 1 no is a simple majority.
    passed = result(Tally(yes=3, no=1, abstain=1))
    assert passed.valid and passed.accepted and passed.answered == 5
    assert "Angenommen" in passed.text and "3 Ja-Stimmen von 4" in passed.text
    assert "mehr als die Hälfte" in passed.rule_text and "Satzung (§ 40 BGB)" in passed.rule_text


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


def test_by_law_every_member_entitled_to_vote_must_consent_in_text_form():
    """§ 32 Abs. 3 BGB as amended by BEG IV: only the form changed (text form), unanimity stayed."""
    assert required_answers(10) == 10
    everyone = result(Tally(yes=10), share=None)
    assert everyone.valid and everyone.accepted
    assert "Alle 10 Stimmberechtigten" in everyone.text and "§ 32 Abs. 3 BGB" in everyone.text
    assert "Zustimmung aller stimmberechtigten Mitglieder" in everyone.rule_text
    for tally in (Tally(yes=9, no=1), Tally(yes=9, abstain=1), Tally(yes=9)):
        failed = result(tally, share=None)
        assert not failed.accepted, tally
        assert "9 von 10" in failed.text and "Zustimmung aller Mitglieder" in failed.text
    # A statute change is no different: everyone must agree.
    assert result(Tally(yes=10), kind=ResolutionKind.STATUTE_CHANGE, share=None).accepted
    assert not result(Tally(yes=10), involved=9, share=None).valid
