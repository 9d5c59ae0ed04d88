"""Reads of the open-data API: public records only, filtered and in a stable order.

Partnerships, projects and network memberships come from the domain selectors the
public pages use, so the API publishes exactly what the pages do. What the pages
have no selector for follows the same rule: a record is public when it is marked
public and so is the partnership or project it belongs to. Every order ends with a
unique column, so that pages of a list never overlap or skip a record.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar, cast

from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Length, Lower, NullIf, Substr
from django.http import Http404
from django.utils.translation import get_language

from twinning.activities.models import Activity
from twinning.contacts.models import ContactPerson
from twinning.eu.models import FundingOpportunity
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipQuerySet,
    Theme,
)
from twinning.partnerships.selectors import (
    network_memberships_public,
    partnerships_public,
)
from twinning.places.models import Municipality, Organisation, Place
from twinning.projects.models import Project
from twinning.projects.selectors import projects_public
from twinning.public.selectors import public_municipality
from twinning.results.models import Result

M = TypeVar("M", bound=Model)

PARTNERSHIP_SORTS = ("started", "-started", "partner", "-partner", "slug", "-slug")


def api_municipality() -> Municipality | None:
    """Return the home municipality the API publishes: the public pages' one."""
    try:
        return public_municipality()
    except Http404:
        return None


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
    # The public rule is the selector's; what a list shows is loaded here.
    partnerships = (
        partnerships_public(municipality=municipality)
        .prefetch_related(None)
        .prefetch_related("themes")
        .select_related("partner_organisation__place")
    )
    if kind is not None:
        partnerships = partnerships.filter(kind=kind)
    if status is not None:
        partnerships = partnerships.filter(status=status)
    if country is not None:
        partnerships = partnerships.filter(
            Q(partner_place__country=country)
            | Q(partner_organisation__country=country)
            | Q(
                partner_organisation__country="",
                partner_organisation__place__country=country,
            )
        )
    if theme is not None:
        partnerships = partnerships.filter(themes__slug=theme)
    if active_on is not None:
        partnerships = cast(PartnershipQuerySet, partnerships).active_on(
            active_on.isoformat()
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
        Partnership.objects.filter(municipality=municipality, slug=slug)
        .select_related(
            "municipality", "partner_place", "partner_organisation__place", "group"
        )
        .prefetch_related("themes")
        .first()
    )
    if municipality is None or partnership is None:
        raise Http404("No partnership has this slug.")
    return partnership


def partnership_events(*, partnership: Partnership) -> QuerySet[PartnershipEvent]:
    """Return a partnership's events, oldest first."""
    return (
        PartnershipEvent.objects.filter(partnership=partnership)
        .select_related("source")
        .order_by("date", "id")
    )


def agreements_public(
    *,
    municipality: Municipality | None,
    partnership: str | None = None,
    kind: str | None = None,
) -> QuerySet[Agreement]:
    """Return the public agreements of public partnerships, oldest first."""
    agreements = Agreement.objects.filter(
        is_public=True,
        partnership__municipality=municipality,
        partnership__is_public=True,
    ).select_related("partnership")
    if partnership is not None:
        agreements = agreements.filter(partnership__slug=partnership)
    if kind is not None:
        agreements = agreements.filter(kind=kind)
    return agreements.order_by("signed_on", "id")


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


def _public_in_public() -> Q:
    # Public itself, and not under an internal partnership or project (a project
    # under an internal partnership is internal too, as `projects_public` has it).
    return (
        Q(is_public=True)
        & ~Q(partnership__is_public=False)
        & ~Q(project__is_public=False)
        & ~Q(project__partnership__is_public=False)
    )


def activities_public(
    *,
    municipality: Municipality | None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    partner: str | None = None,
) -> QuerySet[Activity]:
    """Return the public activities that match the filters, newest first.

    The date range is on the start, at its own precision: an activity that started
    "2022-04" is in a range from 15 April 2022, since it may have started then.
    """
    activities = Activity.objects.filter(municipality=municipality).filter(
        _public_in_public()
    )
    if date_from is not None:
        activities = activities.filter(
            started__gte=Substr(Value(date_from.isoformat()), 1, Length("started"))
        )
    if date_to is not None:
        activities = activities.filter(started__lte=date_to.isoformat())
    if kind is not None:
        activities = activities.filter(kind=kind)
    if partner is not None:
        activities = activities.filter(
            Q(partnership__partner_place__slug=partner)
            | Q(partnership__partner_organisation__slug=partner)
            | Q(project__partnership__partner_place__slug=partner)
            | Q(project__partnership__partner_organisation__slug=partner)
        )
    return activities.select_related("partnership", "project", "place").order_by(
        "-started", "slug"
    )


def results_public(
    *, municipality: Municipality | None, kind: str | None = None
) -> QuerySet[Result]:
    """Return the public results, by kind, newest first."""
    results = Result.objects.filter(municipality=municipality).filter(
        _public_in_public()
    )
    if kind is not None:
        results = results.filter(kind=kind)
    return results.select_related("partnership", "project").order_by(
        "kind", "-achieved_on", "slug"
    )


def funding_opportunities_public(
    *, municipality: Municipality | None, status: str | None = None
) -> QuerySet[FundingOpportunity]:
    """Return the public funding opportunities, by deadline (none last)."""
    opportunities = FundingOpportunity.objects.filter(
        municipality=municipality, is_public=True
    )
    if status is not None:
        opportunities = opportunities.filter(status=status)
    return opportunities.prefetch_related("themes").order_by(
        F("deadline").asc(nulls_last=True), "slug"
    )


def places_listed(
    *, country: str | None = None, kind: str | None = None
) -> QuerySet[Place]:
    """Return places, by slug. Places are reference data: all of them are public."""
    places = Place.objects.select_related("successor").prefetch_related("names")
    if country is not None:
        places = places.filter(country=country)
    if kind is not None:
        places = places.filter(kind=kind)
    return places.order_by("slug")


def organisations_listed(
    *, country: str | None = None, kind: str | None = None
) -> QuerySet[Organisation]:
    """Return organisations, by slug; all of them are public."""
    organisations = Organisation.objects.select_related("place")
    if country is not None:
        organisations = organisations.filter(country=country)
    if kind is not None:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("slug")


def themes_listed() -> QuerySet[Theme]:
    return Theme.objects.order_by("slug")


def contacts_listed(*, municipality: Municipality | None) -> QuerySet[ContactPerson]:
    """Return the municipality's contact persons, by name. Personal data: log reads."""
    return (
        ContactPerson.objects.filter(municipality=municipality)
        .select_related("organisation")
        .order_by("name", "id")
    )


def page(queryset: QuerySet[M], *, limit: int, offset: int) -> tuple[list[M], int]:
    """Return one page of a list and how many records the whole list has."""
    return list(queryset[offset : offset + limit]), queryset.count()
