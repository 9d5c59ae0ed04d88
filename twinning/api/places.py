"""Places and organisations: the reference data partnerships and projects point to."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from twinning.api.preconditions import ETAG_HEADER, etag
from twinning.api.problems import ProblemError, problems
from twinning.api.schemas import (
    CountryQuery,
    OrganisationList,
    OrganisationOut,
    Paging,
    PlaceList,
    PlaceNameOut,
    PlaceOut,
    SlugPath,
    partial_date,
    translated,
)
from twinning.api.selectors import page
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


@router.get(
    "/places", response={200: PlaceList, **problems(422)}, url_name="place_list"
)
def place_list(
    request: HttpRequest,
    paging: Query[Paging],
    country: CountryQuery = None,
    kind: PlaceKind | None = None,
) -> Any:
    """List places: partner cities, municipalities and regions, by slug."""
    places = places_listed(country=country.upper() if country else None, kind=kind)
    items, count = page(places, limit=paging.limit, offset=paging.offset)
    return PlaceList(items=[place_out(place) for place in items], count=count)


@router.get(
    "/places/{slug}",
    response={200: PlaceOut, **problems(404, 422)},
    url_name="place_detail",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def place_detail(request: HttpRequest, response: HttpResponse, slug: SlugPath) -> Any:
    """Return one place, with its other names."""
    place = places_listed().filter(slug=slug).first()
    if place is None:
        raise ProblemError(404, _("No place has this slug."))
    response["ETag"] = etag("place", place.slug, place.version)
    return place_out(place)


@router.get(
    "/organisations",
    response={200: OrganisationList, **problems(422)},
    url_name="organisation_list",
)
def organisation_list(
    request: HttpRequest,
    paging: Query[Paging],
    country: CountryQuery = None,
    kind: OrganisationKind | None = None,
) -> Any:
    """List organisations: municipalities, utilities, companies, networks, ..."""
    organisations = organisations_listed(
        country=country.upper() if country else None, kind=kind
    )
    items, count = page(organisations, limit=paging.limit, offset=paging.offset)
    return OrganisationList(items=[organisation_out(o) for o in items], count=count)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **problems(404, 422)},
    url_name="organisation_detail",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def organisation_detail(
    request: HttpRequest, response: HttpResponse, slug: SlugPath
) -> Any:
    """Return one organisation."""
    organisation = organisations_listed().filter(slug=slug).first()
    if organisation is None:
        raise ProblemError(404, _("No organisation has this slug."))
    response["ETag"] = etag("organisation", organisation.slug, organisation.version)
    return organisation_out(organisation)
