"""Fold text for matching whatever its case and diacritics: "Århus" finds "Aarhus"."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD leaves whole, written as the letters a reader without the key
# would type. Lower case only: text is case-folded before it is translated.
_UNDECOMPOSED = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "ß": "ss",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "đ": "d",
        "œ": "oe",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Return text lower-cased, without diacritics, with its whitespace collapsed.

    NFKD splits a letter from its accents, which are then dropped ("Göteborg" →
    "goteborg", "Åbo" → "abo"); letters NFKD does not split are spelt out ("æ" →
    "ae", "ø" → "o", "ß" → "ss"). Scripts other than Latin are only lower-cased.
    """
    # Unicode's compatibility caseless form: a compatibility character may decompose
    # to capitals ("№" → "No"), and case folding may add accents ("İ" → "i̇").
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", text).casefold()
    )
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.translate(_UNDECOMPOSED).split())


_PUNCTUATION = re.compile(r"[-‐‑‒–—'’`´.,/()\[\]\"]+")


def name_key(text: str) -> str:
    """Return a name folded for matching: "Saint-Étienne" → "saint etienne"."""
    # ASCII needs no Unicode decomposition: the index of a quarter of a million
    # cities and their alternate names builds several times faster for it.
    folded = text.lower() if text.isascii() else fold(text)
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def matches(query: str, *texts: str | None) -> bool:
    """Tell whether every word of the query occurs in the texts, folded.

    A word may occur anywhere in a word of the texts ("arhus" in "Aarhus") and the
    words may occur in different texts. Empty texts (None too) are skipped. A query
    without words matches nothing: a search for nothing finds nothing.
    """
    words = fold(query).split()
    if not words:
        return False
    haystack = fold(" ".join(text for text in texts if text))
    return all(word in haystack for word in words)
