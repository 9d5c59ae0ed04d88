"""Fold text for matching whatever its case and diacritics: "Århus" finds "Aarhus"."""

from __future__ import annotations

import re
import unicodedata

from babel import Locale

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


# Abbreviations people type for the words names spell out, folded: "St. Petersburg"
# finds "Saint Petersburg", "Skt. Petersborg" and "Sankt-Peterburg" alike.
_ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "skt": "saint",
    "sankt": "saint",
    "san": "saint",
    "santa": "sainte",
    "ft": "fort",
    "mt": "mount",
}


def search_words(text: str) -> list[str]:
    """Return the words of a text as a search compares them.

    Folded (case, diacritics), split at spaces and punctuation ("Saint-Étienne" →
    "saint", "etienne"), abbreviations spelt out ("St." → "saint"), and the Danish
    "aa" read as the "å" it stands for, so that "Aarhus", "Århus" and "arhus" are
    one word.
    """
    return [_expanded(word) for word in name_key(text).split()]


def _expanded(word: str) -> str:
    return _ABBREVIATIONS.get(word, word).replace("aa", "a")


def finds(query: str, *texts: str | None) -> bool:
    """Tell whether every word of the query begins a word of the texts.

    Whole words or their beginnings: "berg" finds "Bergen", "abo" finds "Åbo" but
    not "collaboration". The words may occur in different texts; empty texts (None
    too) are skipped; a query without words finds nothing.
    """
    typed = name_key(query).split()
    if not typed:
        return False
    words = {word for text in texts if text for word in search_words(text)}
    # A typed word counts as itself and as what it abbreviates: "st" finds both
    # "Stockholm" and "St. Petersburg" ("saint petersburg").
    wanted = [{part.replace("aa", "a"), _expanded(part)} for part in typed]
    return all(
        any(word.startswith(form) for word in words for form in forms)
        for forms in wanted
    )


def country_name(code: str | None, language: str) -> str:
    """Return a country's name in a language: ("GL", "da") → "Grønland"."""
    if not code:
        return ""
    return str(Locale.parse(language).territories.get(code.upper(), code))
