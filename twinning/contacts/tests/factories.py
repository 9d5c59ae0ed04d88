"""Contact persons, made through their service."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from twinning.contacts.models import ContactPerson
from twinning.core.tests.factories import ServiceFactory
from twinning.places.tests.factories import home


class ContactFactory(ServiceFactory):
    """A contact person of Aarhus's, kept for a year."""

    class Meta:
        model = ContactPerson

    municipality = factory.LazyFunction(home)
    name = factory.Sequence(lambda n: f"Kirsten Kontakt {n}")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "+45 89 40 20 00"
    retain_until = factory.LazyFunction(
        lambda: timezone.localdate() + dt.timedelta(days=365)
    )
