"""Reads of the records core keeps for every app: sources and reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Model, Q, QuerySet

from twinning.core.dates import PartialDate
from twinning.core.models import Review, Source


def source_newest_published(sources: Iterable[Source]) -> dt.date | None:
    """Return the newest publication date among `sources` (a partial date's first
    day), or None when none is dated."""
    days = [
        PartialDate.parse(source.published).earliest
        for source in sources
        if source.published
    ]
    return max(days) if days else None


def reviews_latest_by_record(
    model: type[Model], municipalities: Iterable[Any]
) -> dict[int, dt.datetime]:
    """Return when each record of `model` was last reviewed, by primary key."""
    reviews = (
        Review.objects.filter(
            municipality__in=municipalities,
            content_type=ContentType.objects.get_for_model(model),
        )
        .values("object_id")
        .annotate(latest=Max("reviewed_at"))
    )
    return {row["object_id"]: row["latest"] for row in reviews}


def review_latest_of(record: Model) -> Review | None:
    """Return a record's latest review, with who made it."""
    return (
        Review.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
        )
        .select_related("reviewed_by")
        .first()
    )


def _kind(model: type[Model]) -> dict[str, str]:
    meta = model._meta.concrete_model._meta  # type: ignore[union-attr]
    return {
        "content_type__app_label": meta.app_label,
        "content_type__model": meta.model_name or "",
    }


def reviewed_latest(
    records: Iterable[Model | None] = (),
    *,
    querysets: Iterable[QuerySet[Any]] = (),
    municipality: Any = None,
) -> dt.datetime | None:
    """Return when the latest review of any of these records was made, or None.

    `records` are records in hand; `querysets` name records by a query (all of a
    portfolio's public partnerships), read as a subquery. One query in all, however
    many records: a page dates what it shows by this and their newest change.
    """
    querysets = list(querysets)
    condition = Q(pk__in=[])
    by_model: dict[type[Model], set[Any]] = {}
    for record in records:
        if record is not None and record.pk is not None:
            by_model.setdefault(type(record), set()).add(record.pk)
    # The kind of record by its label, joined: no query for the content types.
    for model, pks in by_model.items():
        condition |= Q(**_kind(model), object_id__in=sorted(pks))
    for queryset in querysets:
        condition |= Q(
            **_kind(queryset.model), object_id__in=queryset.order_by().values("pk")
        )
    if not by_model and not querysets:
        return None
    reviews = Review.objects.filter(condition)
    if municipality is not None:
        reviews = reviews.filter(municipality=municipality)
    latest: dt.datetime | None = reviews.aggregate(latest=Max("reviewed_at"))["latest"]
    return latest


def reviewed_latest_in(*, municipality: Any) -> dt.datetime | None:
    """Return when staff last reviewed any record of a home municipality's."""
    latest: dt.datetime | None = Review.objects.filter(
        municipality=municipality
    ).aggregate(latest=Max("reviewed_at"))["latest"]
    return latest
