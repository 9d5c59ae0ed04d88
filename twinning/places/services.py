"""Writes to places, organisations and home municipalities."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twinning.core.services import record_create, record_update
from twinning.places.models import Municipality, Organisation, Place, PlaceName


@transaction.atomic
def place_create(
    *, actor: Any, other_names: list[dict[str, Any]] | None = None, **fields: Any
) -> Place:
    """Create a place, with its other names."""
    sources = fields.pop("sources", None)
    place = record_create(instance=Place(**fields), actor=actor)
    for name in other_names or []:
        record_create(instance=PlaceName(place=place, **name), actor=actor)
    if sources is not None:
        place.sources.set(sources)
    return place


def place_update(
    *, place: Place, actor: Any, expected_version: int, **changes: Any
) -> Place:
    """Change a place, unless someone changed it since `expected_version`."""
    return record_update(
        instance=place, actor=actor, expected_version=expected_version, changes=changes
    )


def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    """Create an organisation."""
    return record_create(instance=Organisation(**fields), actor=actor)


def organisation_update(
    *, organisation: Organisation, actor: Any, expected_version: int, **changes: Any
) -> Organisation:
    """Change an organisation, unless someone changed it since `expected_version`."""
    return record_update(
        instance=organisation,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


def municipality_create(*, actor: Any, **fields: Any) -> Municipality:
    """Create a home municipality, whose portfolio the register can then hold."""
    return record_create(instance=Municipality(**fields), actor=actor)
