"""Reads of contact persons: personal data, for staff only, each read logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from twinning.contacts.models import ContactPerson
from twinning.places.models import Municipality


def contacts_of(*, municipality: Municipality) -> QuerySet[ContactPerson]:
    """Return the municipality's contact persons, by name (no erased stand-in).

    The caller logs the read (`core.services.access_log_record`): what it shows
    of them, and to whom, is the face's to say.
    """
    return (
        ContactPerson.objects.for_municipality(municipality)
        .filter(is_erased_person=False)
        .select_related("organisation")
        .order_by("name", "id")
    )


def contacts_past_retention(
    *, municipalities: Iterable[Municipality], today: dt.date
) -> QuerySet[ContactPerson]:
    """Return the contact persons whose data was to be erased before today.

    The caller logs the read, as for `contacts_of`.
    """
    return (
        ContactPerson.objects.for_municipalities(municipalities)
        .filter(retain_until__lt=today)
        .select_related("organisation")
        .order_by("retain_until", "name", "id")
    )
