"""Places and organisations: the reference data partnerships and projects point to."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Router

from twinning.api.operations import (
    list_operation,
    public_detail,
)
from twinning.api.pagination import Shown
from twinning.api.schemas import (
    CountryQuery,
    OrganisationOut,
    PlaceNameOut,
    PlaceOut,
    partial_date,
    translated,
)
from twinning.places.choices import (
    IatiOrganisationType,
    OrganisationKind,
    PlaceKind,
    PlaceNameKind,
)
from twinning.places.models import Organisation, Place
from twinning.places.selectors import organisations_listed, places_listed

router = Router(tags=["places"])


def place_out(place: Place) -> PlaceOut:
    return PlaceOut(
        slug=place.slug,
        name=translated(place, "name"),
        kind=PlaceKind(place.kind),
        country=place.country,
        population=place.population,
        latitude=float(place.latitude) if place.latitude is not None else None,
        longitude=float(place.longitude) if place.longitude is not None else None,
        geonames_id=place.geonames_id,
        wikidata_id=place.wikidata_id,
        successor=place.successor.slug if place.successor else None,
        other_names=[
            PlaceNameOut(
                name=name.name,
                language=name.language,
                kind=PlaceNameKind(name.kind),
                valid_from=partial_date(name.valid_from),
                valid_until=partial_date(name.valid_until),
            )
            for name in place.names.all()
        ],
    )


def organisation_out(organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(
        slug=organisation.slug,
        name=translated(organisation, "name"),
        kind=OrganisationKind(organisation.kind),
        iati_type=(
            IatiOrganisationType(organisation.iati_type)
            if organisation.iati_type
            else None
        ),
        iati_identifier=organisation.iati_identifier,
        country=organisation.country,
        place=organisation.place.slug if organisation.place else None,
        website=organisation.website,
        description=translated(organisation, "description"),
    )


@list_operation(router, "/places", PlaceOut, codes=(422,))
def place_list(
    request: HttpRequest,
    country: CountryQuery = None,
    kind: PlaceKind | None = None,
) -> Any:
    """List places: partner cities, municipalities and regions, by slug."""
    places = places_listed(country=country.upper() if country else None, kind=kind)
    return Shown(places, place_out)


place_detail = public_detail(
    router,
    "/places/{slug}",
    PlaceOut,
    name="place_detail",
    doc="Return one place, with its other names.",
    records=places_listed,
    show=place_out,
    kind="place",
    missing=gettext_lazy("No place has this slug."),
    scoped=False,
)


@list_operation(router, "/organisations", OrganisationOut, codes=(422,))
def organisation_list(
    request: HttpRequest,
    country: CountryQuery = None,
    kind: OrganisationKind | None = None,
) -> Any:
    """List organisations: municipalities, utilities, companies, networks, ..."""
    organisations = organisations_listed(
        country=country.upper() if country else None, kind=kind
    )
    return Shown(organisations, organisation_out)


organisation_detail = public_detail(
    router,
    "/organisations/{slug}",
    OrganisationOut,
    name="organisation_detail",
    doc="Return one organisation.",
    records=organisations_listed,
    show=organisation_out,
    kind="organisation",
    missing=gettext_lazy("No organisation has this slug."),
    scoped=False,
)
