"""Words of a search: parsing, the German full-text query, typo corrections, pg_trgm detection."""

import difflib
import re
from functools import cache

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache as django_cache
from django.db import connection

from cms.search_text import prefix_tsquery
from sites.portal.constants import MAX_QUERY_WORDS

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def query_words(q: str) -> list[str]:
    """Words of a search input: letters and digits of any script; operators and emoji dropped."""
    return [w.lower()[:40] for w in _WORD.findall(q or "")][:MAX_QUERY_WORDS]


def _tsquery(words: list[str]) -> SearchQuery | None:
    if not words:
        return None
    # Every word is a prefix (`:*`) in each of its spellings ("mueller" | "muller") and all must
    # match (cms.search_text, shared with the in-memory engine); the words hold no tsquery syntax.
    return SearchQuery(prefix_tsquery(words), search_type="raw", config="german")


@cache
def trigram_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _vocabulary() -> list[str]:
    """Lexemes of the index (stemmed), cached: the dictionary for typo corrections."""
    words = django_cache.get("portal:vocabulary")
    if words is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat($$SELECT search_vector FROM portal_listing WHERE is_visible$$) "
                "WHERE length(word) > 2 ORDER BY ndoc DESC LIMIT 50000"
            )
            words = [row[0] for row in cursor.fetchall()]
        django_cache.set("portal:vocabulary", words, 600)
    return words


def _stem(words: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce((SELECT string_agg(lexeme, ' ') FROM unnest(to_tsvector('german', w))), '') "
            "FROM unnest(%s::text[]) AS w",
            [words],
        )
        return [row[0] or word for row, word in zip(cursor.fetchall(), words, strict=False)]


def correct_words(words: list[str]) -> list[str]:
    """Closest known lexeme for each word that has no prefix match; unchanged words stay."""
    vocabulary = _vocabulary()
    if not vocabulary:
        return words
    corrected = []
    for word, stem in zip(words, _stem(words), strict=False):
        if any(v.startswith(stem) for v in vocabulary if v[:1] == stem[:1]):
            corrected.append(word)
            continue
        candidates = [v for v in vocabulary if abs(len(v) - len(stem)) <= 3 and v[:1] == stem[:1]]
        match = difflib.get_close_matches(stem, candidates, n=1, cutoff=0.75)
        corrected.append(match[0] if match else word)
    return corrected
