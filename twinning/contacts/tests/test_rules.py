"""Contact persons: never public, every touch logged, erasure without a trace."""

from __future__ import annotations

import pytest

from twinning.contacts.models import ContactPerson
from twinning.contacts.selectors import contacts_of
from twinning.contacts.services import contact_erase, contact_export, contact_update
from twinning.contacts.tests.factories import ContactFactory
from twinning.core.models import AccessAction, AccessLogEntry
from twinning.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_contact_person_is_never_public(editor):
    ContactFactory(actor=editor)

    assert not ContactPerson.objects.public().exists()


def test_a_municipality_lists_only_its_own_contacts(aarhus, editor):
    ours = ContactFactory(actor=editor)
    theirs = ContactFactory(municipality=MunicipalityFactory())

    assert ours in set(contacts_of(municipality=aarhus))
    assert theirs not in set(contacts_of(municipality=aarhus))


def test_creating_changing_and_exporting_a_contact_are_logged(aarhus, editor):
    contact = ContactFactory(actor=editor, name="Kirsten Kontakt")
    contact_update(
        contact=contact,
        actor=editor,
        expected_version=contact.version,
        phone="+45 12 34 56 78",
    )
    exported = contact_export(contact=contact, actor=editor)

    log = AccessLogEntry.objects.filter(object_id=str(contact.pk), actor=editor)
    assert [entry.action for entry in log.order_by("pk")] == [
        AccessAction.CHANGE,
        AccessAction.CHANGE,
        AccessAction.EXPORT,
    ]
    assert {entry.municipality for entry in log} == {aarhus}
    assert exported["name"] == "Kirsten Kontakt"
    assert exported["phone"] == "+45 12 34 56 78"


def test_erasing_a_contact_leaves_no_earlier_version(editor):
    contact = ContactFactory(actor=editor, name="Hemmelig Person")
    contact_update(
        contact=contact,
        actor=editor,
        expected_version=contact.version,
        email="hemmelig@example.org",
    )
    contact_id = contact.pk

    contact_erase(contact=contact, actor=editor)

    assert not ContactPerson.objects.filter(pk=contact_id).exists()
    assert not ContactPerson.history.filter(id=contact_id).exists()
    assert not ContactPerson.history.filter(name="Hemmelig Person").exists()
    erasure = AccessLogEntry.objects.get(
        object_id=str(contact_id), action=AccessAction.ERASE
    )
    assert erasure.actor == editor
