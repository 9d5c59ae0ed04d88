"""Reads of results and indicators that the public pages, API and exports share."""

from __future__ import annotations

from django.db.models import QuerySet

from twinning.places.models import Municipality
from twinning.results.models import Result


def results_public(
    *, municipality: Municipality, kind: str | None = None
) -> QuerySet[Result]:
    """Return the public results, with the partnership and project they belong to."""
    results = Result.objects.for_municipality(municipality).public()
    if kind is not None:
        results = results.filter(kind=kind)
    return results.select_related(
        "municipality",
        "partnership__partner_place",
        "partnership__partner_organisation",
        "project",
    )
