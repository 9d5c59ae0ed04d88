"""Writes to activities: delegation visits, exchanges, meetings, who took part in
them and what was agreed to follow up."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.utils import timezone
from typing_extensions import Unpack

from twinning.activities.choices import FollowUpStatus
from twinning.activities.models import (
    OPEN_STATUSES,
    Activity,
    BudgetLine,
    CalendarFeed,
    FollowUp,
    Gift,
    Participant,
    ProgrammeStop,
)
from twinning.contacts.models import ContactPerson
from twinning.core.models import Source
from twinning.core.services import (
    Actor,
    record_create,
    record_create_with_parts,
    record_delete,
    record_update,
    register_writer,
    service,
)
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality, Organisation, Place
from twinning.projects.models import Project

if TYPE_CHECKING:
    from twinning.accounts.models import User


class ActivityFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    kind: str
    title: str
    title_da: str
    title_en: str
    partnership: Partnership | None
    project: Project | None
    started: str
    ended: str
    place: Place | None
    purpose: str
    purpose_da: str
    purpose_en: str
    outcome: str
    outcome_da: str
    outcome_en: str
    internal_note: str
    is_public: bool
    sources: Iterable[Source]


class ParticipantFields(TypedDict, total=False):
    activity: Activity
    organisation: Organisation | None
    contact: ContactPerson | None
    role: str
    headcount: int | None


class FollowUpFields(TypedDict, total=False):
    activity: Activity
    description: str
    responsible: User | None
    responsible_note: str
    due: dt.date | None
    status: str
    done_on: dt.date | None


class ProgrammeStopFields(TypedDict, total=False):
    activity: Activity
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    venue: str
    host: str
    description: str


class BudgetLineFields(TypedDict, total=False):
    activity: Activity
    kind: str
    description: str
    planned: Decimal | None
    actual: Decimal | None
    currency: str
    paid_by: str


class GiftFields(TypedDict, total=False):
    activity: Activity
    direction: str
    description: str
    estimated_value: Decimal | None
    currency: str
    counterpart: str
    exchanged_on: dt.date | None


@service
def activity_create(
    *,
    actor: Actor,
    participants: Sequence[ParticipantFields] = (),
    **fields: Unpack[ActivityFields],
) -> Activity:
    """Record an activity, with who took part in it."""
    return record_create_with_parts(
        Activity, actor=actor, fields=fields, parts={Participant: participants}
    )


@service
def activity_update(
    *,
    activity: Activity,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ActivityFields],
) -> Activity:
    """Change an activity, unless someone changed it since `expected_version`."""
    return record_update(
        activity,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ActivityFields,
    )


@service
def activity_delete(*, activity: Activity, actor: Actor) -> None:
    """Remove an activity recorded in error, with its participants and follow-ups."""
    record_delete(activity, actor=actor)


@service
def participant_create(
    *, actor: Actor, **fields: Unpack[ParticipantFields]
) -> Participant:
    """Add an organisation or a person to those who took part in an activity."""
    return record_create(
        Participant, actor=actor, fields=fields, fields_type=ParticipantFields
    )


@service
def participant_update(
    *,
    participant: Participant,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ParticipantFields],
) -> Participant:
    """Change a participant's role or number of people."""
    return record_update(
        participant,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ParticipantFields,
    )


@service
def participant_delete(*, participant: Participant, actor: Actor) -> None:
    """Remove a participant recorded in error."""
    record_delete(participant, actor=actor)


def _settled(
    fields: FollowUpFields, *, status: str, done_on: dt.date | None
) -> FollowUpFields:
    """Return the fields with status and done date agreeing: marked done, it was
    done today unless told; given the day it was done, it is done."""
    status = fields.get("status", status)
    done_on = fields.get("done_on", done_on)
    if status == FollowUpStatus.DONE and done_on is None:
        return {**fields, "done_on": timezone.localdate()}
    if done_on is not None and status in OPEN_STATUSES:
        if "status" in fields and "done_on" not in fields:
            return {**fields, "done_on": None}  # opened again
        return {**fields, "status": FollowUpStatus.DONE}
    return fields


@service
def follow_up_create(*, actor: Actor, **fields: Unpack[FollowUpFields]) -> FollowUp:
    """Note something agreed at an activity that someone is to do."""
    fields = _settled(fields, status=FollowUpStatus.OPEN, done_on=None)
    return record_create(
        FollowUp, actor=actor, fields=fields, fields_type=FollowUpFields
    )


@service
def follow_up_update(
    *,
    follow_up: FollowUp,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[FollowUpFields],
) -> FollowUp:
    """Change a follow-up: who, by when, or that it is done."""
    changes = _settled(changes, status=follow_up.status, done_on=follow_up.done_on)
    return record_update(
        follow_up,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=FollowUpFields,
    )


@service
def follow_up_delete(*, follow_up: FollowUp, actor: Actor) -> None:
    """Remove a follow-up recorded in error."""
    record_delete(follow_up, actor=actor)


@service
def programme_stop_create(
    *, actor: Actor, **fields: Unpack[ProgrammeStopFields]
) -> ProgrammeStop:
    """Add a dated and timed stop to a visit's programme."""
    return record_create(
        ProgrammeStop, actor=actor, fields=fields, fields_type=ProgrammeStopFields
    )


@service
def programme_stop_update(
    *,
    programme_stop: ProgrammeStop,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ProgrammeStopFields],
) -> ProgrammeStop:
    """Move a programme stop, or change its place, host or description."""
    return record_update(
        programme_stop,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ProgrammeStopFields,
    )


@service
def programme_stop_delete(*, programme_stop: ProgrammeStop, actor: Actor) -> None:
    """Take a stop off the programme."""
    record_delete(programme_stop, actor=actor)


@service
def budget_line_create(
    *, actor: Actor, **fields: Unpack[BudgetLineFields]
) -> BudgetLine:
    """Add a planned or actual cost to an activity's budget."""
    return record_create(
        BudgetLine, actor=actor, fields=fields, fields_type=BudgetLineFields
    )


@service
def budget_line_update(
    *,
    budget_line: BudgetLine,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[BudgetLineFields],
) -> BudgetLine:
    """Change a budget line: record the actual cost, or who pays."""
    return record_update(
        budget_line,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=BudgetLineFields,
    )


@service
def budget_line_delete(*, budget_line: BudgetLine, actor: Actor) -> None:
    """Remove a budget line recorded in error."""
    record_delete(budget_line, actor=actor)


@service
def gift_create(*, actor: Actor, **fields: Unpack[GiftFields]) -> Gift:
    """Register a gift given or received at an activity."""
    return record_create(Gift, actor=actor, fields=fields, fields_type=GiftFields)


@service
def gift_update(
    *,
    gift: Gift,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[GiftFields],
) -> Gift:
    """Correct an entry of the gifts register."""
    return record_update(
        gift,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=GiftFields,
    )


@service
def gift_delete(*, gift: Gift, actor: Actor) -> None:
    """Remove an entry of the gifts register recorded in error."""
    record_delete(gift, actor=actor)


@dataclass(frozen=True)
class IssuedCalendarFeed:
    """A calendar address just made, with its secret: the only time it is known."""

    feed: CalendarFeed
    secret: str


def calendar_feed_hash(secret: str) -> str:
    """Return the hex SHA-256 of a calendar address's secret, as stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


@service
def calendar_feed_create(*, user: User, name: str = "") -> IssuedCalendarFeed:
    """Make a private calendar address for a member of staff; return its secret."""
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        user=user,
        name=name,
        prefix=secret[:8],
        key_hash=calendar_feed_hash(secret),
    )
    feed.full_clean()
    feed.save(force_insert=True)
    return IssuedCalendarFeed(feed=feed, secret=secret)


@service
def calendar_feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    """End a calendar address for good; again, it changes nothing."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


register_writer(
    ProgrammeStop,
    create=programme_stop_create,
    update=programme_stop_update,
    delete=programme_stop_delete,
    fields_type=ProgrammeStopFields,
    instance="programme_stop",
)
register_writer(
    BudgetLine,
    create=budget_line_create,
    update=budget_line_update,
    delete=budget_line_delete,
    fields_type=BudgetLineFields,
    instance="budget_line",
)
register_writer(
    Gift,
    create=gift_create,
    update=gift_update,
    delete=gift_delete,
    fields_type=GiftFields,
)
register_writer(
    Activity,
    create=activity_create,
    update=activity_update,
    delete=activity_delete,
    fields_type=ActivityFields,
)
register_writer(
    Participant,
    create=participant_create,
    update=participant_update,
    delete=participant_delete,
    fields_type=ParticipantFields,
)
register_writer(
    FollowUp,
    create=follow_up_create,
    update=follow_up_update,
    delete=follow_up_delete,
    fields_type=FollowUpFields,
    instance="follow_up",
)
