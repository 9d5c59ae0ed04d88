"""Writes to partnerships: their fields, dated events (termination too), agreements,
network memberships, themes and groups.

A partnership's status is written only here, from its events: every service that
adds, corrects or removes an event derives the status, start and end anew and
refuses an impossible order of events, writing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypedDict

from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from typing_extensions import Unpack

from twinning.core.models import Source, field_error
from twinning.core.services import (
    Actor,
    StaleVersionError,
    record_create,
    record_delete,
    record_update,
    register_writer,
    service,
)
from twinning.partnerships.choices import EventKind, PartnershipKind
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    PartnerProfile,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
    Theme,
    derive_status,
)
from twinning.places.models import Municipality, Organisation, Place


class ThemeFields(TypedDict, total=False):
    slug: str
    name: str
    name_da: str
    name_en: str


class PartnershipGroupFields(TypedDict, total=False):
    slug: str
    name: str
    name_da: str
    name_en: str
    description: str
    description_da: str
    description_en: str
    order: int


class PartnershipFields(TypedDict, total=False):
    municipality: Municipality
    slug: str
    partner_place: Place | None
    partner_organisation: Organisation | None
    kind: str
    group: PartnershipGroup | None
    themes: Iterable[Theme]
    description: str
    description_da: str
    description_en: str
    internal_note: str
    is_public: bool
    sources: Iterable[Source]


class EventDetails(TypedDict, total=False):
    """What an event says besides its kind and date: the decision and its source."""

    decided_by: str
    decided_by_da: str
    decided_by_en: str
    reference: str
    reason: str
    reason_da: str
    reason_en: str
    internal_reason: str
    note: str
    note_da: str
    note_en: str
    source: Source | None


class TerminationDetails(TypedDict, total=False):
    """What a termination says besides its date, decision and reason."""

    decided_by_da: str
    decided_by_en: str
    reason_da: str
    reason_en: str
    internal_reason: str
    note: str
    note_da: str
    note_en: str
    source: Source | None


class EventFields(EventDetails, total=False):
    partnership: Partnership
    kind: str
    date: str
    kind_before: str
    kind_after: str


class AgreementFields(TypedDict, total=False):
    partnership: Partnership
    kind: str
    title: str
    title_da: str
    title_en: str
    signed_on: str
    signatories: str
    topics: str
    topics_da: str
    topics_en: str
    valid_from: str
    valid_until: str
    document: FieldFile | None
    document_url: str
    decided_by: str
    decided_by_da: str
    decided_by_en: str
    decision_reference: str
    is_public: bool
    source: Source | None


class NetworkMembershipFields(TypedDict, total=False):
    municipality: Municipality
    network: Organisation
    since: str
    until: str
    role: str
    role_da: str
    role_en: str
    description: str
    description_da: str
    description_en: str
    is_public: bool
    sources: Iterable[Source]


# -- themes and groups ----------------------------------------------------------------


@service
def theme_create(*, actor: Actor, **fields: Unpack[ThemeFields]) -> Theme:
    """Add a theme that partnerships and funding calls can be tagged with."""
    return record_create(Theme, actor=actor, fields=fields, fields_type=ThemeFields)


@service
def theme_update(
    *, theme: Theme, actor: Actor, expected_version: int, **changes: Unpack[ThemeFields]
) -> Theme:
    """Rename a theme."""
    return record_update(
        theme,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ThemeFields,
    )


@service
def theme_delete(*, theme: Theme, actor: Actor) -> None:
    """Remove a theme; the records tagged with it lose the tag."""
    record_delete(theme, actor=actor)


@service
def partnership_group_create(
    *, actor: Actor, **fields: Unpack[PartnershipGroupFields]
) -> PartnershipGroup:
    """Add a group the public pages show together ("Nordic sister cities")."""
    return record_create(
        PartnershipGroup, actor=actor, fields=fields, fields_type=PartnershipGroupFields
    )


@service
def partnership_group_update(
    *,
    partnership_group: PartnershipGroup,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PartnershipGroupFields],
) -> PartnershipGroup:
    """Rename, describe or reorder a group of partnerships."""
    return record_update(
        partnership_group,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PartnershipGroupFields,
    )


@service
def partnership_group_delete(
    *, partnership_group: PartnershipGroup, actor: Actor
) -> None:
    """Remove a group; its partnerships stay, in no group."""
    record_delete(partnership_group, actor=actor)


# -- partnerships ---------------------------------------------------------------------


@service
def partnership_create(
    *, actor: Actor, **fields: Unpack[PartnershipFields]
) -> Partnership:
    """Create a partnership; its status follows once events are added."""
    return record_create(
        Partnership, actor=actor, fields=fields, fields_type=PartnershipFields
    )


@service
def partnership_update(
    *,
    partnership: Partnership,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PartnershipFields],
) -> Partnership:
    """Change a partnership's fields, unless someone changed it since it was read.

    The status is not among the fields that can be changed: it follows from events.
    """
    return record_update(
        partnership,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PartnershipFields,
    )


@service
def partnership_delete(*, partnership: Partnership, actor: Actor) -> None:
    """Remove a partnership recorded in error, with its events and agreements.

    A partnership that has ended is terminated (`partnership_terminate`), not
    deleted: its history is part of the register.
    """
    record_delete(partnership, actor=actor)


def _derive_and_write_status(*, partnership: Partnership, actor: Actor) -> None:
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
        # The status is no field a caller may write: no fields_type here.
        record_update(
            partnership,
            actor=actor,
            expected_version=partnership.version,
            changes=changed,
        )


def _locked(partnership: Partnership, expected_version: int | None) -> Partnership:
    """Lock the partnership's row so that events recorded at once are ordered."""
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(partnership)
    return locked


@service
def partnership_add_event(
    *,
    partnership: Partnership,
    actor: Actor,
    kind: str,
    date: str,
    expected_version: int | None = None,
    **details: Unpack[EventDetails],
) -> PartnershipEvent:
    """Record a dated event in a partnership's life and derive its new status.

    With `expected_version`, refuse if the partnership changed since it was read.
    """
    return partnership_events_change(
        partnership=partnership,
        actor=actor,
        expected_version=expected_version,
        add=[EventFields(kind=kind, date=date, **details)],
    )[0]


@service
def partnership_events_change(
    *,
    partnership: Partnership,
    actor: Actor,
    add: Sequence[EventFields] = (),
    change: Sequence[tuple[PartnershipEvent, int, EventFields]] = (),
    remove: Sequence[PartnershipEvent] = (),
    expected_version: int | None = None,
) -> list[PartnershipEvent]:
    """Add, correct and remove several events at once, then derive the status once.

    Events are judged together, not one by one: a file or a form that adds a
    partnership's establishment and its termination may list them in any order.
    `change` holds (event, the version it was read at, the changes). Returns the
    events added. Refuses everything if the events together are impossible.
    """
    locked = _locked(partnership, expected_version)
    for event in remove:
        record_delete(event, actor=actor)
    for event, version, changes in change:
        record_update(
            event,
            actor=actor,
            expected_version=version,
            changes=changes,
            fields_type=EventFields,
        )
    added: list[PartnershipEvent] = []
    for fields in sorted(add, key=lambda event: event.get("date", "")):
        fields = {**fields, "partnership": locked}
        event = PartnershipEvent(**fields)
        event.full_clean()
        # Check the order before saving, so the message names this event; the
        # events added before it are saved, and among the partnership's.
        derive_status([*locked.events.all(), event])
        added.append(
            record_create(
                PartnershipEvent, actor=actor, fields=fields, fields_type=EventFields
            )
        )
    _derive_and_write_status(partnership=locked, actor=actor)
    partnership.refresh_from_db()
    return added


@service
def partnership_terminate(
    *,
    partnership: Partnership,
    actor: Actor,
    on: str,
    decided_by: str,
    reference: str = "",
    reason: str = "",
    expected_version: int | None = None,
    **details: Unpack[TerminationDetails],
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
        **details,
    )


@service
def partnership_promote(
    *,
    partnership: Partnership,
    actor: Actor,
    to_kind: str = PartnershipKind.SISTER_CITY,
    on: str,
    decided_by: str,
    reference: str = "",
    expected_version: int | None = None,
    agreement: AgreementFields | None = None,
    **details: Unpack[TerminationDetails],
) -> PartnershipEvent:
    """Make a partnership another kind (a cooperation a sister city) by a dated
    decision, and record the agreement signed with it, if any.

    The change is an event ("changed kind", with the decision) so that the
    partnership's history says since when it has been each kind; the status is
    kept. Refused, with nothing written, when the partnership is that kind
    already, has ended, or the municipality has that kind of partnership with
    the partner already.
    """
    locked = _locked(partnership, expected_version)
    if locked.kind == to_kind:
        raise field_error(
            "to_kind",
            _("The partnership is a %(kind)s already.")
            % {"kind": PartnershipKind(to_kind).label},
            "kind_unchanged",
        )
    if not decided_by.strip():
        raise field_error(
            "decided_by", _("Say who decided the change."), "decision_missing"
        )
    event = partnership_events_change(
        partnership=locked,
        actor=actor,
        add=[
            EventFields(
                kind=EventKind.KIND_CHANGED,
                date=on,
                decided_by=decided_by,
                reference=reference,
                kind_before=locked.kind,
                kind_after=to_kind,
                **details,
            )
        ],
    )[0]
    locked.refresh_from_db()
    record_update(
        locked,
        actor=actor,
        expected_version=locked.version,
        changes={"kind": to_kind},
        fields_type=PartnershipFields,
    )
    if agreement is not None:
        signed: AgreementFields = {
            "decided_by_da": details.get("decided_by_da") or decided_by,
            "decided_by_en": details.get("decided_by_en") or decided_by,
            "decision_reference": reference,
            **agreement,
            "partnership": locked,
        }
        agreement_create(actor=actor, **signed)
    partnership.refresh_from_db()
    return event


@service
def partnership_event_update(
    *,
    event: PartnershipEvent,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[EventFields],
) -> PartnershipEvent:
    """Correct an event (its date, say) and derive the partnership's status anew."""
    partnership_events_change(
        partnership=event.partnership,
        actor=actor,
        change=[(event, expected_version, changes)],
    )
    return event


@service
def partnership_event_delete(*, event: PartnershipEvent, actor: Actor) -> None:
    """Remove an event recorded in error and derive the partnership's status anew."""
    partnership_events_change(
        partnership=event.partnership, actor=actor, remove=[event]
    )


# -- agreements and network memberships -------------------------------------------


@service
def agreement_create(*, actor: Actor, **fields: Unpack[AgreementFields]) -> Agreement:
    """Record an agreement under a partnership."""
    return record_create(
        Agreement, actor=actor, fields=fields, fields_type=AgreementFields
    )


@service
def agreement_update(
    *,
    agreement: Agreement,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[AgreementFields],
) -> Agreement:
    """Change an agreement, unless someone changed it since `expected_version`."""
    return record_update(
        agreement,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=AgreementFields,
    )


@service
def agreement_delete(*, agreement: Agreement, actor: Actor) -> None:
    """Remove an agreement recorded in error."""
    record_delete(agreement, actor=actor)


@service
def network_membership_create(
    *, actor: Actor, **fields: Unpack[NetworkMembershipFields]
) -> NetworkMembership:
    """Record a home municipality's membership of a network."""
    return record_create(
        NetworkMembership,
        actor=actor,
        fields=fields,
        fields_type=NetworkMembershipFields,
    )


@service
def network_membership_update(
    *,
    network_membership: NetworkMembership,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[NetworkMembershipFields],
) -> NetworkMembership:
    """Change a membership: its dates, role or description."""
    return record_update(
        network_membership,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=NetworkMembershipFields,
    )


@service
def network_membership_delete(
    *, network_membership: NetworkMembership, actor: Actor
) -> None:
    """Remove a membership recorded in error (one that ended gets its end date)."""
    record_delete(network_membership, actor=actor)


class PartnerProfileFields(TypedDict, total=False):
    municipality: Municipality
    is_published: bool
    description: str
    description_da: str
    description_en: str
    themes: Iterable[Theme]
    languages: str
    size: str
    exchange_kinds: list[str]


@service
def partner_profile_create(
    *, actor: Actor, **fields: Unpack[PartnerProfileFields]
) -> PartnerProfile:
    """Record what partners a home municipality seeks (published or not yet)."""
    return record_create(
        PartnerProfile, actor=actor, fields=fields, fields_type=PartnerProfileFields
    )


@service
def partner_profile_update(
    *,
    partner_profile: PartnerProfile,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[PartnerProfileFields],
) -> PartnerProfile:
    """Change a seeking-partners profile, or publish or withdraw it."""
    return record_update(
        partner_profile,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=PartnerProfileFields,
    )


@service
def partner_profile_delete(*, partner_profile: PartnerProfile, actor: Actor) -> None:
    """Remove a seeking-partners profile: the municipality seeks no partners."""
    record_delete(partner_profile, actor=actor)


register_writer(
    Theme,
    create=theme_create,
    update=theme_update,
    delete=theme_delete,
    fields_type=ThemeFields,
)
register_writer(
    PartnershipGroup,
    create=partnership_group_create,
    update=partnership_group_update,
    delete=partnership_group_delete,
    fields_type=PartnershipGroupFields,
    instance="partnership_group",
)
register_writer(
    Partnership,
    create=partnership_create,
    update=partnership_update,
    delete=partnership_delete,
    fields_type=PartnershipFields,
)
register_writer(
    PartnershipEvent,
    create=partnership_add_event,
    update=partnership_event_update,
    delete=partnership_event_delete,
    fields_type=EventFields,
    instance="event",
)
register_writer(
    Agreement,
    create=agreement_create,
    update=agreement_update,
    delete=agreement_delete,
    fields_type=AgreementFields,
)
register_writer(
    NetworkMembership,
    create=network_membership_create,
    update=network_membership_update,
    delete=network_membership_delete,
    fields_type=NetworkMembershipFields,
    instance="network_membership",
)
register_writer(
    PartnerProfile,
    create=partner_profile_create,
    update=partner_profile_update,
    delete=partner_profile_delete,
    fields_type=PartnerProfileFields,
    instance="partner_profile",
)
