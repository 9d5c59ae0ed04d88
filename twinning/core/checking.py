"""A dry run of many writes: every record validated as a save would, nothing saved.

Inside `checking_only()`, `record_create` and `record_update` judge a record by the
same rules as `full_clean()` — its fields, its `clean()`, its constraints and its
uniqueness — but save nothing. What makes `full_clean()` slow when a file brings
ninety thousand rows is a query a rule a record; here

- a check constraint is judged once per distinct set of the values it reads (the
  country code "DK" once, not once a row), and
- uniqueness is judged for the whole batch at the end, in one query per rule and
  five hundred records, against the register and against the batch itself (two rows
  of one file with the same GeoNames id are as much a problem as one that repeats a
  place already kept).

A record that breaks a uniqueness rule is then judged by Django's own check, so the
message is the one a save would give. `Check.problems()` returns them with the
label the caller set when the record was validated (an import's row).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q

BATCH = 500

_checking: ContextVar[Check | None] = ContextVar("checking", default=None)


def current_check() -> Check | None:
    """Return the dry run in progress, if any."""
    return _checking.get()


@contextlib.contextmanager
def checking_only() -> Iterator[Check]:
    """Validate the services' writes inside the block without saving them."""
    check = Check()
    token = _checking.set(check)
    try:
        yield check
    finally:
        _checking.reset(token)


# A uniqueness rule: the model it is kept on, its fields, and the constraint that
# states it (None for a field's own `unique=True` or `unique_together`).
Rule = tuple[type[models.Model], tuple[str, ...], models.UniqueConstraint | None]


@dataclass
class Check:
    """The records of one dry run, and the verdicts already reached."""

    label: Any = None
    # Per uniqueness rule: each judged record's label, primary key and values (not
    # the record: a file of ninety thousand rows would keep ninety thousand), and
    # one record to word the rule's message with.
    keys: dict[Rule, list[tuple[Any, Any, tuple[Any, ...]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    examples: dict[Rule, models.Model] = field(default_factory=dict)
    verdicts: dict[tuple[Any, ...], ValidationError | None] = field(
        default_factory=dict
    )

    def validate(self, instance: models.Model) -> None:
        """Raise the errors `full_clean()` would, uniqueness apart (see `problems`)."""
        errors: dict[str, list[ValidationError]] = {}
        try:
            instance.clean_fields()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude = frozenset(errors)
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if _deferred(constraint):
                    continue
                failure = self._judge(model, constraint, instance, exclude)
                if failure is not None:
                    errors = failure.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        for rule in _unique_rules(instance, exclude):
            values = _key(instance, rule[1])
            if values is not None:
                self.keys[rule].append((self.label, instance.pk, values))
                self.examples.setdefault(rule, instance)

    def _judge(
        self,
        model: type[models.Model],
        constraint: Any,
        instance: models.Model,
        exclude: frozenset[str],
    ) -> ValidationError | None:
        key: tuple[Any, ...] | None = None
        if isinstance(constraint, models.CheckConstraint):
            names = sorted(Q(constraint.condition).referenced_base_fields)
            if exclude.intersection(names):
                return None  # as Django: a field already wrong is not judged again
            key = (model, constraint.name, *(_value(instance, name) for name in names))
            if key in self.verdicts:
                return self.verdicts[key]
        try:
            constraint.validate(model, instance, exclude=exclude)
            verdict = None
        except ValidationError as error:
            verdict = error
        if key is not None:
            self.verdicts[key] = verdict
        return verdict

    def problems(self) -> list[tuple[Any, ValidationError]]:
        """Return each label whose record breaks a uniqueness rule, with the errors."""
        found: dict[int, tuple[Any, dict[str, list[ValidationError]]]] = {}
        for rule, entries in self.keys.items():
            error = _message(rule, self.examples[rule])
            for label in _breaches(rule, entries):
                _, errors = found.setdefault(id(label), (label, {}))
                error.update_error_dict(errors)
        return [(label, ValidationError(errors)) for label, errors in found.values()]


def _deferred(constraint: Any) -> TypeGuard[models.UniqueConstraint]:
    """Whether a constraint is judged for the whole batch at the end."""
    return (
        isinstance(constraint, models.UniqueConstraint)
        and bool(constraint.fields)
        and constraint.condition is None
        and not constraint.expressions
    )


def _value(instance: models.Model, name: str) -> Any:
    if name == "pk":
        return instance.pk
    model_field: Any = instance._meta.get_field(name)
    return getattr(instance, model_field.attname)


def _key(instance: models.Model, names: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The values a rule compares, or None when one is empty (NULLs never clash)."""
    values = tuple(_value(instance, name) for name in names)
    return None if any(value is None for value in values) else values


def _unique_rules(instance: models.Model, exclude: frozenset[str]) -> list[Rule]:
    rules: list[Rule] = []
    unique_checks, _date_checks = instance._get_unique_checks(  # type: ignore[attr-defined]
        exclude=exclude
    )
    for model, names in unique_checks:
        if model._meta.pk.name in names and not instance._state.adding:
            continue
        rules.append((model, tuple(names), None))
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            if _deferred(constraint) and not exclude.intersection(constraint.fields):
                rules.append((model, tuple(constraint.fields), constraint))
    return rules


def _breaches(
    rule: Rule, entries: list[tuple[Any, Any, tuple[Any, ...]]]
) -> Iterator[Any]:
    """Yield the labels of records that clash with the register or an earlier one."""
    model, names, _constraint = rule
    kept: dict[tuple[Any, ...], set[Any]] = defaultdict(set)
    for start in range(0, len(entries), BATCH):
        chunk = {values for _, _, values in entries[start : start + BATCH]}
        if len(names) == 1:
            condition = Q(**{f"{names[0]}__in": [values[0] for values in chunk]})
        else:
            condition = Q()
            for values in chunk:
                condition |= Q(**dict(zip(names, values, strict=True)))
        rows = model._default_manager.filter(condition).values_list(*names, "pk")
        for *values, pk in rows:
            kept[tuple(values)].add(pk)
    claimed: set[tuple[Any, ...]] = set()
    for label, pk, values in entries:
        if kept.get(values, set()) - {pk} or values in claimed:
            yield label
        claimed.add(values)


def _message(rule: Rule, instance: models.Model) -> ValidationError:
    """The error Django gives for this rule, field by field as `full_clean()` does."""
    model, names, constraint = rule
    if constraint is None:
        key = names[0] if len(names) == 1 else NON_FIELD_ERRORS
        return ValidationError({key: [instance.unique_error_message(model, names)]})
    if constraint.violation_error_message == constraint.default_violation_error_message:
        message = instance.unique_error_message(model, names)
        error = ValidationError(message, code=message.code)
    else:
        error = ValidationError(
            constraint.get_violation_error_message(),
            code=constraint.violation_error_code,
        )
    if len(names) == 1 and error.code == "unique":
        return ValidationError({names[0]: [error]})
    return ValidationError({NON_FIELD_ERRORS: [error]})
