"""Reads of the open-data API: public records only, filtered and in a stable order.

Every list comes from its domain's selector, which applies the model's own rule for
what the public may see (`.public()`, parents included), so the API publishes
exactly what the pages and the downloads do; here each gets its order. Every order
ends with a unique column, so that pages of a list never overlap or skip a record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from twinning.activities.models import Activity
from twinning.activities.selectors import activities_public as activities_selected
from twinning.contacts.models import ContactPerson
from twinning.contacts.selectors import contacts_of
from twinning.eu.models import FundingOpportunity
from twinning.eu.selectors import (
    funding_opportunities_public as funding_opportunities_selected,
)
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    Theme,
)
from twinning.partnerships.selectors import (
    agreements_public as agreements_selected,
)
from twinning.partnerships.selectors import (
    network_memberships_public,
    partnership_events_public,
    partnerships_filtered,
    partnerships_public,
)
from twinning.places.models import Municipality
from twinning.places.selectors import home_municipality, municipality_with_slug
from twinning.projects.models import Project
from twinning.projects.selectors import projects_public
from twinning.results.models import Result
from twinning.results.selectors import results_public as results_selected

M = TypeVar("M", bound=Model)

PARTNERSHIP_SORTS = ("started", "-started", "partner", "-partner", "slug", "-slug")


def api_municipality(request: HttpRequest, slug: str | None) -> Municipality | None:
    """Return the home municipality a request is about.

    `slug` (the `municipality` parameter) names it; without it, the one whose
    site the request's host is, as for the public pages. An unknown slug is 404.
    """
    if slug is not None:
        municipality = municipality_with_slug(slug)
        if municipality is None:
            raise Http404("No home municipality has this slug.")
        return municipality
    return home_municipality(request.get_host())


def writable_municipality(
    request: HttpRequest, slug: str | None, *, user: Any
) -> Municipality:
    """Return the home municipality a token's owner writes in, or raise Http404.

    A token acts within its owner's municipalities: another municipality's records
    answer 404, as if they were not there.
    """
    municipality = api_municipality(request, slug)
    if municipality is None:
        raise Http404("No home municipality is set up yet.")
    if not Municipality.objects.for_user(user).filter(pk=municipality.pk).exists():
        raise Http404("No such record in the municipalities you work on.")
    return municipality


def _language() -> str:
    language = (get_language() or "da").split("-")[0]
    return language if language in ("da", "en") else "da"


def _partner_name_key() -> Lower:
    """Return the partner's name in the active language, for sorting."""
    language = _language()
    return Lower(
        Coalesce(
            NullIf(F(f"partner_place__name_{language}"), Value("")),
            NullIf(F(f"partner_organisation__name_{language}"), Value("")),
            F("partner_place__name_da"),
            F("partner_organisation__name_da"),
            Value(""),
        )
    )


def partnerships_listed(
    *,
    municipality: Municipality | None,
    kind: str | None = None,
    status: str | None = None,
    country: str | None = None,
    theme: str | None = None,
    active_on: dt.date | None = None,
    sort: str = "started",
) -> QuerySet[Partnership]:
    """Return the public partnerships that match the filters, in the order asked."""
    if municipality is None:
        return Partnership.objects.none()
    partnerships = partnerships_filtered(
        partnerships_public(municipality=municipality)
        .prefetch_related(None)
        .prefetch_related("themes"),
        kind=kind,
        status=status,
        country=country,
        theme=theme,
        active_on=active_on,
    )
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key == "partner":
        name = _partner_name_key()
        return partnerships.order_by(name.desc() if descending else name.asc(), "slug")
    if key == "slug":
        return partnerships.order_by("-slug" if descending else "slug")
    return partnerships.order_by("-started" if descending else "started", "slug")


def partnership_public(*, municipality: Municipality | None, slug: str) -> Partnership:
    """Return one public partnership, or raise Http404."""
    partnership = (
        partnerships_listed(municipality=municipality).filter(slug=slug).first()
    )
    if partnership is None:
        raise Http404("No public partnership has this slug.")
    return partnership


def partnership_for_writing(
    *, municipality: Municipality | None, slug: str
) -> Partnership:
    """Return one of the municipality's partnerships, public or not; else Http404."""
    partnership = (
        Partnership.objects.for_municipality(municipality)
        .filter(slug=slug)
        .select_related(
            "municipality", "partner_place", "partner_organisation__place", "group"
        )
        .prefetch_related("themes")
        .first()
    )
    if municipality is None or partnership is None:
        raise Http404("No partnership has this slug.")
    return partnership


def partnership_events(
    *, municipality: Municipality, partnership: Partnership
) -> QuerySet[PartnershipEvent]:
    """Return a public partnership's events, oldest first."""
    return partnership_events_public(municipality=municipality, partnership=partnership)


def agreements_public(
    *,
    municipality: Municipality | None,
    partnership: str | None = None,
    kind: str | None = None,
) -> QuerySet[Agreement]:
    """Return the public agreements of public partnerships, oldest first."""
    if municipality is None:
        return Agreement.objects.none()
    return agreements_selected(
        municipality=municipality, partnership=partnership, kind=kind
    )


def network_memberships_listed(
    *, municipality: Municipality | None
) -> QuerySet[NetworkMembership]:
    """Return the public network memberships, by the network's slug."""
    if municipality is None:
        return NetworkMembership.objects.none()
    return network_memberships_public(municipality=municipality).order_by(
        "network__slug", "id"
    )


def projects_listed(
    *,
    municipality: Municipality | None,
    sector: str | None = None,
    status: str | None = None,
) -> QuerySet[Project]:
    """Return the public projects that match the filters, oldest first."""
    if municipality is None:
        return Project.objects.none()
    projects = (
        projects_public(municipality=municipality)
        .prefetch_related(None)
        .prefetch_related("sectors__sector", "participations__organisation", "phases")
    )
    if sector is not None:
        projects = projects.filter(sectors__sector_id=sector)
    if status is not None:
        projects = projects.filter(status=status)
    return projects.order_by("started", "slug")


def activities_public(
    *,
    municipality: Municipality | None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    partner: str | None = None,
) -> QuerySet[Activity]:
    """Return the public activities that match the filters, newest first."""
    if municipality is None:
        return Activity.objects.none()
    return activities_selected(
        municipality=municipality,
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        partner=partner,
    ).order_by("-started", "slug")


def results_public(
    *, municipality: Municipality | None, kind: str | None = None
) -> QuerySet[Result]:
    """Return the public results, by kind, newest first."""
    if municipality is None:
        return Result.objects.none()
    return results_selected(municipality=municipality, kind=kind).order_by(
        "kind", "-achieved_on", "slug"
    )


def funding_opportunities_public(
    *, municipality: Municipality | None, status: str | None = None
) -> QuerySet[FundingOpportunity]:
    """Return the public funding opportunities, by deadline (none last)."""
    if municipality is None:
        return FundingOpportunity.objects.none()
    return funding_opportunities_selected(municipality=municipality, status=status)


def themes_listed() -> QuerySet[Theme]:
    return Theme.objects.public().order_by("slug")


def contacts_listed(*, municipality: Municipality | None) -> QuerySet[ContactPerson]:
    """Return the municipality's contact persons, by name. Personal data: log reads."""
    if municipality is None:
        return ContactPerson.objects.none()
    return contacts_of(municipality=municipality)
