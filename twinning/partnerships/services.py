"""Writes to partnerships: create, update, record events (termination too), agreements.

Every function takes the acting user, runs in one transaction and validates with
`full_clean()` before it writes. A partnership's status is written only here, from
its events.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twinning.core.services import StaleVersionError, record_create, record_update
from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    derive_status,
)


@transaction.atomic
def partnership_create(*, actor: Any, **fields: Any) -> Partnership:
    """Create a partnership; its status follows once events are added."""
    themes = fields.pop("themes", None)
    sources = fields.pop("sources", None)
    partnership = record_create(instance=Partnership(**fields), actor=actor)
    if themes is not None:
        partnership.themes.set(themes)
    if sources is not None:
        partnership.sources.set(sources)
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, actor: Any, expected_version: int, **changes: Any
) -> Partnership:
    """Change a partnership's fields, unless someone changed it since it was read.

    The status is not among the fields that can be changed: it follows from events.
    """
    themes = changes.pop("themes", None)
    sources = changes.pop("sources", None)
    record_update(
        instance=partnership,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )
    if themes is not None:
        partnership.themes.set(themes)
    if sources is not None:
        partnership.sources.set(sources)
    return partnership


@transaction.atomic
def partnership_refresh_status(*, partnership: Partnership, actor: Any) -> Partnership:
    """Write the status, start and end that the partnership's events add up to.

    Raises ValidationError, writing nothing, if the events are in an impossible order.
    """
    derived = derive_status(partnership.events.all())
    changed = {
        name: getattr(derived, name)
        for name in ("status", "started", "ended")
        if getattr(partnership, name) != getattr(derived, name)
    }
    if changed:
        record_update(
            instance=partnership,
            actor=actor,
            expected_version=partnership.version,
            changes=changed,
        )
    return partnership


@transaction.atomic
def partnership_add_event(
    *,
    partnership: Partnership,
    actor: Any,
    kind: str,
    date: str,
    expected_version: int | None = None,
    **fields: Any,
) -> PartnershipEvent:
    """Record a dated event in a partnership's life and derive its new status.

    With `expected_version`, refuse if the partnership changed since it was read.
    """
    # Lock the partnership row so two events recorded at once are ordered.
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(partnership)
    event = PartnershipEvent(partnership=locked, kind=kind, date=date, **fields)
    event.full_clean()
    derive_status([*locked.events.all(), event])
    record_create(instance=event, actor=actor)
    partnership_refresh_status(partnership=locked, actor=actor)
    partnership.refresh_from_db()
    return event


def partnership_terminate(
    *,
    partnership: Partnership,
    actor: Any,
    on: str,
    decided_by: str,
    reference: str = "",
    reason: str = "",
    expected_version: int | None = None,
    **fields: Any,
) -> PartnershipEvent:
    """End a partnership by a dated decision ("City Council, 9 March 2022")."""
    return partnership_add_event(
        partnership=partnership,
        actor=actor,
        kind=EventKind.TERMINATED,
        date=on,
        decided_by=decided_by,
        reference=reference,
        reason=reason,
        expected_version=expected_version,
        **fields,
    )


@transaction.atomic
def partnership_event_update(
    *, event: PartnershipEvent, actor: Any, expected_version: int, **changes: Any
) -> PartnershipEvent:
    """Correct an event (its date, say) and derive the partnership's status anew."""
    record_update(
        instance=event, actor=actor, expected_version=expected_version, changes=changes
    )
    partnership_refresh_status(partnership=event.partnership, actor=actor)
    return event


@transaction.atomic
def partnership_event_delete(*, event: PartnershipEvent, actor: Any) -> None:
    """Remove an event recorded in error and derive the partnership's status anew."""
    partnership = event.partnership
    event._history_user = actor  # type: ignore[attr-defined]
    event.delete()
    partnership_refresh_status(partnership=partnership, actor=actor)


def agreement_create(*, actor: Any, **fields: Any) -> Agreement:
    """Record an agreement under a partnership."""
    return record_create(instance=Agreement(**fields), actor=actor)


def agreement_update(
    *, agreement: Agreement, actor: Any, expected_version: int, **changes: Any
) -> Agreement:
    """Change an agreement, unless someone changed it since `expected_version`."""
    return record_update(
        instance=agreement,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


@transaction.atomic
def network_membership_create(*, actor: Any, **fields: Any) -> NetworkMembership:
    """Record a home municipality's membership of a network."""
    sources = fields.pop("sources", None)
    membership = record_create(instance=NetworkMembership(**fields), actor=actor)
    if sources is not None:
        membership.sources.set(sources)
    return membership
