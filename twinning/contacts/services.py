"""Writes to contact persons, and their export and erasure.

Personal data: every change, export and erasure is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from twinning.contacts.models import ContactPerson
from twinning.core.models import AccessAction
from twinning.core.services import access_log_record, record_create, record_update


@transaction.atomic
def contact_create(*, actor: Any, **fields: Any) -> ContactPerson:
    """Record a contact person, with the legal basis and retention date."""
    contact = record_create(instance=ContactPerson(**fields), actor=actor)
    access_log_record(
        actor=actor,
        action=AccessAction.CHANGE,
        model=ContactPerson,
        object_id=contact.pk,
        detail="created",
    )
    return contact


@transaction.atomic
def contact_update(
    *, contact: ContactPerson, actor: Any, expected_version: int, **changes: Any
) -> ContactPerson:
    """Change a contact person, unless someone changed them since it was read."""
    record_update(
        instance=contact,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
    )
    access_log_record(
        actor=actor,
        action=AccessAction.CHANGE,
        model=ContactPerson,
        object_id=contact.pk,
        detail=", ".join(sorted(changes)),
    )
    return contact


@transaction.atomic
def contact_export(*, contact: ContactPerson, actor: Any) -> dict[str, Any]:
    """Return all the register holds on a contact person (GDPR Art. 15), and log it."""
    access_log_record(
        actor=actor,
        action=AccessAction.EXPORT,
        model=ContactPerson,
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
            for participation in contact.activity_participations.select_related(
                "activity"
            )
        ],
        "posts": [str(holding.post) for holding in contact.post_holdings.all()],
        "history": [
            {"changed": record.history_date.isoformat(), "name": record.name}
            for record in contact.history.all()
        ],
    }


@transaction.atomic
def contact_erase(*, contact: ContactPerson, actor: Any) -> None:
    """Erase a contact person and every earlier version of their data (GDPR Art. 17).

    The access log keeps that an erasure happened, by whom, but not the data.
    """
    contact_id = contact.pk
    contact.history.all().delete()
    contact.delete()
    ContactPerson.history.filter(id=contact_id).delete()
    access_log_record(
        actor=actor,
        action=AccessAction.ERASE,
        model=ContactPerson,
        object_id=contact_id,
    )
