"""Reads of projects that the public pages, the API and the exports share."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from twinning.places.models import Municipality
from twinning.projects.models import (
    Participation,
    Project,
    ProjectPhase,
    ProjectSector,
)
from twinning.results.models import Indicator


def projects_public(*, municipality: Municipality) -> QuerySet[Project]:
    """Return the municipality's public projects with phases, sectors and roles."""
    return (
        Project.objects.for_municipality(municipality)
        .public()
        .select_related(
            "programme__funder",
            "partnership__partner_place",
            "partnership__partner_organisation",
        )
        .prefetch_related(
            Prefetch(
                "phases",
                queryset=ProjectPhase.objects.prefetch_related(
                    "date_claims__source"
                ).select_related("source"),
            ),
            Prefetch(
                "sectors", queryset=ProjectSector.objects.select_related("sector")
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "organisation__place"
                ).order_by("role", "organisation__name"),
            ),
            "posts__organisation",
            Prefetch(
                "indicators", queryset=Indicator.objects.prefetch_related("periods")
            ),
            "sources",
        )
        .order_by("started", "slug")
    )
