"""Contact persons: minimal personal data, with its legal basis and retention date.

Every read, search, export, change and erasure of a contact person is written to the
access log (`core.AccessLogEntry`) by the contact services and the back office.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.contacts.choices import LegalBasis
from twinning.core.fields import municipality_field
from twinning.core.models import DomainModel
from twinning.core.querysets import RegisterQuerySet

# What an erased person is called wherever they were (a participant, a post holder,
# the admin's log).
ERASED_PERSON = _("erased person")


class ContactPersonQuerySet(RegisterQuerySet["ContactPerson"]):
    """Contact persons are personal data: never public."""

    never_public = True

    def people(self) -> ContactPersonQuerySet:
        """Return the contact persons, without the stand-ins for erased people."""
        return self.filter(is_erased_person=False)

    def past_retention(self, today: dt.date) -> ContactPersonQuerySet:
        """Return the people whose data was to be kept until before `today`."""
        return self.people().filter(retain_until__lt=today)


class ContactPerson(DomainModel):
    """A person the international office deals with, at a partner or elsewhere."""

    municipality = municipality_field(related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("ISO 639 codes separated by commas, such as da, en, de."),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=10,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
    )
    source = models.CharField(_("where the data came from"), max_length=300, blank=True)
    retain_until = models.DateField(
        _("keep until"), help_text=_("Erase the contact person's data after this date.")
    )
    # The one stand-in per municipality for the people erased from it: their places
    # as participants and post holders go to it, so counts stay right.
    is_erased_person = models.BooleanField(
        _("erased person"), default=False, editable=False
    )
    history = HistoricalRecords()

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        permissions = [
            ("view_contact_details", _("Can see contact persons' e-mail and phone")),
        ]

    def __str__(self) -> str:
        return str(ERASED_PERSON) if self.is_erased_person else self.name
