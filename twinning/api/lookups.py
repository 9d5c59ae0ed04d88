"""Turn the slugs a request names into records, naming every one that is unknown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from twinning.api.problems import FieldProblem, ProblemError, field_problem

M = TypeVar("M", bound=Model)


class Lookups:
    """Find records by slug; collect what is not found, to refuse it all at once."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def one(self, queryset: QuerySet[M], slug: str | None, field: str) -> M | None:
        """Return the record with this slug (None for no slug), or note the field."""
        if slug is None:
            return None
        found = queryset.filter(slug=slug).first()
        if found is None:
            self.problems.append(field_problem([field], _unknown(queryset, slug)))
        return found

    def many(self, queryset: QuerySet[M], slugs: Iterable[str], field: str) -> list[M]:
        """Return the records with these slugs, noting each one not found."""
        sent = list(slugs)
        found = {
            record.slug: record  # type: ignore[attr-defined]
            for record in queryset.filter(slug__in=set(sent))
        }
        for index, slug in enumerate(sent):
            if slug not in found:
                self.problems.append(
                    field_problem([field, index], _unknown(queryset, slug))
                )
        return [found[slug] for slug in dict.fromkeys(sent) if slug in found]

    def refuse(self, field: str, detail: str) -> None:
        self.problems.append(field_problem([field], detail))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ProblemError(
                422,
                _("Some of the fields are not valid: see errors."),
                errors=self.problems,
            )


def _unknown(queryset: QuerySet[M], slug: str) -> str:
    return _("No %(kind)s has the slug “%(slug)s”.") % {
        "kind": queryset.model._meta.verbose_name,
        "slug": slug,
    }


def unique_slug(queryset: QuerySet[M], *candidates: str) -> str:
    """Return the first candidate no record has as its slug, else one numbered."""
    bases = [slugify(candidate)[:90] for candidate in candidates if slugify(candidate)]
    bases = bases or [str(queryset.model._meta.model_name)]
    for base in bases:
        if not queryset.filter(slug=base).exists():
            return base
    number = 2
    while queryset.filter(slug=f"{bases[0]}-{number}").exists():
        number += 1
    return f"{bases[0]}-{number}"
