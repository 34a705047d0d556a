"""SEPA identifiers and texts (office/sepa/identifiers.py): pure, no database."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schwifty import IBAN

from office.sepa import identifiers as ids
from office.sepa.errors import InvalidIdentifier


def test_creditor_id_valid_test_identifier():
    assert ids.validate_creditor_id("DE98ZZZ09999999999") == "DE98ZZZ09999999999"
    assert ids.validate_creditor_id(" de98 zzz 0999 9999 999 ") == "DE98ZZZ09999999999"
    assert ids.is_valid_creditor_id("DE98ZZZ09999999999")


@pytest.mark.parametrize("value", ["DE99ZZZ09999999999", "DE98ZZZ09999999998", "DE98ZZZ0999999999", "", "XX", None])
def test_creditor_id_invalid(value):
    assert not ids.is_valid_creditor_id(value)
    with pytest.raises(InvalidIdentifier) as error:
        ids.validate_creditor_id(value)
    assert error.value.code == "invalid_creditor_id"
    assert "Gläubiger-Identifikationsnummer" in str(error.value)


def test_creditor_id_check_digits_ignore_business_code():
    # mod 97-10 runs over the identifier without the business code: any business code keeps it valid
    assert ids.is_valid_creditor_id("DE98ABC09999999999")
    assert ids.creditor_id_without_business_code("DE98ZZZ09999999999") == "DE9809999999999"


def test_creditor_id_other_countries():
    assert ids.is_valid_creditor_id("ES23ZZZ47690558N")
    assert ids.is_valid_creditor_id("NL42ZZZ123456780001")
    assert not ids.is_valid_creditor_id("NL97ZZZ123456780001")


@pytest.mark.parametrize(
    "value",
    ["M-1007-20240301-1", "ABC/123", "a.b,c'd+e?f:g(h)", "Mandat 1", "X" * 35],
)
def test_mandate_reference_valid(value):
    assert ids.validate_mandate_reference(value) == value


@pytest.mark.parametrize("value", ["", "/M-1", "M-1/", "M//1", "Mündel-1", "M_1", "X" * 36, "M&1", "M#1", None])
def test_mandate_reference_invalid(value):
    assert not ids.is_valid_mandate_reference(value)
    with pytest.raises(InvalidIdentifier, match="Mandatsreferenz"):
        ids.validate_mandate_reference(value)


def test_generate_mandate_reference_unique():
    day = datetime.date(2026, 3, 1)
    first = ids.generate_mandate_reference(member_number=1007, signed_on=day)
    assert first == "M-1007-20260301-1"
    second = ids.generate_mandate_reference(member_number=1007, signed_on=day, taken={first})
    assert second == "M-1007-20260301-2"
    assert ids.generate_mandate_reference(member_number=1007, signed_on=day, taken={first.upper()}) == second


@given(st.text(max_size=60))
def test_generated_reference_is_always_valid(member_number):
    reference = ids.generate_mandate_reference(member_number=member_number, signed_on=datetime.date(2026, 1, 31))
    assert ids.is_valid_mandate_reference(reference)
    assert len(reference) <= 35


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jürgen Müller", "Juergen Mueller"),
        ("Öztürk Äpfel Übermut", "Oeztuerk Aepfel Uebermut"),
        ("MÜLLER GROẞ", "MUELLER GROSS"),
        ("Straße", "Strasse"),
        ("Renée Noël", "Renee Noel"),
        ("Łukasz Żółw", "Lukasz Zolw"),
        ("Müller & Söhne", "Mueller + Soehne"),
        ("Beitrag 12 € – „Jugend“", "Beitrag 12 EUR - 'Jugend'"),
        ("tab\tand\nnewline", "tab and newline"),
        ("Владимир Петров", "Vladimir Petrov"),
        ("Σωκράτης", "Sokrates"),
        ("", ""),
        (None, ""),
    ],
)
def test_transliteration(text, expected):
    assert ids.transliterate(text) == expected


def _transliterated_char_by_char(text: str) -> str:
    """The transliteration as one loop over the characters (how identifiers.py wrote it before its
    three passes): the reference the faster one must equal."""
    import unicodedata

    from text_unidecode import unidecode

    out = []
    for i, char in enumerate(text):
        if char in ids._UPPER_UMLAUTS:
            neighbours = text[i - 1 : i] + text[i + 1 : i + 2]
            shouting = any(c.isalpha() and c.isupper() for c in neighbours) and not any(
                c.isalpha() and c.islower() for c in neighbours
            )
            out.append(ids._UPPER_UMLAUTS[char][1 if shouting else 0])
        elif char in ids._TRANSLITERATION:
            out.append(ids._TRANSLITERATION[char])
        else:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(plain if plain.isascii() else unidecode(char))
    return " ".join(ids._NOT_SEPA_TEXT.sub(" ", "".join(out)).split())


@given(st.text(alphabet=st.sampled_from(list("aÄäÖöÜüßẞxY &€@_–„“;!#ŁøÆœđþıéÇñМΣ北\u0301\u00a0ﬁ²½.-/'\t"))) | st.text())
def test_transliteration_equals_the_char_by_char_reference(text):
    assert ids.transliterate(text) == (" ".join(text.split()) if ids._SEPA_TEXT_ONLY.match(text) else
                                       _transliterated_char_by_char(text))  # fmt: skip


@given(st.text())
def test_sanitized_text_uses_sepa_set_and_length(text):
    for limit in (ids.NAME_MAX, ids.REMITTANCE_MAX, ids.END_TO_END_ID_MAX):
        result = ids.sanitize_text(text, max_length=limit)
        assert len(result) <= limit
        assert set(result) <= set(ids.SEPA_TEXT_CHARS)
        assert result == result.strip()


def test_field_lengths():
    assert len(ids.sanitize_name("Ä" * 100)) == 70
    assert ids.sanitize_name("Ä" * 100) == "AE" * 35  # all capitals: AE, not Ae
    assert len(ids.sanitize_remittance("x" * 500)) == 140


@given(st.text(max_size=80))
def test_sanitize_identifier_is_a_valid_identifier_or_empty(text):
    value = ids.sanitize_identifier(text)
    assert value == "" or ids.is_valid_identifier(value)


def test_end_to_end_id():
    assert ids.validate_end_to_end_id("HH-R7-L12") == "HH-R7-L12"
    for bad in ("", "with space", "/x", "x/", "a//b", "x" * 36):
        with pytest.raises(InvalidIdentifier, match="Ende-zu-Ende"):
            ids.validate_end_to_end_id(bad)


def test_iban_and_bic():
    assert ids.normalize_iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    with pytest.raises(InvalidIdentifier, match="IBAN"):
        ids.normalize_iban("DE89370400440532013001")
    assert ids.normalize_bic("cobadeffxxx") == "COBADEFFXXX"
    with pytest.raises(InvalidIdentifier, match="BIC"):
        ids.normalize_bic("COBA")
    assert ids.bic_for_iban("DE89370400440532013000") == "COBADEFFXXX"
    same_bank_other_account = str(IBAN.generate("DE", bank_code="37040044", account_code="1234567890").compact)
    assert ids.same_bank("DE89370400440532013000", same_bank_other_account) is True
    assert ids.same_bank("DE89370400440532013000", "DE02120300000000202051") is False
