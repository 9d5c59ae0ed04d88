"""Reads of EU work that the public pages, the API and the exports share."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from twinning.activities.models import Activity
from twinning.eu.choices import (
    ApplicationOutcome,
    OpportunityStatus,
    Participation,
    PartnerSearchStatus,
)
from twinning.eu.models import (
    Application,
    EUOffice,
    FundingOpportunity,
    ParticipantList,
    PartnerSearch,
    PolicyWarning,
)
from twinning.places.models import Municipality


def eu_offices_public(*, municipality: Municipality) -> QuerySet[EUOffice]:
    """Return the EU offices that represent the municipality, with their services."""
    return (
        EUOffice.objects.for_municipality(municipality)
        .public()
        .select_related("organisation")
        .prefetch_related("services")
    )


def funding_opportunities_public(
    *, municipality: Municipality, status: str | None = None
) -> QuerySet[FundingOpportunity]:
    """Return the public funding opportunities, by deadline (none last)."""
    opportunities = FundingOpportunity.objects.for_municipality(municipality).public()
    if status is not None:
        opportunities = opportunities.filter(status=status)
    return opportunities.prefetch_related("themes").order_by(
        F("deadline").asc(nulls_last=True), "slug"
    )


def funding_deadlines_of_staff(
    *, user: Any, start: dt.datetime, end: dt.datetime
) -> QuerySet[FundingOpportunity]:
    """Return the funding calls of the user's municipalities, public or internal,
    whose deadline falls from `start` until `end`, the earliest first."""
    return (
        FundingOpportunity.objects.for_user(user)
        .exclude(status=OpportunityStatus.CLOSED)
        .filter(deadline__gte=start, deadline__lt=end)
        .order_by("deadline", "slug")
    )


def partner_search_deadlines_of_staff(
    *, user: Any, start: dt.date, end: dt.date
) -> QuerySet[PartnerSearch]:
    """Return the open partner searches of the user's municipalities that must be
    answered from `start` until `end` (both days included), the earliest first."""
    return (
        PartnerSearch.objects.for_user(user)
        .filter(status=PartnerSearchStatus.OPEN, deadline__gte=start, deadline__lte=end)
        .order_by("deadline", "slug")
    )


def partner_searches_public(*, municipality: Municipality) -> QuerySet[PartnerSearch]:
    """Return the open partner searches the municipality has made public."""
    return (
        PartnerSearch.objects.for_municipality(municipality)
        .public()
        .filter(status=PartnerSearchStatus.OPEN)
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by(F("deadline").asc(nulls_last=True), "slug")
    )


def applications_public(*, municipality: Municipality) -> QuerySet[Application]:
    """Return the applications the municipality has published (with a public
    call), the granted ones first."""
    return (
        Application.objects.for_municipality(municipality)
        .public()
        .select_related("call")
        .order_by("outcome", "-submitted_on", "slug")
    )


class ThresholdCheck:
    """One funded activity's participant lists against its call's thresholds."""

    def __init__(
        self,
        *,
        activity: Activity,
        application: Application,
        lists: list[ParticipantList],
    ) -> None:
        self.activity = activity
        self.application = application
        self.call = application.call
        # The hosts' own people first, then the invited towns by country.
        self.lists = sorted(
            lists,
            key=lambda item: (
                item.participation != Participation.LOCAL,
                item.town.country,
                item.town.name,
            ),
        )
        self.direct = sum(item.participants for item in lists)
        self.invited = sum(
            item.participants
            for item in lists
            if item.participation == Participation.INVITED
        )
        self.local = self.direct - self.invited
        by_country: Counter[str] = Counter()
        for item in lists:
            by_country[item.town.country] += item.participants
        self.by_country: list[tuple[str, int]] = sorted(by_country.items())
        self.without_evidence = [item for item in lists if not item.has_evidence]

    @property
    def direct_met(self) -> bool:
        return self.direct >= (self.call.min_direct_participants or 0)

    @property
    def invited_met(self) -> bool:
        return self.invited >= (self.call.min_invited_participants or 0)

    @property
    def countries_met(self) -> bool:
        return len(self.by_country) >= (self.call.min_countries or 0)

    @property
    def met(self) -> bool:
        """Tell whether every threshold is met and every count has its evidence."""
        return (
            self.direct_met
            and self.invited_met
            and self.countries_met
            and not self.without_evidence
        )


def threshold_check(*, activity: Activity, application: Application) -> ThresholdCheck:
    """Return a funded activity's participant lists checked against its call."""
    lists = list(
        ParticipantList.objects.filter(
            activity=activity, application=application
        ).select_related("town")
    )
    return ThresholdCheck(activity=activity, application=application, lists=lists)


@dataclass
class Pipeline:
    """A member of staff's EU work on one page: from call to grant."""

    calls: list[FundingOpportunity]
    applications: list[Application]
    partner_searches: list[PartnerSearch]
    warnings: list[PolicyWarning]
    checks: list[ThresholdCheck]
    office_activities: list[Activity]


def eu_pipeline_of_staff(*, user: Any, today: dt.date) -> Pipeline:
    """Return the user's municipalities' EU work: calls not closed, applications,
    open partner searches, early warnings of the last year, the participant checks
    of granted applications' activities, and the EU offices' own activities
    (delegation visits to Brussels and the like). A fixed number of queries."""
    calls = list(
        FundingOpportunity.objects.for_user(user)
        .exclude(status=OpportunityStatus.CLOSED)
        .select_related("municipality")
        .prefetch_related("themes")
        .order_by(F("deadline").asc(nulls_last=True), "slug")
    )
    applications = list(
        Application.objects.for_user(user)
        .select_related("call", "lead", "project", "municipality", "partner_search")
        .prefetch_related(
            "partner_places",
            "partner_organisations",
            "partner_municipalities",
            Prefetch("activities", queryset=Activity.objects.order_by("started")),
        )
        .order_by(F("call__deadline").desc(nulls_last=True), "slug")
    )
    searches = list(
        PartnerSearch.objects.for_user(user)
        .filter(status=PartnerSearchStatus.OPEN)
        .select_related("funding_opportunity", "organisation")
        .prefetch_related("partnerships")
        .order_by(F("deadline").asc(nulls_last=True), "slug")
    )
    warnings = list(
        PolicyWarning.objects.for_user(user)
        .filter(date__gte=today - dt.timedelta(days=365))
        .prefetch_related("partnerships")
        .order_by("-date", "slug")
    )
    lists = (
        ParticipantList.objects.for_user(user)
        .filter(application__outcome=ApplicationOutcome.GRANTED)
        .select_related("town")
    )
    by_pair: dict[tuple[int, int], list[ParticipantList]] = {}
    for item in lists:
        by_pair.setdefault((item.application_id, item.activity_id), []).append(item)
    checks = [
        ThresholdCheck(
            activity=activity,
            application=application,
            lists=by_pair.get((application.pk, activity.pk), []),
        )
        for application in applications
        if application.outcome == ApplicationOutcome.GRANTED
        for activity in application.activities.all()
    ]
    offices = EUOffice.objects.for_user(user).values("organisation")
    office_activities = list(
        Activity.objects.for_user(user)
        .filter(participants__organisation__in=offices)
        .distinct()
        .select_related("place")
        .order_by("-started", "slug")[:20]
    )
    return Pipeline(
        calls=calls,
        applications=applications,
        partner_searches=searches,
        warnings=warnings,
        checks=checks,
        office_activities=office_activities,
    )
