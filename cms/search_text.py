r"""One normaliser for German search input, shared by every search of the platform.

People type "fussball" for "Fußball", "Uebung" or "Ubung" for "Übung", and stop typing in the
middle of a word ("feuerwer"). Two ways of matching use it:

* Full text (portal search and calendar, the in-memory engine, the exchange): PostgreSQL's
  German stemmer already folds the indexed words (ß → ss, ä/ö/ü → a/o/u: "Müller" is stored as
  `mull`) and the words of a query the same way, so "fussball" and "Fußball" meet. What it cannot
  know is the spelling with a following e ("ue" for "ü"). `prefix_tsquery` therefore asks for
  each word, as a prefix (`:*`), in its own spelling *or* with ae/oe/ue folded to a/o/u:
  "mueller" finds `mull`, "feuerwer" finds `feuerwerk` and `feuerwehrfest`. The index is left
  as it is (no migration); a document that itself spells "Mueller" is found by "mueller" only.
  German stop words in any spelling ("fuer", "ueber") stay stop words: PostgreSQL drops them
  from the query, as it drops "für".
* Substring search on short names (club directory): `fold` in Python and `Folded` in SQL fold
  both sides the same way (lower case, ß → ss, ä/ae → a, ö/oe → o, ü/ue → u), so
  "fussballverein" finds "1. FC Fußball-Verein" and "Muehlhausen" finds "Mühlhausen".

Both sides of a full-text match are split into the same words: a query keeps the runs of letters
and digits of what was typed (`[^\W_]+`), and an indexed text is read through `SearchWords`, which
turns every other character into a space before PostgreSQL's parser sees it. Without it the parser
reads a text by context: "Bänke-53916284" is indexed as `-53916284` (a signed number), the part
"9e47a93f" of "Bänke-9e47a93f" as one word but the query "9e47a93f" as the number `9e47` followed
by `a93f`, and "info@verein.de" as one e-mail token — none of which a typed word ever meets.
"""

from __future__ import annotations

from django.db.models import Func, TextField, Value
from django.db.models.functions import Lower, Replace

# Spellings of German stop words (PostgreSQL's german.stop) that the stemmer does not recognise
# by themselves, mapped to the spelling it drops.
_STOP_SPELLINGS = {
    "fuer": "für",
    "fur": "für",
    "ueber": "über",
    "uber": "über",
    "koennen": "können",
    "konnen": "können",
    "koennte": "könnte",
    "waehrend": "während",
    "wahrend": "während",
    "wuerde": "würde",
    "wuerden": "würden",
    "euer": "euer",
}

_UPPER = "ÄÖÜẞ"
_LOWER = "äöüß"
_PAIRS = (("ß", "ss"), ("ä", "a"), ("ö", "o"), ("ü", "u"), ("ae", "a"), ("oe", "o"), ("ue", "u"))


def fold(text: str) -> str:
    """Lower case, ß → ss, ä/ae → a, ö/oe → o, ü/ue → u (the twin of `Folded`)."""
    text = (text or "").translate(str.maketrans(_UPPER, _LOWER)).lower()
    for old, new in _PAIRS:
        text = text.replace(old, new)
    return text


class Folded(Func):
    """SQL twin of `fold` for a text expression (the same steps in the same order).

    The umlauts are lowered by hand first: `lower()` of a database with the C locale leaves them.
    """

    output_field = TextField()

    def __init__(self, expression, **extra):
        def text(value: str) -> Value:
            return Value(value, output_field=TextField())

        folded = Lower(Func(expression, text(_UPPER), text(_LOWER), function="translate", output_field=TextField()))
        for old, new in _PAIRS:
            folded = Replace(folded, text(old), text(new))
        super().__init__(folded, **extra)
        self.template = "%(expressions)s"


class SearchWords(Func):
    """A text expression with every run of characters that are neither letters nor digits turned
    into one space: the words PostgreSQL's full-text parser indexes are then the words a query is
    made of (module docstring). Immutable, so it may stand in a generated column."""

    function = "regexp_replace"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(
            expression,
            Value("[^[:alnum:]]+", output_field=TextField()),
            Value(" ", output_field=TextField()),
            Value("g", output_field=TextField()),
            **extra,
        )


def _fold_ending_e(word: str) -> str:
    for old, new in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        word = word.replace(old, new)
    return word


def word_variants(word: str) -> list[str]:
    """The spellings a query word is looked up in (lower case, letters and digits only)."""
    word = word.lower()
    if word in _STOP_SPELLINGS:
        return [_STOP_SPELLINGS[word]]
    folded = _fold_ending_e(word)
    return [word] if folded == word else [word, folded]


def word_tsquery(word: str, weight: str = "") -> str:
    """One word as a raw tsquery: a prefix in each of its spellings, e.g. `(mueller:* | muller:*)`.

    `weight` limits it to the weight classes given ("A", "B"). Words come from a tokenizer that
    keeps letters and digits only, so they hold no tsquery syntax."""
    parts = [f"{variant}:*{weight}" for variant in word_variants(word)]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def prefix_tsquery(words: list[str]) -> str:
    """All words must match, each as a prefix in any of its spellings (raw tsquery text)."""
    return " & ".join(word_tsquery(word) for word in words)
