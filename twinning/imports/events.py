"""The events an import adds to a partnership's history to reach a status.

A partnership's status, start and end follow from its dated events (see
`partnerships/models.py`); a table gives only those three. `plan_events` works out
which events, added after the recorded ones, lead to them: it never changes or
removes a recorded event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from twinning.partnerships.choices import EventKind, PartnershipStatus
from twinning.partnerships.models import derive_status


def _describe(status: str, started: str, ended: str) -> str:
    label = str(PartnershipStatus(status).label)
    if started or ended:
        return f"{label}, {started or '?'}–{ended}"
    return label


@dataclass(frozen=True)
class _PlannedEvent:
    """An event not yet saved, as `derive_status` reads one: kind, date, order."""

    kind: str
    date: str
    pk: int
    undated: bool


def plan_events(
    existing: Sequence[Any], *, status: str, started: str, ended: str, today: str
) -> list[tuple[str, str, bool]]:
    """Return the events (kind, date, undated) that lead from `existing` to a status.

    Only adds: raises ValidationError when no added events give the status, start
    and end asked for. An event the file gives no date for is dated `today`, or the
    latest event's date if that is later, so that it comes last.
    """
    planned: list[_PlannedEvent] = []
    after = max((event.pk or 0 for event in existing), default=0)

    def derived() -> tuple[str, str, str]:
        # derive_status reads kind, date and pk, which planned events have too.
        events: list[Any] = [*existing, *planned]
        result = derive_status(events)
        return result.status, result.started, result.ended

    def add(kind: str, date: str = "") -> None:
        undated = not date
        if undated:
            date = max([today, *(event.date for event in [*existing, *planned])])
        planned.append(_PlannedEvent(kind, date, after + len(planned) + 1, undated))

    S = PartnershipStatus
    current = derived()
    try:
        now_status, now_started, now_ended = current
        if started != now_started and started:
            add(EventKind.ESTABLISHED, started)
            now_status, now_started, now_ended = derived()
        if status == S.TERMINATED:
            if now_status != S.TERMINATED or now_ended != ended:
                if now_status == S.NONE:
                    add(EventKind.CONFIRMED, ended)
                add(EventKind.TERMINATED, ended)
        elif status in (S.LIMITED, S.SUSPENDED):
            if now_status != status:
                if now_status in (S.NONE, S.INTENT):
                    add(EventKind.CONFIRMED)
                add(EventKind(status))
        elif status == S.ACTIVE:
            if now_status in (S.LIMITED, S.SUSPENDED):
                add(EventKind.RESUMED)
            elif now_status in (S.NONE, S.INTENT):
                add(EventKind.CONFIRMED)
        elif status == S.INTENT and now_status == S.NONE:
            add(EventKind.INTENT)
        reached = derived()
    except ValidationError:
        reached = None
    if reached != (status, started, ended):
        raise ValidationError(
            _(
                "An import only adds events to a partnership's history, and no events "
                "lead from what is recorded (%(current)s) to what the file says "
                "(%(wanted)s). Correct the events in the back office."
            )
            % {
                "current": _describe(*current),
                "wanted": _describe(status, started, ended),
            },
            code="status_unreachable",
        )
    return [(event.kind, event.date, event.undated) for event in planned]
