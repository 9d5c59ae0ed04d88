"""Writes to contact persons, and their export and erasure.

Personal data: every change, export and erasure is written to the access log.
Deleting a contact person is erasing them (GDPR Art. 17): their earlier versions go
too, and the access log keeps only that it happened.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypedDict

from django.db.models import Q
from typing_extensions import Unpack

from twinning.contacts.models import ContactPerson
from twinning.core.models import AccessAction
from twinning.core.services import (
    Actor,
    access_log_of,
    access_log_pseudonymise,
    access_log_record,
    record_create,
    record_update,
    register_writer,
    service,
)
from twinning.places.models import Municipality, Organisation

# The stand-in's stored name; it is shown translated (`ContactPerson.__str__`).
ERASED_NAME = "erased person"
# Shorter texts (initials, a country code) name no one and are left alone.
MIN_MENTION = 3


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


def _log(
    contact: ContactPerson, *, actor: Actor, action: AccessAction, detail: str = ""
) -> None:
    """Write what was done with a contact person's data to the access log."""
    access_log_record(
        actor=actor,
        action=action,
        model=ContactPerson,
        municipality=contact.municipality,
        object_id=contact.pk,
        detail=detail,
    )


@service
def contact_create(*, actor: Actor, **fields: Unpack[ContactFields]) -> ContactPerson:
    """Record a contact person, with the legal basis and retention date."""
    contact = record_create(
        ContactPerson, actor=actor, fields=fields, fields_type=ContactFields
    )
    _log(contact, actor=actor, action=AccessAction.CHANGE, detail="created")
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
    detail = ", ".join(sorted(changes))
    _log(contact, actor=actor, action=AccessAction.CHANGE, detail=detail)
    return contact


@service
def contact_export(*, contact: ContactPerson, actor: Actor) -> dict[str, Any]:
    """Return all the register holds on a contact person (GDPR Art. 15), and log it."""
    _log(contact, actor=actor, action=AccessAction.EXPORT)
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
        # Who read, searched, exported or changed the person's data, and when.
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "who": entry.actor_name,
                "action": entry.action,
                "detail": entry.detail,
            }
            for entry in access_log_of(model=ContactPerson, object_id=contact.pk)
        ],
    }


def erased_person(municipality: Municipality) -> ContactPerson:
    """Return the municipality's stand-in for erased people, made the first time."""
    placeholder = ContactPerson.objects.filter(
        municipality=municipality, is_erased_person=True
    ).first()
    if placeholder is None:
        placeholder = ContactPerson(
            municipality=municipality,
            name=ERASED_NAME,
            retain_until=dt.date.max,
            is_erased_person=True,
        )
        placeholder.save()
    return placeholder


@service
def contact_erase(*, contact: ContactPerson, actor: Actor) -> None:
    """Erase a contact person and every earlier version of their data (GDPR Art. 17).

    Where they took part in an activity or held a post, the municipality's
    "erased person" takes their place, so that counts stay right. The back
    office's log names them no more, and the searches in the access log that
    could name them are pseudonymised; the access log keeps that an erasure
    happened, by whom, but not the data.
    """
    if contact.is_erased_person:
        return
    contact_id = contact.pk
    municipality = contact.municipality
    texts = [contact.name, contact.email, contact.phone]
    placeholder = erased_person(municipality)
    contact.activity_participations.update(contact=placeholder)  # type: ignore[attr-defined]
    contact.post_holdings.update(contact=placeholder)  # type: ignore[attr-defined]
    contact.history.all().delete()
    contact.delete()
    ContactPerson.history.filter(id=contact_id).delete()
    admin_log_pseudonymise(model=ContactPerson, object_id=contact_id, texts=texts)
    access_log_pseudonymise(model=ContactPerson, texts=texts)
    access_log_record(
        actor=actor,
        action=AccessAction.ERASE,
        model=ContactPerson,
        municipality=municipality,
        object_id=contact_id,
    )


def admin_log_pseudonymise(
    *, model: type[ContactPerson], object_id: int, texts: list[str]
) -> int:
    """Put "erased person" for the person in the back office's log; return how many.

    The entries about the record lose its name; entries about other records (an
    activity whose participant they were) lose every mention of their name, e-mail
    or phone.
    """
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    changed = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(object_id),
    ).update(object_repr=ERASED_NAME)
    for text in identifying(texts):
        mentions = LogEntry.objects.filter(
            Q(object_repr__icontains=text) | Q(change_message__icontains=text)
        )
        for entry in mentions:
            entry.object_repr = without(entry.object_repr, text)
            entry.change_message = without(entry.change_message, text)
            entry.save(update_fields=["object_repr", "change_message"])
            changed += 1
    return changed


def identifying(texts: list[str]) -> list[str]:
    """Return the texts that name a person, longest first (so a name goes whole)."""
    return sorted(
        {text.strip() for text in texts if len(text.strip()) >= MIN_MENTION},
        key=len,
        reverse=True,
    )


def without(text: str, mention: str) -> str:
    """Return `text` with every mention (any case) replaced by "erased person"."""
    return re.sub(re.escape(mention), ERASED_NAME, text, flags=re.IGNORECASE)


register_writer(
    ContactPerson,
    create=contact_create,
    update=contact_update,
    delete=contact_erase,
    fields_type=ContactFields,
    instance="contact",
)


@service
def contacts_past_retention_erase(*, today: dt.date, actor: Actor = None) -> int:
    """Erase every contact person whose retention date has passed; return how many."""
    erased = 0
    for contact in ContactPerson.objects.past_retention(today).order_by("pk"):
        contact_erase(contact=contact, actor=actor)
        erased += 1
    return erased
