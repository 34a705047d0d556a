"""Statute rules of the general assembly (office/assembly/statute.py): pure, no database."""

import datetime
from fractions import Fraction

import pytest

from office.assembly.errors import ModeNotAllowed, StatuteError
from office.assembly.statute import (
    AssemblyMode,
    Basis,
    MajorityRule,
    ResolutionKind,
    Statute,
    age_on,
)

D = datetime.date


def test_bgb_defaults_are_valid_and_cite_the_law():
    statute = Statute().validate()
    assert statute.findings() == []
    ordinary = statute.majority_for(ResolutionKind.ORDINARY)
    assert (ordinary.share, ordinary.strict, ordinary.basis) == (Fraction(1, 2), True, Basis.CAST)
    assert ordinary.label() == "mehr als die Hälfte, § 32 Abs. 1 Satz 3 BGB"
    assert statute.majority_for("statute_change").label() == "mindestens drei Viertel, § 33 Abs. 1 Satz 1 BGB"
    assert statute.majority_for("dissolution").legal_ref == "§ 41 Satz 2 BGB"
    purpose = statute.majority_for("purpose_change")
    assert (purpose.share, purpose.basis, purpose.describe()) == (1, Basis.MEMBERS, "alle")
    assert not statute.proxies_allowed  # § 38 Satz 2 BGB
    assert statute.quorum_share is None
    assert statute.letter_delivery_days == 4


@pytest.mark.parametrize("share", [Fraction(1, 2), Fraction(3, 5), Fraction(0), Fraction(1)])
def test_minority_right_must_stay_a_minority(share):
    errors = Statute(minority_request_share=share).errors()
    assert [finding.field for finding in errors] == ["minority_request_share"]
    assert "§ 37 Abs. 1 BGB" in errors[0].message


def test_minority_share_of_a_quarter_is_allowed():
    assert Statute(minority_request_share=Fraction(1, 4)).errors() == []


@pytest.mark.parametrize(
    "rule",
    [
        MajorityRule(Fraction(1, 3), strict=False),
        MajorityRule(Fraction(1, 2), strict=False),  # half suffices: a motion and its opposite could pass
        MajorityRule(Fraction(5, 4), strict=False),
        MajorityRule(Fraction(1), strict=True),
    ],
)
def test_a_majority_must_be_more_than_half(rule):
    statute = Statute().with_majority(ResolutionKind.ORDINARY, rule)
    with pytest.raises(StatuteError) as error:
        statute.validate()
    assert "Hälfte" in str(error.value) or "höchstens alle" in str(error.value)


def test_looser_statute_change_majority_is_a_note_not_an_error():
    # §§ 33, 40 BGB: the statute may lower the ¾ for statute changes, e.g. to two thirds.
    statute = Statute().with_majority(
        "statute_change", MajorityRule(Fraction(2, 3), strict=False, legal_ref="§ 9 der Satzung")
    )
    assert statute.errors() == []
    [note] = statute.findings()
    assert note.level == "note" and "§ 33 Abs. 1 Satz 1 BGB" in note.message and "§ 40 BGB" in note.message
    assert statute.majority_for("statute_change").label() == "mindestens zwei Drittel, § 9 der Satzung"


def test_purpose_change_by_majority_needs_an_express_rule():
    statute = Statute().with_majority("purpose_change", MajorityRule(Fraction(3, 4), strict=False))
    [note] = statute.findings()
    assert "Zweckänderung" in note.message


def test_stricter_ordinary_majority_is_a_note():
    statute = Statute().with_majority("ordinary", MajorityRule(Fraction(2, 3), strict=False, basis=Basis.PRESENT))
    assert statute.errors() == [] and statute.findings()[0].level == "note"


def test_short_invitation_period_is_a_note_zero_an_error():
    assert Statute(invitation_period=5).findings()[0].level == "note"
    assert Statute(invitation_period=0).errors()[0].field == "invitation_period"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"quorum_share": Fraction(0)}, "quorum_share"),
        ({"quorum_share": Fraction(3, 2)}, "quorum_share"),
        ({"proxies_allowed": True, "max_proxies_per_person": 0}, "max_proxies_per_person"),
        ({"letter_delivery_days": -1}, "letter_delivery_days"),
        ({"min_voting_age": 30}, "min_voting_age"),
        ({"voting_statuses": frozenset()}, "voting_statuses"),
        ({"motion_deadline_days": -2}, "motion_deadline_days"),
        ({"virtual_resolution_on": datetime.date.today() + datetime.timedelta(days=3)}, "virtual_resolution_on"),
    ],
)
def test_errors(values, field):
    assert field in [finding.field for finding in Statute(**values).errors()]


def test_proxies_are_a_departure_from_section_38():
    findings = Statute(proxies_allowed=True, max_proxies_per_person=2).findings()
    assert [(f.level, f.field) for f in findings] == [("note", "proxies_allowed")]


def test_virtual_assembly_refused_without_members_resolution():
    with pytest.raises(ModeNotAllowed) as error:
        Statute().mode_check(AssemblyMode.VIRTUAL)
    assert "§ 32 Abs. 2 Satz 2 BGB" in str(error.value)
    Statute().mode_check("hybrid")  # the convener decides (§ 32 Abs. 2 Satz 1 BGB)
    Statute().mode_check("in_person")


def test_virtual_assembly_allowed_after_resolution_or_by_statute():
    Statute(virtual_resolution_on=D(2024, 4, 20)).mode_check("virtual")
    Statute(virtual_allowed_by_statute=True).mode_check("virtual")


def test_hybrid_excluded_by_statute():
    with pytest.raises(ModeNotAllowed):
        Statute(hybrid_allowed=False).mode_check(AssemblyMode.HYBRID)


def test_voting_eligibility_age_and_status():
    statute = Statute(min_voting_age=16, voting_statuses=frozenset({"active", "honorary"}))
    day = D(2026, 3, 20)
    assert statute.eligibility(status="active", birth_date=D(2010, 3, 20), on=day).allowed  # 16th birthday
    too_young = statute.eligibility(status="active", birth_date=D(2010, 3, 21), on=day)
    assert not too_young.allowed and "16 Jahren" in too_young.reason
    assert not statute.eligibility(status="passive", birth_date=D(1970, 1, 1), on=day).allowed
    assert not statute.eligibility(status="active", birth_date=None, on=day).allowed
    assert Statute().eligibility(status="youth", birth_date=None, on=day).allowed  # the BGB sets no age


def test_age_on_leap_day_birthday():
    assert age_on(D(2008, 2, 29), D(2026, 2, 28)) == 17
    assert age_on(D(2008, 2, 29), D(2026, 3, 1)) == 18
