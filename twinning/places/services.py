"""Writes to places, their other names, organisations and home municipalities.

Each `*Fields` TypedDict lists what a service may write; translated fields come in
their language columns (`name_da`, `name_en`) or as the field itself, which is the
active language's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypedDict

from typing_extensions import Unpack

from twinning.core.models import Source
from twinning.core.services import (
    Actor,
    record_create,
    record_delete,
    record_update,
    register_writer,
    service,
)
from twinning.places.models import (
    Municipality,
    Organisation,
    Place,
    PlaceName,
    SiteHost,
    TwinTownLink,
)


class PlaceFields(TypedDict, total=False):
    slug: str
    name: str
    name_da: str
    name_en: str
    kind: str
    country: str
    population: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    coordinates_note: str
    coordinates_note_da: str
    coordinates_note_en: str
    geonames_id: int | None
    wikidata_id: str
    successor: Place | None
    sources: Iterable[Source]


class PlaceNameFields(TypedDict, total=False):
    place: Place
    name: str
    language: str
    kind: str
    valid_from: str
    valid_until: str
    source: Source | None


class OrganisationFields(TypedDict, total=False):
    slug: str
    name: str
    name_da: str
    name_en: str
    kind: str
    iati_type: str
    iati_identifier: str
    country: str
    place: Place | None
    website: str
    description: str
    description_da: str
    description_en: str
    sources: Iterable[Source]


class MunicipalityFields(TypedDict, total=False):
    slug: str
    name: str
    name_da: str
    name_en: str
    place: Place
    organisation: Organisation | None
    website: str
    introduction: str
    introduction_da: str
    introduction_en: str
    results_introduction: str
    results_introduction_da: str
    results_introduction_en: str
    networks_introduction: str
    networks_introduction_da: str
    networks_introduction_en: str
    office_name: str
    office_name_da: str
    office_name_en: str
    office_address: str
    office_phone: str
    office_email: str
    sources: Iterable[Source]


@service
def place_create(
    *,
    actor: Actor,
    other_names: Sequence[PlaceNameFields] = (),
    **fields: Unpack[PlaceFields],
) -> Place:
    """Add a place anywhere in the world, with its other names."""
    place = record_create(Place, actor=actor, fields=fields, fields_type=PlaceFields)
    for other_name in other_names:
        name: PlaceNameFields = {**other_name, "place": place}
        place_name_create(actor=actor, **name)
    return place


@service
def place_update(
    *, place: Place, actor: Actor, expected_version: int, **changes: Unpack[PlaceFields]
) -> Place:
    """Change a place, unless someone changed it since `expected_version`."""
    return record_update(
        place,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PlaceFields,
    )


@service
def place_delete(*, place: Place, actor: Actor) -> None:
    """Remove a place that nothing in the register refers to."""
    record_delete(place, actor=actor)


@service
def place_name_create(*, actor: Actor, **fields: Unpack[PlaceNameFields]) -> PlaceName:
    """Record another name of a place: in another language, or from another time."""
    return record_create(
        PlaceName, actor=actor, fields=fields, fields_type=PlaceNameFields
    )


@service
def place_name_update(
    *,
    place_name: PlaceName,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PlaceNameFields],
) -> PlaceName:
    """Correct another name of a place."""
    return record_update(
        place_name,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PlaceNameFields,
    )


@service
def place_name_delete(*, place_name: PlaceName, actor: Actor) -> None:
    """Remove another name of a place."""
    record_delete(place_name, actor=actor)


@service
def organisation_create(
    *, actor: Actor, **fields: Unpack[OrganisationFields]
) -> Organisation:
    """Add an organisation: a utility, company, ministry, network, ..."""
    return record_create(
        Organisation, actor=actor, fields=fields, fields_type=OrganisationFields
    )


@service
def organisation_update(
    *,
    organisation: Organisation,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[OrganisationFields],
) -> Organisation:
    """Change an organisation, unless someone changed it since `expected_version`."""
    return record_update(
        organisation,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=OrganisationFields,
    )


@service
def organisation_delete(*, organisation: Organisation, actor: Actor) -> None:
    """Remove an organisation that nothing in the register refers to."""
    record_delete(organisation, actor=actor)


@service
def municipality_create(
    *, actor: Actor, **fields: Unpack[MunicipalityFields]
) -> Municipality:
    """Add a home municipality, whose portfolio the register can then hold."""
    return record_create(
        Municipality, actor=actor, fields=fields, fields_type=MunicipalityFields
    )


@service
def municipality_update(
    *,
    municipality: Municipality,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[MunicipalityFields],
) -> Municipality:
    """Change a home municipality's name, introductions or sources."""
    return record_update(
        municipality,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=MunicipalityFields,
    )


@service
def municipality_delete(*, municipality: Municipality, actor: Actor) -> None:
    """Remove a home municipality whose portfolio is empty."""
    record_delete(municipality, actor=actor)


class SiteHostFields(TypedDict, total=False):
    host: str
    municipality: Municipality


@service
def site_host_create(*, actor: Actor, **fields: Unpack[SiteHostFields]) -> SiteHost:
    """Let a home municipality's public site answer on a host name."""
    return record_create(
        SiteHost, actor=actor, fields=fields, fields_type=SiteHostFields
    )


@service
def site_host_update(
    *,
    site_host: SiteHost,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[SiteHostFields],
) -> SiteHost:
    """Correct a host name, or give it to another municipality."""
    return record_update(
        site_host,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=SiteHostFields,
    )


@service
def site_host_delete(*, site_host: SiteHost, actor: Actor) -> None:
    """Stop a site answering on a host name: it then shows the default municipality."""
    record_delete(site_host, actor=actor)


@service
def twin_town_links_add(
    *, source: str, links: Sequence[TwinTownLink], batch_size: int = 1000
) -> int:
    """Store pairs of twin towns from a public dataset, in bulk; return how many
    were new (a pair the dataset has already is left as it is).

    The network is reference data loaded tens of thousands of rows at a time: it
    keeps no history and no acting user (see `TwinTownLink`).
    """
    stored = TwinTownLink.objects.filter(source=source)
    before = stored.count()
    TwinTownLink.objects.bulk_create(
        links, batch_size=batch_size, ignore_conflicts=True
    )
    return stored.count() - before


register_writer(
    Place,
    create=place_create,
    update=place_update,
    delete=place_delete,
    fields_type=PlaceFields,
)
register_writer(
    PlaceName,
    create=place_name_create,
    update=place_name_update,
    delete=place_name_delete,
    fields_type=PlaceNameFields,
    instance="place_name",
)
register_writer(
    Organisation,
    create=organisation_create,
    update=organisation_update,
    delete=organisation_delete,
    fields_type=OrganisationFields,
)
register_writer(
    Municipality,
    create=municipality_create,
    update=municipality_update,
    delete=municipality_delete,
    fields_type=MunicipalityFields,
)
register_writer(
    SiteHost,
    create=site_host_create,
    update=site_host_update,
    delete=site_host_delete,
    fields_type=SiteHostFields,
    instance="site_host",
)
