"""The one rule for what the public may see, and the scoping of a portfolio.

Every domain model's queryset derives from `RegisterQuerySet`. What the public may see
is said once per model by two class attributes:

- `public_flag`: the model's own "public" field (`is_public`), or None when the model
  has no flag of its own (an event is as public as its partnership);
- `public_parents`: the fields that name the records it hangs under (a project's
  partnership; an activity's partnership and project).

`public_q()` composes them: a record is public when its own flag is set and every record
it hangs under is public by *that* model's rule, all the way up. A nullable parent that
is empty does not hold a record back (a result of no project). A model whose records are
never public (contact persons, follow-ups) sets `never_public`. Faces never write their
own visibility filter: they call `.public()`, or use `public_q(prefix)` to follow a
relation, so no face can ask a weaker question by accident.

`municipality_path` names the way to the home municipality a portfolio record belongs
to, so that `for_municipality()` and `for_municipalities()` scope any model alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Length, Substr

from twinning.core.writes import check_write_allowed, records_written, rows_written

M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])


class RegisterQuerySet(models.QuerySet[M]):
    """A queryset that knows what of its model the public may see, and whose it is."""

    public_flag: ClassVar[str | None] = "is_public"
    public_parents: ClassVar[tuple[str, ...]] = ()
    never_public: ClassVar[bool] = False
    # The way to the home municipality; None for reference data shared by all.
    municipality_path: ClassVar[str | None] = "municipality"

    def public_q(self, prefix: str = "") -> Q:
        """Return the condition for a public record, for a relation named by `prefix`.

        `prefix` ends with "__" ("partnership__"), or is empty for the model itself.
        """
        if self.never_public:
            return NOTHING
        condition = (
            Q(**{f"{prefix}{self.public_flag}": True}) if self.public_flag else Q()
        )
        for parent in self.public_parents:
            field = self.model._meta.get_field(parent)
            related: Any = field.related_model
            parent_condition = related._default_manager.public_q(f"{prefix}{parent}__")
            if getattr(field, "null", False):
                parent_condition = Q(**{f"{prefix}{parent}": None}) | parent_condition
            condition &= parent_condition
        return condition

    def public(self) -> RegisterQuerySet[M]:
        """Return the records the public may see by this model's rule, parents too."""
        return self.filter(self.public_q())

    def for_municipality(self, municipality: object) -> RegisterQuerySet[M]:
        """Return the records of one home municipality's portfolio."""
        if self.municipality_path is None:
            return self
        return self.filter(**{self.municipality_path: municipality})

    def for_municipalities(
        self, municipalities: Iterable[object]
    ) -> RegisterQuerySet[M]:
        """Return the records of any of these home municipalities."""
        if self.municipality_path is None:
            return self
        found = self.filter(**{f"{self.municipality_path}__in": municipalities})
        # Through a many-to-many path (an EU office represents several), a record
        # would come once per municipality.
        many = self.municipality_path.split("__")[-1] == "municipalities"
        return found.distinct() if many else found

    def for_user(self, user: Any) -> RegisterQuerySet[M]:
        """Return the records a member of staff works on: their municipalities' own.

        A platform administrator (a superuser) works on all; reference data is
        everyone's; anyone else without municipalities sees none. One query, with
        the user's municipalities as a subquery, however many there are.
        """
        if self.municipality_path is None or getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.for_municipalities(user.municipalities.values("pk"))

    # Writes in bulk bypass `save()`: they are a service's to make, too.

    # Each also tells the page generations what it touches (`core.generations`).

    def update(self, **kwargs: Any) -> int:
        check_write_allowed(self.model)
        rows_written(self)
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        check_write_allowed(self.model)
        rows_written(self)
        return super().delete()

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[M]:
        check_write_allowed(self.model)
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        records_written(created)
        return created

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        check_write_allowed(self.model)
        objs = list(objs)
        records_written(objs)
        return super().bulk_update(objs, *args, **kwargs)


def is_scoped(model: type[models.Model]) -> bool:
    """Tell whether a model's records belong to home municipalities (not shared)."""
    queryset = model._default_manager.get_queryset()
    return (
        isinstance(queryset, RegisterQuerySet)
        and queryset.municipality_path is not None
    )


def for_user(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """Return `queryset` scoped to the user's municipalities, if its model is scoped."""
    if isinstance(queryset, RegisterQuerySet):
        scoped: models.QuerySet[M] = queryset.for_user(user)
        return scoped
    return queryset


class ReferenceQuerySet(RegisterQuerySet[M]):
    """Reference data (places, organisations, themes, sources): all of it is public."""

    public_flag = None
    municipality_path = None


def partial_date_in(field: str, date_from: dt.date, date_to: dt.date) -> Q:
    """Return the condition that a partial date may fall within a period.

    Compared at the date's own precision, as text: "2025-04" falls within a period
    from 15 April 2025, as it may mean a day from then on; "2025" falls within any
    period that has a day of 2025.
    """
    return Q(
        **{
            f"{field}__gte": Substr(Value(date_from.isoformat()), 1, Length(field)),
            f"{field}__lte": date_to.isoformat(),
        }
    ) & ~Q(**{field: ""})
