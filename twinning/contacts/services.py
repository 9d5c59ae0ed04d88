"""Writes to contact persons, and their export and erasure.

Personal data: every change, export and erasure is written to the access log.
Deleting a contact person is erasing them (GDPR Art. 17): their earlier versions go
too, and the access log keeps only that it happened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from typing_extensions import Unpack

from twinning.contacts.models import ContactPerson
from twinning.core.models import AccessAction
from twinning.core.services import (
    Actor,
    access_log_record,
    record_create,
    record_update,
    register_writer,
    service,
)
from twinning.places.models import Municipality, Organisation


class ContactFields(TypedDict, total=False):
    municipality: Municipality
    name: str
    organisation: Organisation | None
    job_title: str
    email: str
    phone: str
    languages: str
    legal_basis: str
    source: str
    retain_until: dt.date


@service
def contact_create(*, actor: Actor, **fields: Unpack[ContactFields]) -> ContactPerson:
    """Record a contact person, with the legal basis and retention date."""
    contact = record_create(
        ContactPerson, actor=actor, fields=fields, fields_type=ContactFields
    )
    access_log_record(
        actor=actor,
        action=AccessAction.CHANGE,
        model=ContactPerson,
        municipality=contact.municipality,
        object_id=contact.pk,
        detail="created",
    )
    return contact


@service
def contact_update(
    *,
    contact: ContactPerson,
    actor: Actor,
    expected_version: int,
    **changes: Unpack[ContactFields],
) -> ContactPerson:
    """Change a contact person, unless someone changed them since it was read."""
    record_update(
        contact,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        fields_type=ContactFields,
    )
    access_log_record(
        actor=actor,
        action=AccessAction.CHANGE,
        model=ContactPerson,
        municipality=contact.municipality,
        object_id=contact.pk,
        detail=", ".join(sorted(changes)),
    )
    return contact


@service
def contact_export(*, contact: ContactPerson, actor: Actor) -> dict[str, Any]:
    """Return all the register holds on a contact person (GDPR Art. 15), and log it."""
    access_log_record(
        actor=actor,
        action=AccessAction.EXPORT,
        model=ContactPerson,
        municipality=contact.municipality,
        object_id=contact.pk,
    )
    return {
        "name": contact.name,
        "organisation": str(contact.organisation or ""),
        "job_title": contact.job_title,
        "email": contact.email,
        "phone": contact.phone,
        "languages": contact.languages,
        "legal_basis": contact.get_legal_basis_display(),
        "source": contact.source,
        "retain_until": contact.retain_until.isoformat(),
        "activities": [
            str(participation.activity)
            for participation in contact.activity_participations.select_related(  # type: ignore[attr-defined]
                "activity"
            )
        ],
        "posts": [str(holding.post) for holding in contact.post_holdings.all()],
        "history": [
            {"changed": record.history_date.isoformat(), "name": record.name}
            for record in contact.history.all()
        ],
    }


@service
def contact_erase(*, contact: ContactPerson, actor: Actor) -> None:
    """Erase a contact person and every earlier version of their data (GDPR Art. 17).

    The access log keeps that an erasure happened, by whom, but not the data.
    """
    contact_id = contact.pk
    municipality = contact.municipality
    contact.history.all().delete()
    contact.delete()
    ContactPerson.history.filter(id=contact_id).delete()
    access_log_record(
        actor=actor,
        action=AccessAction.ERASE,
        model=ContactPerson,
        municipality=municipality,
        object_id=contact_id,
    )


register_writer(
    ContactPerson,
    create=contact_create,
    update=contact_update,
    delete=contact_erase,
    fields_type=ContactFields,
    instance="contact",
)
