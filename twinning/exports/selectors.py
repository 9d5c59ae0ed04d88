"""Reads of the open data: the public records of one home municipality.

Every table comes from its domain's selector, which applies the model's own rule for
what the public may see (`.public()`: the record and all it hangs under are public).
Contact persons, participants, follow-ups and internal notes are never read here.
Each function runs a fixed number of queries, however large the portfolio.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, Q, QuerySet

from twinning.activities.models import Activity
from twinning.activities.selectors import activities_public
from twinning.core.selectors import reviewed_latest_in
from twinning.eu.models import FundingOpportunity
from twinning.eu.selectors import funding_opportunities_public
from twinning.partnerships.models import Partnership, PartnershipGroup, Theme
from twinning.partnerships.selectors import partnerships_public
from twinning.places.models import Municipality, Organisation, Place
from twinning.projects.models import (
    Participation,
    Programme,
    Project,
    ProjectSector,
)
from twinning.projects.selectors import projects_public
from twinning.results.models import Indicator, IndicatorPeriod, Result
from twinning.results.selectors import results_public


def open_data_partnerships(*, municipality: Municipality) -> QuerySet[Partnership]:
    """Return the public partnerships with their partners, group and themes."""
    return partnerships_public(municipality=municipality)


def open_data_activities(*, municipality: Municipality) -> QuerySet[Activity]:
    """Return the public activities, oldest first, with what the downloads name."""
    return activities_public(municipality=municipality).order_by("started", "slug")


def open_data_results(*, municipality: Municipality) -> QuerySet[Result]:
    """Return the public results, in the order the register keeps them."""
    return results_public(municipality=municipality).order_by(
        "kind", "achieved_on", "slug"
    )


def open_data_places(*, municipality: Municipality) -> QuerySet[Place]:
    """Return the places the other tables name: partners, their places, venues, home.

    Places are not confidential, but only those the public records refer to are
    listed, so that the table is the municipality's and not the whole gazetteer.
    """
    partnerships = partnerships_public(municipality=municipality)
    activities = open_data_activities(municipality=municipality)
    return Place.objects.filter(
        Q(pk__in=partnerships.values("partner_place"))
        | Q(pk__in=partnerships.values("partner_organisation__place"))
        | Q(pk__in=activities.values("place"))
        | Q(pk=municipality.place_id)
    ).order_by("slug")


def open_data_funding_deadlines(
    *, municipality: Municipality
) -> QuerySet[FundingOpportunity]:
    """Return the public funding opportunities that have a deadline."""
    return (
        funding_opportunities_public(municipality=municipality)
        .filter(deadline__isnull=False)
        .order_by("deadline", "slug")
    )


def open_data_projects(*, municipality: Municipality) -> QuerySet[Project]:
    """Return the public projects with sectors, roles, organisations and indicators."""
    return projects_public(municipality=municipality).select_related(
        "municipality__organisation",
        "partnership__partner_place",
        "partnership__partner_organisation__place",
    )


def _newest(queryset: QuerySet[Any], field: str) -> dt.datetime | None:
    newest: dt.datetime | None = queryset.aggregate(newest=Max(field))["newest"]
    return newest


def open_data_last_changed(*, municipality: Municipality) -> dt.datetime | None:
    """Return when anything the downloads show last changed: their Last-Modified.

    Records that are not public count too, and so do deletions: a record made
    internal, or deleted, changes the downloads by leaving them, and a client that
    asks "changed since?" must then be told yes. A record's other history is in
    its `updated_at` already; the history's own dates are not counted, as the
    shipped dataset's records are dated by their sources, not by their loading.
    Reference data shared by all municipalities (places, organisations, themes,
    groups) counts as a whole. One aggregate query per kind of record, however many
    records there are.
    """
    home = {"municipality": municipality}
    sources: list[tuple[Any, dict[str, Any]]] = [
        (Municipality, {"id": municipality.pk}),
        (Partnership, home),
        (Project, home),
        (Activity, home),
        (Result, home),
        (FundingOpportunity, home),
        (ProjectSector, {"project__municipality": municipality}),
        (Participation, {"project__municipality": municipality}),
        (Indicator, {"project__municipality": municipality}),
        (IndicatorPeriod, {"indicator__project__municipality": municipality}),
        (Programme, {}),
        (Place, {}),
        (Organisation, {}),
        (Theme, {}),
        (PartnershipGroup, {}),
    ]
    times: list[dt.datetime | None] = []
    for model, scope in sources:
        times.append(_newest(model.objects.filter(**scope), "updated_at"))
        history = getattr(model, "history", None)
        if history is not None:
            # The history holds deletions, which leave no row to look at.
            deleted = history.filter(**scope, history_type="-")
            times.append(_newest(deleted, "history_date"))
    known = [time for time in times if time is not None]
    return max(known) if known else None


def open_data_page_updated(*, municipality: Municipality) -> dt.datetime | None:
    """Return the open-data page's "last updated": the downloads' last change, or
    staff's latest review of the municipality's records, whichever is later."""
    times = [
        open_data_last_changed(municipality=municipality),
        reviewed_latest_in(municipality=municipality),
    ]
    known = [time for time in times if time is not None]
    return max(known) if known else None
