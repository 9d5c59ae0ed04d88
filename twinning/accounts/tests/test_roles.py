"""What each role may do in the back office, tried through the admin's own pages.

administrator: everything, users included; editor: the register, but not users or
the access log; viewer: reads the register, without contact persons' e-mail and
phone. Every read of a contact person is written to the access log.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from twinning.accounts.models import User
from twinning.contacts.models import ContactPerson
from twinning.contacts.services import contact_create
from twinning.core.models import AccessAction, AccessLogEntry
from twinning.core.tests.test_admin_pages import change_form_data, in_language
from twinning.partnerships.models import Partnership
from twinning.places.models import Municipality
from twinning.results.models import Result

pytestmark = pytest.mark.django_db

EMAIL = "ingrid.holm@example.org"
PHONE = "+45 87 65 43 21"
ROLES = ["administrator", "editor", "viewer"]


@pytest.fixture
def contact(administrator: User, aarhus: Municipality) -> ContactPerson:
    return contact_create(
        actor=administrator,
        municipality=aarhus,
        name="Ingrid Holm",
        job_title="International coordinator",
        email=EMAIL,
        phone=PHONE,
        retain_until=datetime.date(2030, 12, 31),
    )


@pytest.fixture
def partnership() -> Partnership:
    return Partnership.objects.order_by("pk").first()


def url(name: str, *args: Any) -> str:
    return reverse(f"admin:{name}", args=args)


def persona(request: pytest.FixtureRequest, role: str) -> tuple[User, Client]:
    return request.getfixturevalue(role), request.getfixturevalue(f"{role}_client")


def log_entries_since(count: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.order_by("id")[count:])


# --- Anonymous visitors -------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["partnerships_partnership_changelist", "contacts_contactperson_changelist"]
)
def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(
    client: Client, contact: ContactPerson, page: str
) -> None:
    logged = AccessLogEntry.objects.count()

    response = client.get(url(page))

    assert response.status_code == 302
    assert response["Location"].startswith(url("login"))
    assert AccessLogEntry.objects.count() == logged


# --- Viewers read the register and change nothing -----------------------------------


def test_a_viewer_can_see_the_partnership_list(viewer_client: Client) -> None:
    response = viewer_client.get(url("partnerships_partnership_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == Partnership.objects.count()


def test_a_viewer_can_see_a_partnership_but_is_offered_no_save(
    viewer_client: Client, partnership: Partnership
) -> None:
    response = viewer_client.get(url("partnerships_partnership_change", partnership.pk))

    assert response.status_code == 200
    assert response.context["original"] == partnership
    assert 'name="_save"' not in response.content.decode()


def test_a_viewer_cannot_add_a_partnership(
    viewer_client: Client, administrator_client: Client, aarhus: Municipality
) -> None:
    data = change_form_data(
        administrator_client.get(url("partnerships_partnership_add"))
    )
    data.update(
        municipality=[str(aarhus.pk)], kind=["cooperation"], slug=["viewer-added"]
    )
    partnerships = Partnership.objects.count()

    page = viewer_client.get(url("partnerships_partnership_add"))
    response = viewer_client.post(url("partnerships_partnership_add"), data)

    assert page.status_code == 403
    assert response.status_code == 403
    assert Partnership.objects.count() == partnerships


def test_a_viewer_cannot_change_a_partnership(
    viewer_client: Client, administrator_client: Client, partnership: Partnership
) -> None:
    change = url("partnerships_partnership_change", partnership.pk)
    data = change_form_data(administrator_client.get(change))
    data["internal_note"] = ["Changed by a viewer."]

    response = viewer_client.post(change, data)

    assert response.status_code == 403
    stored = Partnership.objects.get(pk=partnership.pk)
    assert (stored.version, stored.internal_note) == (
        partnership.version,
        partnership.internal_note,
    )


def test_a_viewer_cannot_change_a_partnership_through_its_history_page(
    viewer_client: Client, partnership: Partnership
) -> None:
    version = partnership.history.order_by("-history_id").first()
    page = url(
        "partnerships_partnership_simple_history", partnership.pk, version.history_id
    )
    data = change_form_data(viewer_client.get(page))
    data["internal_note"] = ["Changed by a viewer."]

    response = viewer_client.post(page, data)

    stored = Partnership.objects.get(pk=partnership.pk)
    assert (stored.version, stored.internal_note) == (
        partnership.version,
        partnership.internal_note,
    )
    assert response.status_code == 403


def test_a_viewer_cannot_delete_a_partnership(
    viewer_client: Client, partnership: Partnership
) -> None:
    delete = url("partnerships_partnership_delete", partnership.pk)

    page = viewer_client.get(delete)
    response = viewer_client.post(delete, {"post": "yes"})

    assert page.status_code == 403
    assert response.status_code == 403
    assert Partnership.objects.filter(pk=partnership.pk).exists()


# --- Contact persons' e-mail and phone ----------------------------------------------


def test_a_viewer_sees_contacts_in_the_list_without_their_email_or_phone(
    viewer_client: Client, contact: ContactPerson
) -> None:
    response = viewer_client.get(url("contacts_contactperson_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert contact.name in html
    assert EMAIL not in html
    assert PHONE not in html


def test_a_viewer_sees_a_contact_without_their_email_or_phone(
    viewer_client: Client, contact: ContactPerson
) -> None:
    response = viewer_client.get(url("contacts_contactperson_change", contact.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert contact.name in html
    assert contact.job_title in html
    assert EMAIL not in html
    assert PHONE not in html


def test_an_editor_sees_contacts_email_and_phone_in_the_list(
    editor_client: Client, contact: ContactPerson
) -> None:
    response = editor_client.get(url("contacts_contactperson_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert EMAIL in html
    assert PHONE in html


def test_an_editor_sees_a_contacts_email_and_phone(
    editor_client: Client, contact: ContactPerson
) -> None:
    response = editor_client.get(url("contacts_contactperson_change", contact.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert EMAIL in html
    assert PHONE in html


def test_a_viewer_cannot_find_a_contact_by_their_email(
    viewer_client: Client, editor_client: Client, contact: ContactPerson
) -> None:
    search = {"q": EMAIL}

    seen_by_viewer = viewer_client.get(url("contacts_contactperson_changelist"), search)
    seen_by_editor = editor_client.get(url("contacts_contactperson_changelist"), search)

    assert seen_by_viewer.context["cl"].result_count == 0
    assert list(seen_by_editor.context["cl"].result_list) == [contact]


def test_a_viewer_cannot_export_a_contacts_data(
    viewer_client: Client, contact: ContactPerson
) -> None:
    response = viewer_client.post(
        url("contacts_contactperson_changelist"),
        {"action": "export_selected", "_selected_action": [str(contact.pk)]},
    )

    assert not response.has_header("Content-Disposition")
    assert EMAIL not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_an_editor_can_export_a_contacts_data_and_the_export_is_logged(
    editor: User, editor_client: Client, contact: ContactPerson
) -> None:
    response = editor_client.post(
        url("contacts_contactperson_changelist"),
        {"action": "export_selected", "_selected_action": [str(contact.pk)]},
    )

    assert response.has_header("Content-Disposition")
    assert [(row["email"], row["phone"]) for row in response.json()] == [(EMAIL, PHONE)]
    export = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (export.actor, export.object_id) == (editor, str(contact.pk))


def test_a_viewer_cannot_open_a_contacts_history(
    viewer_client: Client, contact: ContactPerson
) -> None:
    response = viewer_client.get(url("contacts_contactperson_history", contact.pk))

    assert response.status_code == 403


def test_an_earlier_version_of_a_contact_shows_a_viewer_no_email_or_phone(
    viewer_client: Client, contact: ContactPerson
) -> None:
    version = contact.history.order_by("-history_id").first()

    response = viewer_client.get(
        url("contacts_contactperson_simple_history", contact.pk, version.history_id)
    )

    html = response.content.decode()
    assert EMAIL not in html
    assert PHONE not in html


# --- Editors keep the register, not the users ---------------------------------------


def test_an_editor_can_change_a_partnership(
    editor: User, editor_client: Client, partnership: Partnership
) -> None:
    change = url("partnerships_partnership_change", partnership.pk)
    data = change_form_data(in_language(editor_client, "en").get(change))
    data["internal_note"] = ["Renewal to be discussed in the autumn."]

    response = editor_client.post(change, data)

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.internal_note == "Renewal to be discussed in the autumn."
    assert partnership.history.order_by("-history_id").first().history_user == editor


def test_an_editor_can_change_a_result(editor: User, editor_client: Client) -> None:
    result = Result.objects.order_by("pk").first()
    change = url("results_result_change", result.pk)
    data = change_form_data(in_language(editor_client, "en").get(change))
    data["internal_note"] = ["Figures confirmed by the utility."]

    response = editor_client.post(change, data)

    assert response.status_code == 302
    stored = Result.objects.get(pk=result.pk)
    assert stored.internal_note == "Figures confirmed by the utility."
    assert stored.version == result.version + 1


def test_an_editor_cannot_open_the_user_list(editor_client: Client) -> None:
    response = editor_client.get(url("accounts_user_changelist"))

    assert response.status_code == 403


def test_an_editor_cannot_add_a_user(
    editor_client: Client, administrator_client: Client
) -> None:
    data = change_form_data(administrator_client.get(url("accounts_user_add")))
    data.update(
        username=["mallory"],
        password1=["a long enough new password"],
        password2=["a long enough new password"],
    )

    page = editor_client.get(url("accounts_user_add"))
    response = editor_client.post(url("accounts_user_add"), data)

    assert page.status_code == 403
    assert response.status_code == 403
    assert not User.objects.filter(username="mallory").exists()


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_an_administrator_can_read_the_access_log(
    request: pytest.FixtureRequest, role: str
) -> None:
    _user, client = persona(request, role)

    response = client.get(url("core_accesslogentry_changelist"))

    assert response.status_code == 403


def test_an_administrator_can_open_the_user_list(
    administrator_client: Client, editor: User
) -> None:
    response = administrator_client.get(url("accounts_user_changelist"))

    assert response.status_code == 200
    assert editor in response.context["cl"].result_list


def test_an_administrator_can_add_a_user(administrator_client: Client) -> None:
    page = administrator_client.get(url("accounts_user_add"))
    data = change_form_data(page)
    data.update(
        username=["nora-newcomer"],
        password1=["a long enough new password"],
        password2=["a long enough new password"],
    )

    response = administrator_client.post(url("accounts_user_add"), data)

    assert page.status_code == 200
    assert response.status_code == 302, response.context["errors"]
    assert User.objects.get(username="nora-newcomer").check_password(
        "a long enough new password"
    )


# --- Every read of a contact person is logged ---------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_reading_the_contact_list_is_written_to_the_access_log(
    request: pytest.FixtureRequest, role: str, contact: ContactPerson
) -> None:
    user, client = persona(request, role)
    logged = AccessLogEntry.objects.count()

    response = client.get(url("contacts_contactperson_changelist"))

    assert response.status_code == 200
    [entry] = log_entries_since(logged)
    assert (entry.actor, entry.actor_name, entry.action) == (
        user,
        user.username,
        AccessAction.READ,
    )
    assert entry.model == "contacts.ContactPerson"
    assert entry.object_count == ContactPerson.objects.count()


@pytest.mark.parametrize("role", ROLES)
def test_opening_a_contact_is_written_to_the_access_log(
    request: pytest.FixtureRequest, role: str, contact: ContactPerson
) -> None:
    user, client = persona(request, role)
    logged = AccessLogEntry.objects.count()

    response = client.get(url("contacts_contactperson_change", contact.pk))

    assert response.status_code == 200
    [entry] = log_entries_since(logged)
    assert (entry.actor, entry.actor_name, entry.action) == (
        user,
        user.username,
        AccessAction.READ,
    )
    assert (entry.model, entry.object_id) == ("contacts.ContactPerson", str(contact.pk))


def test_searching_contacts_is_written_to_the_access_log(
    editor: User, editor_client: Client, contact: ContactPerson
) -> None:
    logged = AccessLogEntry.objects.count()

    response = editor_client.get(
        url("contacts_contactperson_changelist"), {"q": "Holm"}
    )

    assert response.status_code == 200
    [entry] = log_entries_since(logged)
    assert (entry.actor, entry.action, entry.detail) == (
        editor,
        AccessAction.SEARCH,
        "q=Holm",
    )
    assert entry.object_count == 1


def test_opening_a_contacts_history_is_written_to_the_access_log(
    editor: User, editor_client: Client, contact: ContactPerson
) -> None:
    logged = AccessLogEntry.objects.count()

    response = editor_client.get(url("contacts_contactperson_history", contact.pk))

    assert response.status_code == 200
    [entry] = log_entries_since(logged)
    assert (entry.actor, entry.action, entry.object_id, entry.detail) == (
        editor,
        AccessAction.READ,
        str(contact.pk),
        "history",
    )


def test_opening_an_earlier_version_of_a_contact_is_written_to_the_access_log(
    editor: User, editor_client: Client, contact: ContactPerson
) -> None:
    version = contact.history.order_by("-history_id").first()
    logged = AccessLogEntry.objects.count()

    response = editor_client.get(
        url("contacts_contactperson_simple_history", contact.pk, version.history_id)
    )

    assert EMAIL in response.content.decode()
    entries = log_entries_since(logged)
    assert [(entry.actor, entry.object_id) for entry in entries] == [
        (editor, str(contact.pk))
    ]


def test_a_migration_brings_the_roles_permissions_up_to_date(db: Any) -> None:
    """A model added later gets its permissions in the roles when it is migrated."""
    editors = Group.objects.get(name="editor")
    change_activity = Permission.objects.get(codename="change_activity")
    editors.permissions.remove(change_activity)

    call_command("migrate", verbosity=0)

    assert editors.permissions.filter(pk=change_activity.pk).exists()
