"""English renderings of words that share a German msgid with another meaning (message contexts),
and of the majority rules built from share words (office.assembly.statute)."""

from fractions import Fraction

from django.template import Context, Template
from django.utils import translation

from office.assembly.statute import MajorityRule, Statute, fraction_words
from office.models.assembly import Motion
from office.services.bank_statements import PROPOSAL_LABELS


def test_majority_rules_in_english_and_german_unchanged():
    statute = Statute()
    with translation.override("en"):
        assert statute.majority_for("ordinary").describe() == "more than half"
        assert statute.majority_for("statute_change").label() == "at least three quarters, § 33 Abs. 1 Satz 1 BGB"
        assert statute.majority_for("purpose_change").describe() == "all"
        assert fraction_words(Fraction(1, 3)) == "one third"
        assert fraction_words(Fraction(2, 3)) == "two thirds"
        assert fraction_words(Fraction(3, 5)) == "three fifths"
        assert MajorityRule(Fraction(2, 3), strict=False).describe() == "at least two thirds"
    with translation.override("de"):
        assert statute.majority_for("ordinary").label() == "mehr als die Hälfte, § 32 Abs. 1 Satz 3 BGB"
        assert fraction_words(Fraction(1, 3)) == "ein Drittel"
        assert fraction_words(Fraction(1, 10)) == "ein Zehntel"
        assert MajorityRule(Fraction(2, 3), strict=False).describe() == "mindestens zwei Drittel"


def test_fee_and_motion_labels_in_english():
    with translation.override("en"):
        assert str(PROPOSAL_LABELS["due"]) == "Fee"  # not the exchange's "Post"
        assert str(Motion._meta.verbose_name) == "Motion"  # not forms_assistant's "Application"
        assert str(Motion._meta.verbose_name_plural) == "Motions"
        minutes_label = Template('{% load i18n %}{% translate "Antrag" context "assembly motion" %}')
        assert minutes_label.render(Context()) == "Motion"
        assert Template('{% load i18n %}{% translate "Beitrag" %}').render(Context()) == "Post"
    with translation.override("de"):
        assert str(PROPOSAL_LABELS["due"]) == "Beitrag"
        assert str(Motion._meta.verbose_name) == "Antrag"


def test_portal_numbers_plural_and_singular_both_translated():
    template = Template(
        '{% load i18n %}{% blocktranslate count counter=n context "portal numbers" %}Verein{% plural %}Vereine'
        "{% endblocktranslate %}|{% translate 'Verein' %}"
    )
    with translation.override("en"):
        assert template.render(Context({"n": 3})) == "Clubs|Club"
        assert template.render(Context({"n": 1})) == "Club|Club"
