"""What the API's read operations share: paged lists and single records.

A list operation returns `Shown(queryset, show)`: django-ninja's own limit/offset
paginator cuts the page from the queryset, counts the whole list, and `show` turns
each record of the page into its output schema. The answer is
`{"items": [...], "count": N}`. A detail operation returns `shown_one(...)`: the
record with its ETag, or a 404 problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpResponse
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from twinning.api.preconditions import etag
from twinning.api.problems import ProblemError
from twinning.api.schemas import MAX_LIMIT, MAX_OFFSET

M = TypeVar("M", bound=Model)


class ListPagination(LimitOffsetPagination):
    """Pages of at most 500 items, 50 by default (MAX_LIMIT, MAX_OFFSET)."""

    class Input(Schema):
        limit: int = Field(
            50, ge=1, le=MAX_LIMIT, description="How many items, at most."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class Shown(Generic[M]):
    """A queryset as ninja's paginator reads it, its page shown through `show`.

    `on_page` is told which records a page holds (to log a read of personal data).
    """

    def __init__(
        self,
        queryset: QuerySet[M],
        show: Callable[[M], Any],
        *,
        on_page: Callable[[list[M]], None] | None = None,
    ) -> None:
        self.queryset = queryset
        self.show = show
        self.on_page = on_page

    def all(self) -> Shown[M]:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[Any]:
        records = list(self.queryset[window])
        if self.on_page is not None:
            self.on_page(records)
        return [self.show(record) for record in records]


def shown_one(
    records: QuerySet[M],
    response: HttpResponse,
    *,
    kind: str,
    show: Callable[[M], Any],
    missing: str,
    key: Callable[[M], str] = lambda record: str(getattr(record, "slug", record.pk)),
) -> Any:
    """Return the one record of `records` through `show`, with its ETag; else 404.

    `kind` and `key` make the ETag ("project", the slug); `missing` is the 404's
    detail.
    """
    record = records.first()
    if record is None:
        raise ProblemError(404, missing)
    response["ETag"] = etag(kind, key(record), record.version)  # type: ignore[attr-defined]
    return show(record)
