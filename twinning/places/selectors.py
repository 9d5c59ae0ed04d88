"""Reads of places, organisations, home municipalities and the twin-town network.

Places, organisations and the twin-town network are reference data shared by every
municipality, and public. `home_municipality` is the one lookup of the home
municipality a site or a request is about, which every face uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet

from twinning.core.text import name_key
from twinning.places.models import Municipality, Organisation, Place, TwinTownLink


def home_municipality(host: str | None = None) -> Municipality | None:
    """Return the home municipality a site publishes: the one whose host it is.

    `host` is the request's host (a port is ignored). A host no municipality has,
    or none, gets the default: TWINNING_MUNICIPALITY, else the first municipality
    in the register; None when there is none yet.
    """
    municipalities = Municipality.objects.select_related("place", "organisation")
    if host:
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        found = municipalities.filter(hosts__host=name.lower().rstrip(".")).first()
        if found is not None:
            return found
    slug = getattr(settings, "TWINNING_MUNICIPALITY", None)
    if slug:
        return municipalities.filter(slug=slug).first()
    return municipalities.order_by("pk").first()


def municipality_with_slug(slug: str) -> Municipality | None:
    """Return the home municipality with this slug, or None."""
    return Municipality.objects.filter(slug=slug).first()


def places_listed(
    *, country: str | None = None, kind: str | None = None
) -> QuerySet[Place]:
    """Return places, by slug. Places are reference data: all of them are public."""
    places = (
        Place.objects.public().select_related("successor").prefetch_related("names")
    )
    if country is not None:
        places = places.filter(country=country)
    if kind is not None:
        places = places.filter(kind=kind)
    return places.order_by("slug")


def organisations_listed(
    *, country: str | None = None, kind: str | None = None
) -> QuerySet[Organisation]:
    """Return organisations, by slug; all of them are public."""
    organisations = Organisation.objects.public().select_related("place")
    if country is not None:
        organisations = organisations.filter(country=country)
    if kind is not None:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("slug")


def place_names(place: Place) -> set[str]:
    """Return a place's names, folded: in each language and its other names."""
    names: list[str] = [
        place.name,
        getattr(place, "name_da", "") or "",
        getattr(place, "name_en", "") or "",
    ]
    names += [other.name for other in place.names.all()]
    return {name_key(name) for name in names if name}


@dataclass
class TwinTown:
    """A place's twin town as the datasets give it, with the register's place if
    there is one."""

    name: str
    country: str
    geonames_id: int | None
    place: Place | None
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Identity:
    geonames_id: int | None
    wikidata_id: str
    country: str
    names: frozenset[str]
    pk: int | None

    @classmethod
    def of(cls, place: Place) -> _Identity:
        return cls(
            place.geonames_id,
            place.wikidata_id,
            place.country,
            frozenset(place_names(place)),
            place.pk,
        )

    def is_end(self, end: _End) -> bool:
        """Tell whether a link's end is this place.

        A name matches only if the end was matched to no other GeoNames city: a
        Bergen in the Netherlands is not Bergen in Norway, nor is a namesake in
        the same country with another GeoNames id.
        """
        if self.pk is not None and end.place_id == self.pk:
            return True
        if self.geonames_id and end.geonames_id == self.geonames_id:
            return True
        if self.wikidata_id and end.wikidata_id == self.wikidata_id:
            return True
        return (
            end.country == self.country
            and end.key in self.names
            and (end.geonames_id is None or not self.geonames_id)
        )


@dataclass(frozen=True)
class _End:
    """One end of a link."""

    name: str
    place_id: int | None
    geonames_id: int | None
    wikidata_id: str
    country: str
    key: str

    @classmethod
    def of(cls, link: TwinTownLink, prefix: str) -> _End:
        return cls(
            name=getattr(link, f"{prefix}_name"),
            place_id=link.place_id if prefix == "place" else link.partner_place_id,
            geonames_id=getattr(link, f"{prefix}_geonames_id"),
            wikidata_id=getattr(link, f"{prefix}_wikidata_id"),
            country=getattr(link, f"{prefix}_country"),
            key=getattr(link, f"{prefix}_key"),
        )


def _ends_q(identity: _Identity, prefix: str) -> Q:
    query = Q(
        **{f"{prefix}country": identity.country, f"{prefix}key__in": identity.names}
    )
    if identity.geonames_id:
        query = Q(**{f"{prefix}geonames_id": identity.geonames_id}) | (
            query & Q(**{f"{prefix}geonames_id": None})
        )
    if identity.wikidata_id:
        query |= Q(**{f"{prefix}wikidata_id": identity.wikidata_id})
    return query


def twin_towns_of(place: Place, *, exclude: Iterable[Place] = ()) -> list[TwinTown]:
    """Return a place's twin towns in the network, by country and name.

    A place is found at either end of a link by its GeoNames id, its Wikidata id,
    or a name it has (in any language, or an old one) with its country. The same
    twin town named by several datasets is listed once, with all of them.
    `exclude` leaves places out, such as the home municipality on a partner's page
    ("Bergen's other twin towns"). Two queries, however many links there are.
    """
    own = _Identity.of(place)
    others = [_Identity.of(other) for other in exclude]
    links = TwinTownLink.objects.filter(
        _ends_q(own, "place_") | _ends_q(own, "partner_")
    ).order_by("source", "pk")
    found: dict[tuple[object, ...], TwinTown] = {}
    for link in links:
        for mine, theirs in (("place", "partner"), ("partner", "place")):
            if not own.is_end(_End.of(link, mine)):
                continue
            other = _End.of(link, theirs)
            if own.is_end(other) or any(place.is_end(other) for place in others):
                continue
            identity: tuple[object, ...] = (
                ("geonames", other.geonames_id)
                if other.geonames_id
                else ("name", other.country, other.key)
            )
            twin = found.get(identity)
            if twin is None:
                twin = found[identity] = TwinTown(
                    name=other.name,
                    country=other.country,
                    geonames_id=other.geonames_id,
                    # A stand-in, replaced by the register's place below.
                    place=Place(pk=other.place_id) if other.place_id else None,
                )
            if link.source not in twin.sources:
                twin.sources.append(link.source)
    twins = sorted(found.values(), key=lambda twin: (twin.country, name_key(twin.name)))
    _attach_places(twins)
    return twins


def _attach_places(twins: list[TwinTown]) -> None:
    """Replace the stand-in places by the register's, in one query."""
    ids = {twin.place.pk for twin in twins if twin.place is not None}
    if not ids:
        return
    places = Place.objects.in_bulk(ids)
    for twin in twins:
        if twin.place is not None:
            twin.place = places.get(twin.place.pk)
