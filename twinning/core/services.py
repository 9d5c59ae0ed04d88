"""The write path every domain app shares: services, typed fields, locking, history.

A domain app's `services.py` has one function per write (`partnership_create`,
`partnership_terminate`, `project_set_sectors`, ...). Each is decorated with
`@service`, takes the acting user and says which fields it writes with a `TypedDict`
(`**fields: Unpack[PartnershipFields]`), so that a caller can write those fields and
no others: the type checker refuses any other keyword, and so does `record_create`
or `record_update` at run time. Every write, whatever the way in (back office, API,
import, dataset loader, command), is then

- validated with `full_clean()`, with errors that carry their code on the field;
- made in one transaction (`@service` opens it; nested services join it);
- recorded in the history with the acting user (and the change reason, if any);
- refused when it would overwrite someone else's newer change (`expected_version`).

A dry run of many writes (an import's) runs the same services inside
`checking.checking_only()`: every record is judged as above and none is saved.

Nothing else writes a domain model: `DomainModel.save()` and `.delete()` and the
register's bulk queryset writes refuse to run outside a service (`WriteOutsideService`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from typing_extensions import Unpack

from twinning.core.checking import current_check
from twinning.core.dates import PartialDate
from twinning.core.models import AccessAction, AccessLogEntry, Review, Source
from twinning.core.writes import WriteOutsideService, service

__all__ = ["WriteOutsideService", "service"]

if TYPE_CHECKING:
    from twinning.accounts.models import User
    from twinning.places.models import Municipality

    Actor = User | None
else:
    Actor = Any

M = TypeVar("M", bound=models.Model)

_change_reason: ContextVar[str] = ContextVar("change_reason", default="")


@contextlib.contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Record `reason` in the history of every write made inside the block."""
    token = _change_reason.set(reason)
    try:
        yield
    finally:
        _change_reason.reset(token)


class StaleVersionError(ValidationError):
    """Someone else saved the record after the acting user read it."""

    def __init__(self, instance: models.Model) -> None:
        super().__init__(
            _(
                "Someone else changed this %(kind)s after you opened it. Your changes "
                "were not saved. Reload the page to see their version, then make your "
                "changes again."
            ),
            code="stale_version",
            params={"kind": instance._meta.verbose_name},
        )


def _attribute_history(instance: models.Model, actor: Actor) -> None:
    # django-simple-history reads the acting user and the reason from these.
    instance._history_user = actor  # type: ignore[attr-defined]
    reason = _change_reason.get()
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]


def allowed_fields(fields_type: type[Any]) -> frozenset[str]:
    """Return the keys a fields TypedDict declares."""
    return frozenset(
        fields_type.__required_keys__ | fields_type.__optional_keys__  # type: ignore[attr-defined]
    )


def _split(
    model: type[models.Model],
    values: Mapping[str, Any],
    fields_type: type[Any] | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the plain fields and the many-to-many fields, refusing any other name."""
    if fields_type is not None:
        # Fields the model derives may be named, for its clean() to refuse with a
        # message a user can read ("the status follows from the events").
        derived = getattr(model, "derived_fields", ())
        unknown = sorted(set(values) - allowed_fields(fields_type) - set(derived))
        if unknown:
            raise TypeError(
                f"{model._meta.label} cannot be written with {', '.join(unknown)}."
            )
    many = {field.name for field in model._meta.many_to_many}
    plain = {name: value for name, value in values.items() if name not in many}
    related = {name: value for name, value in values.items() if name in many}
    return plain, related


def _set_many(instance: models.Model, related: Mapping[str, Any]) -> None:
    for name, value in related.items():
        if value is not None:
            getattr(instance, name).set(value)


@service
def record_create(
    model: type[M],
    *,
    actor: Actor,
    fields: Mapping[str, Any],
    fields_type: type[Any] | None = None,
) -> M:
    """Validate and save a new record of `model`, with `actor` in its history.

    `fields_type` is the TypedDict of the fields the calling service may write.
    """
    plain, related = _split(model, fields, fields_type)
    instance = model(**plain)
    check = current_check()
    if check is not None:  # a dry run: judged, not saved
        check.validate(instance)
        return instance
    instance.full_clean()
    _attribute_history(instance, actor)
    instance.save(force_insert=True)
    _set_many(instance, related)
    return instance


@service
def record_create_with_parts(
    model: type[M],
    *,
    actor: Actor,
    fields: Mapping[str, Any],
    parts: Mapping[type[models.Model], Iterable[Mapping[str, Any]]],
) -> M:
    """Save a new record of `model`, then its parts, each through its model's service.

    `parts` gives, per model of part (an activity's `Participant`), the fields of
    each; the part is linked to the new record through its foreign key to `model`.
    Both are written with the fields their registered services allow.
    """
    record = record_create(
        model, actor=actor, fields=fields, fields_type=writer_for(model).fields_type
    )
    for part_model, each in parts.items():
        link = next(
            field.name
            for field in part_model._meta.fields
            if field.related_model is model
        )
        for part in each:
            writer_for(part_model).create(actor=actor, **{**part, link: record})
    return record


@service
def record_update(
    instance: M,
    *,
    actor: Actor,
    expected_version: int,
    changes: Mapping[str, Any],
    fields_type: type[Any] | None = None,
) -> M:
    """Apply `changes` to a record and save them, unless it changed since it was read.

    The version is raised by a conditional UPDATE before anything else is written:
    of two editors who read the same version, the second finds no row to raise and
    is refused, on SQLite (which serialises writers) and on PostgreSQL (which makes
    the second UPDATE wait for the first transaction, then re-reads the row).
    """
    model = type(instance)
    plain, related = _split(model, changes, fields_type)
    check = current_check()
    if check is not None:  # a dry run: judged, not saved
        if instance.version != expected_version:  # type: ignore[attr-defined]
            raise StaleVersionError(instance)
        for name, value in plain.items():
            setattr(instance, name, value)
        check.validate(instance)
        return instance
    raised = model._default_manager.filter(
        pk=instance.pk, version=expected_version
    ).update(version=F("version") + 1)
    if not raised:
        raise StaleVersionError(instance)
    for name, value in plain.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1  # type: ignore[attr-defined]
    instance.full_clean()
    _attribute_history(instance, actor)
    instance.save(update_fields=[*plain, "version", "updated_at"])
    _set_many(instance, related)
    return instance


@service
def record_delete(instance: models.Model, *, actor: Actor) -> None:
    """Delete a record (and what depends on it), with `actor` in its history."""
    _attribute_history(instance, actor)
    instance.delete()


@dataclass(frozen=True)
class Writer:
    """The services that create, change and delete one model's records.

    The back office saves any record through its model's writer, so that the
    same services run whether a record is written from the admin, the API, an
    import or a command. `instance` names the update and delete services'
    argument for the record ("partnership").
    """

    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    instance: str
    fields_type: type[Any]

    @property
    def fields(self) -> frozenset[str]:
        return allowed_fields(self.fields_type)


WRITERS: dict[type[models.Model], Writer] = {}


def register_writer(
    model: type[models.Model],
    *,
    create: Callable[..., Any],
    update: Callable[..., Any],
    delete: Callable[..., Any],
    fields_type: type[Any],
    instance: str | None = None,
) -> None:
    """Name the services through which the back office writes `model`.

    `instance` is the update and delete services' argument for the record: the
    model's name ("partnership") unless told otherwise.
    """
    WRITERS[model] = Writer(
        create=create,
        update=update,
        delete=delete,
        instance=instance or model._meta.model_name or "",
        fields_type=fields_type,
    )


def writer_for(model: type[models.Model]) -> Writer:
    """Return the services that write `model`; every domain model has them."""
    try:
        return WRITERS[model]
    except KeyError:
        raise LookupError(
            f"{model._meta.label} has no services registered: see its services.py."
        ) from None


class SourceFields(TypedDict, total=False):
    key: str
    title: str
    title_da: str
    title_en: str
    url: str
    published: str
    note: str


@service
def source_create(*, actor: Actor, **fields: Unpack[SourceFields]) -> Source:
    """Record where facts come from: a web page, a decision, a news item."""
    return record_create(Source, actor=actor, fields=fields, fields_type=SourceFields)


@service
def source_update(
    *,
    source: Source,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[SourceFields],
) -> Source:
    """Correct a source's title, address or date."""
    return record_update(
        source,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=SourceFields,
    )


@service
def source_delete(*, source: Source, actor: Actor) -> None:
    """Remove a source that no fact cites."""
    record_delete(source, actor=actor)


def _cited_dates(model: type[models.Model], pks: list[Any]) -> dict[Any, dt.date]:
    """Return, by primary key, the newest publication date of the sources each of
    these records cites (its `sources`, its `source`); one query per such field."""
    newest: dict[Any, dt.date] = {}

    def note(pk: Any, published: str | None) -> None:
        if published:
            day = PartialDate.parse(published).earliest
            if pk not in newest or day > newest[pk]:
                newest[pk] = day

    if model is Source:
        for pk, published in Source.objects.filter(pk__in=pks).values_list(
            "pk", "published"
        ):
            note(pk, published)
        return newest
    for field in model._meta.get_fields():
        if field.related_model is not Source or not field.concrete:
            continue
        rows = (
            model._default_manager.filter(pk__in=pks)
            .order_by()
            .values_list("pk", f"{field.name}__published")
        )
        for pk, published in rows:
            note(pk, published)
    return newest


@service
def records_date(
    *, records: Iterable[models.Model], actor: Actor, otherwise: dt.date | None
) -> int:
    """Date records taken from published sources by those sources; return how many.

    A record loaded from a dataset was not changed on the day it was loaded: what
    it says is as new as its sources. Its "last changed" (`updated_at`) becomes the
    newest publication date of the sources it cites, or `otherwise` (the dataset's
    newest source) where none of them is dated; a record without either keeps its
    own. The public pages' "last updated" is then a date a reader can trust.

    The record's facts do not change, so no history is written for `actor`. A
    fixed number of queries per kind of record: one per source field, one update
    per date.
    """
    by_model: dict[type[models.Model], set[Any]] = {}
    for record in records:
        if record.pk is not None and hasattr(record, "updated_at"):
            by_model.setdefault(type(record), set()).add(record.pk)
    zone = timezone.get_default_timezone()
    dated = 0
    for model, pk_set in by_model.items():
        pks = sorted(pk_set)
        cited = _cited_dates(model, pks)
        by_day: dict[dt.date, list[Any]] = {}
        for pk in pks:
            day = cited.get(pk, otherwise)
            if day is not None:
                by_day.setdefault(day, []).append(pk)
        for day, day_pks in by_day.items():
            # Midnight where the register is kept: the day prints as that day.
            moment = dt.datetime.combine(day, dt.time(), tzinfo=zone)
            dated += model._default_manager.filter(pk__in=day_pks).update(
                updated_at=moment
            )
    return dated


@service
def record_review(*, record: models.Model, actor: User) -> Review:
    """Record that `actor` checked `record` (a portfolio record) just now."""
    review = Review(
        municipality_id=record.municipality_id,  # type: ignore[attr-defined]
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
    )
    review.full_clean()
    review.save(force_insert=True)
    return review


def access_log_record(
    *,
    actor: Actor,
    action: AccessAction,
    model: type[models.Model],
    object_id: object = "",
    object_count: int = 1,
    detail: str = "",
    municipality: Municipality | None = None,
) -> AccessLogEntry:
    """Write one entry in the access log of personal data.

    `municipality` is whose data it was, so that its administrators see the entry.
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AccessLogEntry.objects.create(
        actor=actor if authenticated else None,
        municipality=municipality,
        actor_name=actor.get_username() if authenticated and actor else "",
        action=action,
        model=model._meta.label,
        object_id=str(object_id),
        object_count=object_count,
        detail=detail[:500],
    )


def access_log_of(*, model: type[models.Model], object_id: object) -> Any:
    """Return the access log's entries about one record, newest first."""
    return AccessLogEntry.objects.filter(
        model=model._meta.label, object_id=str(object_id)
    ).order_by("-at", "-id")


# A search term or filter value in an entry's detail: "q=...", "... lookup=value".
SEARCH_TERM = re.compile(r"(?P<prefix>=)(?P<term>[^=]*)$")
PSEUDONYM = "[erased]"


def access_log_pseudonymise(*, model: type[models.Model], texts: list[str]) -> int:
    """Pseudonymise the searches of `model` that could name a person; return how many.

    `texts` are the person's name, e-mail and phone. A search term is replaced by
    "[erased]" when it is part of one of them ("Hemmelig" of "Ida Hemmeligsen"), or
    holds a word of one ("q=ida hemmeligsen"). Terms of one or two letters name
    no one and stay.
    """
    words = {
        word
        for text in texts
        for word in re.split(r"[\s@.,;:+()-]+", text.lower())
        if len(word) >= 3
    }
    whole = [text.lower() for text in texts if text]
    changed = 0
    entries = AccessLogEntry.objects.filter(model=model._meta.label).exclude(detail="")
    for entry in entries.only("pk", "detail"):
        match = SEARCH_TERM.search(entry.detail)
        if match is None:
            continue
        term = match.group("term").strip().lower()
        if len(term) < 3 or term == PSEUDONYM:
            continue
        if any(term in text for text in whole) or any(word in term for word in words):
            AccessLogEntry.objects.filter(pk=entry.pk).update(
                detail=entry.detail[: match.start("term")] + PSEUDONYM
            )
            changed += 1
    return changed


def access_log_purge(*, before: dt.datetime) -> int:
    """Delete the access log's entries older than `before`; return how many."""
    deleted, _ = AccessLogEntry.objects.filter(at__lt=before).delete()
    return deleted


register_writer(
    Source,
    create=source_create,
    update=source_update,
    delete=source_delete,
    fields_type=SourceFields,
)
