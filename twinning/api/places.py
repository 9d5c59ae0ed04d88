"""Places and organisations: the reference data partnerships and projects point to."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from twinning.api.pagination import ListPagination, Shown, shown_one
from twinning.api.preconditions import ETAG_HEADER
from twinning.api.problems import problems
from twinning.api.schemas import (
    CountryQuery,
    OrganisationOut,
    PlaceNameOut,
    PlaceOut,
    SlugPath,
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


@router.get(
    "/places", response={200: list[PlaceOut], **problems(422)}, url_name="place_list"
)
@paginate(ListPagination)
def place_list(
    request: HttpRequest,
    country: CountryQuery = None,
    kind: PlaceKind | None = None,
) -> Any:
    """List places: partner cities, municipalities and regions, by slug."""
    places = places_listed(country=country.upper() if country else None, kind=kind)
    return Shown(places, place_out)


@router.get(
    "/places/{slug}",
    response={200: PlaceOut, **problems(404, 422)},
    url_name="place_detail",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def place_detail(
    request: HttpRequest,
    response: HttpResponse,
    slug: SlugPath,
) -> Any:
    """Return one place, with its other names."""
    return shown_one(
        places_listed().filter(slug=slug),
        response,
        kind="place",
        show=place_out,
        missing=_("No place has this slug."),
    )


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **problems(422)},
    url_name="organisation_list",
)
@paginate(ListPagination)
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


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **problems(404, 422)},
    url_name="organisation_detail",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def organisation_detail(
    request: HttpRequest,
    response: HttpResponse,
    slug: SlugPath,
) -> Any:
    """Return one organisation."""
    return shown_one(
        organisations_listed().filter(slug=slug),
        response,
        kind="organisation",
        show=organisation_out,
        missing=_("No organisation has this slug."),
    )
