"""Writes shared by every domain app: create, update with optimistic locking, delete.

The domain apps' services call these so that every write, whatever the way in (back
office, API, command), is validated with `full_clean()`, recorded in the history with
the acting user, and refused when it would overwrite someone else's newer change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from twinning.core.models import AccessAction, AccessLogEntry, DomainModel

M = TypeVar("M", bound=DomainModel)


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


def _attribute_history(instance: models.Model, actor: Any) -> None:
    # django-simple-history reads the acting user from this attribute on save.
    instance._history_user = actor  # type: ignore[attr-defined]


@transaction.atomic
def record_create(*, instance: M, actor: Any) -> M:
    """Validate and save a new record, with `actor` in its history."""
    instance.full_clean()
    _attribute_history(instance, actor)
    instance.save(force_insert=True)
    return instance


@transaction.atomic
def record_update(
    *,
    instance: M,
    actor: Any,
    expected_version: int,
    changes: dict[str, Any] | None = None,
    update_fields: Iterable[str] | None = None,
) -> M:
    """Apply `changes` to a record and save it, unless it changed since it was read.

    The version is raised by a conditional UPDATE before anything else is written:
    of two editors who read the same version, the second finds no row to raise and
    is refused, on SQLite (which serialises writers) and on PostgreSQL (which makes
    the second UPDATE wait for the first transaction, then re-reads the row).
    """
    model = type(instance)
    raised = model._default_manager.filter(
        pk=instance.pk, version=expected_version
    ).update(version=F("version") + 1)
    if not raised:
        raise StaleVersionError(instance)
    for name, value in (changes or {}).items():
        setattr(instance, name, value)
    instance.version = expected_version + 1
    instance.full_clean()
    _attribute_history(instance, actor)
    if update_fields is None and changes is not None:
        update_fields = changes.keys()
    if update_fields is not None:
        instance.save(update_fields=[*update_fields, "version", "updated_at"])
    else:
        instance.save()
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model, actor: Any) -> None:
    """Delete a record, with `actor` in its history."""
    _attribute_history(instance, actor)
    instance.delete()


def access_log_record(
    *,
    actor: Any,
    action: AccessAction,
    model: type[models.Model],
    object_id: object = "",
    object_count: int = 1,
    detail: str = "",
) -> AccessLogEntry:
    """Write one entry in the access log of personal data."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AccessLogEntry.objects.create(
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "",
        action=action,
        model=model._meta.label,
        object_id=str(object_id),
        object_count=object_count,
        detail=detail[:500],
    )
