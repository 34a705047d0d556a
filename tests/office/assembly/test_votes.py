"""Quorum, majorities, proxies and elections (office/assembly/votes.py): pure, no database."""

from fractions import Fraction

import pytest

from office.assembly.errors import ProxyError, VoteError
from office.assembly.statute import Basis, ElectionMethod, MajorityRule, Statute
from office.assembly.votes import (
    Choice,
    ElectionBallot,
    ProxyRegister,
    Tally,
    Vote,
    election_count,
    motion_result,
    quorum_check,
    tally,
)

STATUTE = Statute()
SIMPLE = STATUTE.majority_for("ordinary")
THREE_QUARTERS = STATUTE.majority_for("statute_change")


def test_the_sentence_for_the_minutes():
    result = motion_result(Tally(yes=34, no=11, abstain=5), SIMPLE)
    assert result.accepted
    assert result.text == (
        "Angenommen: 34 Ja-Stimmen von 45 abgegebenen Stimmen (Mehrheit erforderlich: mehr als die Hälfte, "
        "§ 32 Abs. 1 Satz 3 BGB); 5 Enthaltungen zählen nicht."
    )


def test_abstentions_and_invalid_votes_are_not_votes_cast():
    result = motion_result(Tally(yes=10, no=9, abstain=30, invalid=2), SIMPLE)
    assert result.accepted and result.base == 19 and result.required == 10
    assert result.text.endswith("30 Enthaltungen und 2 ungültige Stimmen zählen nicht.")


def test_singular_forms():
    result = motion_result(Tally(yes=1, no=0, abstain=1), SIMPLE)
    assert result.text == (
        "Angenommen: 1 Ja-Stimme von 1 abgegebenen Stimmen (Mehrheit erforderlich: mehr als die Hälfte, "
        "§ 32 Abs. 1 Satz 3 BGB); 1 Enthaltung zählt nicht."
    )


def test_tie_is_rejected():
    result = motion_result(Tally(yes=20, no=20, abstain=3), SIMPLE)
    assert not result.accepted and result.tie
    assert result.text.startswith("Abgelehnt bei Stimmengleichheit: 20 Ja-Stimmen von 40")


def test_nothing_cast_is_rejected():
    result = motion_result(Tally(abstain=7), SIMPLE)
    assert not result.accepted and result.text.startswith("Abgelehnt: keine Ja- oder Nein-Stimme")


@pytest.mark.parametrize(
    ("yes", "no", "accepted"),
    [(30, 10, True), (29, 11, False), (31, 9, True), (3, 1, True), (2, 1, False)],
)
def test_three_quarters_at_the_boundary(yes, no, accepted):
    # 30 of 40 cast is exactly three quarters: reached (§ 33 Abs. 1 Satz 1 BGB: "drei Vierteile").
    result = motion_result(Tally(yes=yes, no=no, abstain=5), THREE_QUARTERS)
    assert result.accepted is accepted
    assert "mindestens drei Viertel, § 33 Abs. 1 Satz 1 BGB" in result.text


@pytest.mark.parametrize(
    ("rule", "base", "required"),
    [(SIMPLE, 45, 23), (SIMPLE, 40, 21), (SIMPLE, 1, 1), (THREE_QUARTERS, 40, 30), (THREE_QUARTERS, 41, 31)],
)
def test_required_votes(rule, base, required):
    assert rule.required(base) == required
    assert rule.reached(required, base) and not rule.reached(required - 1, base)


def test_majority_of_those_present_counts_abstentions_against():
    rule = MajorityRule(Fraction(1, 2), strict=True, basis=Basis.PRESENT, legal_ref="§ 8 der Satzung")
    result = motion_result(Tally(yes=10, no=9, abstain=30), rule, present=49)
    assert not result.accepted and "von 49 anwesenden oder vertretenen Stimmen" in result.text
    with pytest.raises(ValueError):
        motion_result(Tally(yes=1), rule)


def test_change_of_purpose_needs_all_members_with_consents_in_text_form():
    rule = STATUTE.majority_for("purpose_change")
    ok = motion_result(Tally(yes=37), rule, members=40, consents_in_text_form=3)
    assert ok.accepted and "(davon 3 Zustimmungen in Textform)" in ok.text and "§ 33 Abs. 1 Satz 2 BGB" in ok.text
    assert not motion_result(Tally(yes=37), rule, members=40, consents_in_text_form=2).accepted


def test_quorum():
    statute = Statute(quorum_share=Fraction(1, 3))
    status = quorum_check(statute=statute, entitled=100, present=30, represented=4)
    assert status.reached and status.required == 34
    assert status.text.startswith("Beschlussfähig: 34 von 100")
    short = quorum_check(statute=statute, entitled=100, present=30, represented=3)
    assert not short.reached
    result = motion_result(Tally(yes=30, no=1), SIMPLE, quorum=short)
    assert not result.accepted and result.text.startswith("Nicht beschlossen – Nicht beschlussfähig")
    assert quorum_check(statute=STATUTE, entitled=100, present=2).reached  # the BGB has no quorum


def test_tally_with_weights():
    votes = [Vote("a", Choice.YES, weight=2), Vote("b", Choice.NO), Vote("c", Choice.ABSTAIN), Vote("d", "invalid")]
    assert tally(votes) == Tally(yes=2, no=1, abstain=1, invalid=1)
    with pytest.raises(VoteError):
        tally([Vote("a", Choice.YES, weight=-1)])


def test_tally_refuses_double_votes_and_outsiders():
    with pytest.raises(VoteError, match="bereits abgestimmt"):
        tally([Vote("a", Choice.YES), Vote("a", Choice.NO)])
    with pytest.raises(VoteError, match="nicht stimmberechtigt"):
        tally([Vote("x", Choice.YES)], entitled={"a", "b"})


def test_proxies_not_allowed_by_default():
    with pytest.raises(ProxyError, match="§ 38 Satz 2 BGB"):
        ProxyRegister(STATUTE).add(principal="a", holder="b")


def test_proxies_and_their_limits():
    statute = Statute(proxies_allowed=True, max_proxies_per_person=2)
    register = ProxyRegister(statute, present={"h", "k", "p"})
    register.add(principal="a", holder="h")
    register.add(principal="b", holder="h")
    with pytest.raises(ProxyError, match="höchstens 2"):
        register.add(principal="c", holder="h")
    with pytest.raises(ProxyError, match="bereits vertreten"):
        register.add(principal="a", holder="k")
    with pytest.raises(ProxyError, match="selbst anwesend"):
        register.add(principal="p", holder="k")
    with pytest.raises(ProxyError, match="selbst vertreten"):
        register.add(principal="k", holder="k")
    with pytest.raises(ProxyError, match="Vollmachtsketten"):
        register.add(principal="c", holder="a")  # a is represented
    chain = ProxyRegister(statute)
    chain.add(principal="a", holder="h")
    with pytest.raises(ProxyError, match="Vollmachtsketten"):
        chain.add(principal="h", holder="k")  # h holds a proxy and cannot pass it on
    assert register.principals_of("h") == ["a", "b"] and register.represented == 2
    votes = [Vote("h", Choice.YES), Vote("a", Choice.YES, cast_by="h"), Vote("b", Choice.NO, cast_by="h")]
    assert tally(votes, proxies=register) == Tally(yes=2, no=1)
    with pytest.raises(VoteError, match="keine Vollmacht"):
        tally([Vote("a", Choice.YES, cast_by="k")], proxies=register)
    register.mark_present("a")  # arrives in person: the proxy ends
    assert register.holder_of("a") is None and register.represented == 1


def test_election_one_seat_absolute_majority():
    ballots = [ElectionBallot(("Anna",))] * 6 + [ElectionBallot(("Bernd",))] * 3 + [ElectionBallot(abstain=True)] * 2
    result = election_count(candidates=["Anna", "Bernd"], seats=1, ballots=ballots)
    assert result.elected == ("Anna",) and result.valid == 9 and result.required == 5 and not result.runoff_needed
    assert result.text.startswith("Gewählt: Anna (6 Stimmen). 9 gültige Stimmen, 2 Enthaltungen")


def test_election_without_absolute_majority_needs_a_runoff():
    ballots = [ElectionBallot(("A",))] * 4 + [ElectionBallot(("B",))] * 3 + [ElectionBallot(("C",))] * 2
    result = election_count(candidates=["A", "B", "C"], seats=1, ballots=ballots)
    assert result.elected == () and result.runoff_needed and result.runoff_candidates == ("A", "B")
    assert "Stichwahl zwischen A, B" in result.text
    relative = election_count(candidates=["A", "B", "C"], seats=1, ballots=ballots, method=ElectionMethod.RELATIVE)
    assert relative.elected == ("A",) and relative.required is None and "relative Mehrheit" in relative.text


def test_single_candidate_with_no_votes():
    ballots = [ElectionBallot(("A",))] * 5 + [ElectionBallot(no=True)] * 5
    result = election_count(candidates=["A"], seats=1, ballots=ballots, runoff=False)
    assert result.elected == () and result.valid == 10 and "1 Sitz bleibt unbesetzt" in result.text


def test_election_several_seats_and_invalid_ballots():
    ballots = (
        [ElectionBallot(("A", "B"))] * 5
        + [ElectionBallot(("A", "C"))] * 3
        + [ElectionBallot(("C",))] * 1
        + [ElectionBallot(("A", "B", "C"))]  # too many marks: invalid
        + [ElectionBallot(("Z",))]  # unknown candidate: invalid
        + [ElectionBallot(("A", "A"))]  # twice the same: invalid
    )
    result = election_count(candidates=["A", "B", "C"], seats=2, ballots=ballots)
    assert result.invalid == 3 and result.valid == 9 and result.required == 5
    assert result.votes == {"A": 8, "B": 5, "C": 4}
    assert result.elected == ("A", "B")


def test_election_tie_at_the_last_seat():
    ballots = [ElectionBallot(("A",))] * 3 + [ElectionBallot(("B",))] * 3 + [ElectionBallot(("C",))]
    result = election_count(candidates=["A", "B", "C"], seats=1, ballots=ballots, method="relative")
    assert result.elected == () and result.runoff_candidates == ("A", "B")


def test_no_quorum_in_the_statute_says_so_even_with_nobody_present():
    """QA: "Beschlussfähig … (0 von 230 anwesend)" read like an error; say that no minimum is required."""
    status = quorum_check(statute=STATUTE, entitled=230, present=0)
    assert status.reached and status.required is None
    assert status.text == (
        "Beschlussfähig: Die Satzung verlangt keine Mindestanwesenheit (0 von 230 Stimmberechtigten anwesend)."
    )
    with_proxies = quorum_check(statute=Statute(proxies_allowed=True), entitled=230, present=3, represented=1)
    assert with_proxies.text.endswith("(4 von 230 Stimmberechtigten anwesend oder vertreten).")
