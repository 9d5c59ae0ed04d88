"""A viewer, who may not see contacts' e-mail and phone, cannot learn them either.

Not by filtering the back office's list (one letter at a time, from whether a row
is shown), not by sorting it, not by searching it, not by exporting, and not
through the API. Each refused attempt is written to the access log.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from twinning.contacts.services import contact_create
from twinning.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db

EMAIL = "leakmark.kontakt@example.org"
PHONE = "+45 8765 4321"
LIST = reverse("admin:contacts_contactperson_changelist")


@pytest.fixture
def contacts(aarhus):
    return [
        contact_create(
            actor=None,
            municipality=aarhus,
            name=name,
            email=email,
            phone=phone,
            retain_until=dt.date(2030, 1, 1),
        )
        # Bo first, so that Anna is the newer: the admin breaks ties newest first.
        for name, email, phone in (
            ("Bo Berg", "a.first@example.org", "+45 1111 1111"),
            ("Anna Andersen", EMAIL, PHONE),
        )
    ]


@pytest.mark.parametrize(
    "lookup",
    ["email__startswith", "email__contains", "email", "phone__contains", "phone"],
)
def test_a_viewer_cannot_filter_by_a_hidden_detail(contacts, viewer_client, lookup):
    logged = AccessLogEntry.objects.count()

    hit = viewer_client.get(LIST, {lookup: "l"})
    miss = viewer_client.get(LIST, {lookup: "zz"})

    assert hit.status_code == miss.status_code == 400
    assert hit.content == miss.content  # nothing tells the two apart
    refusals = AccessLogEntry.objects.order_by("id")[logged:]
    assert any(f"refused filter {lookup}" in entry.detail for entry in refusals)


def test_an_editor_may_filter_by_e_mail(contacts, editor_client):
    response = editor_client.get(LIST, {"email__startswith": "leakmark"})

    assert response.status_code == 200
    assert [c.name for c in response.context["cl"].result_list] == ["Anna Andersen"]


def test_a_viewer_cannot_sort_by_a_hidden_detail(contacts, viewer_client):
    columns = viewer_client.get(LIST).context["cl"].list_display

    firsts = {
        viewer_client.get(LIST, {"o": str(n)}).context["cl"].result_list[0].name
        for n in range(len(columns) + 3)
    }

    assert "email" not in columns and "phone" not in columns
    # In ascending order of e-mail or phone Bo Berg comes first; by every column a
    # viewer may sort by (ties broken newest first), Anna Andersen does.
    assert firsts == {"Anna Andersen"}


def test_a_viewer_cannot_find_a_contact_by_a_hidden_detail(contacts, viewer_client):
    response = viewer_client.get(LIST, {"q": "leakmark.kontakt"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert EMAIL not in response.content.decode()


def test_a_viewer_cannot_export_contacts(contacts, viewer_client):
    response = viewer_client.post(
        LIST,
        {
            "action": "export_selected",
            "_selected_action": [str(contact.pk) for contact in contacts],
        },
    )

    assert EMAIL not in response.content.decode()
    assert response.get("Content-Disposition") is None


def test_a_viewers_token_reads_no_contact(contacts, viewer):
    from django.test import Client

    from twinning.accounts.tokens import api_token_create

    secret = api_token_create(user=viewer, name="Tests", actor=viewer).secret
    response = Client().get("/api/v1/contacts", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 403
    assert EMAIL not in response.content.decode()
