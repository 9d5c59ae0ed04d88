"""Writes to activities: delegation visits, exchanges, meetings and their follow-ups."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twinning.activities.models import Activity, FollowUp, Participant
from twinning.core.services import record_create, record_update


@transaction.atomic
def activity_create(
    *, actor: Any, participants: list[dict[str, Any]] | None = None, **fields: Any
) -> Activity:
    """Record an activity, with who took part in it."""
    sources = fields.pop("sources", None)
    activity = record_create(instance=Activity(**fields), actor=actor)
    for participant in participants or []:
        record_create(
            instance=Participant(activity=activity, **participant), actor=actor
        )
    if sources is not None:
        activity.sources.set(sources)
    return activity


def activity_update(
    *, activity: Activity, actor: Any, expected_version: int, **changes: Any
) -> Activity:
    """Change an activity, unless someone changed it since `expected_version`."""
    return record_update(
        instance=activity,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )


def follow_up_create(*, actor: Any, **fields: Any) -> FollowUp:
    """Note something agreed at an activity that someone is to do."""
    return record_create(instance=FollowUp(**fields), actor=actor)
