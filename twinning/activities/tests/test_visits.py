"""A visit planned as data: programme, participants, budget and gifts on one form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from twinning.activities.models import Activity, BudgetLine, Gift, ProgrammeStop
from twinning.activities.services import budget_line_create, programme_stop_create
from twinning.activities.tests.factories import (
    ActivityFactory,
    BudgetLineFactory,
    GiftFactory,
    ProgrammeStopFactory,
)
from twinning.contacts.models import ContactPerson
from twinning.contacts.services import contact_create
from twinning.core.models import AccessLogEntry
from twinning.core.tests.test_admin_pages import change_form_data, in_language
from twinning.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

ADD = reverse("admin:activities_activity_add")


def bergen_visit_form(client, aarhus, responsible=None):
    """Return the add form filled in as staff would record the Bergen visit."""
    data = change_form_data(in_language(client, "en").get(ADD))
    bergen = Partnership.objects.get(municipality=aarhus, slug="bergen")
    next_month = timezone.localdate() + dt.timedelta(days=30)
    day = next_month.isoformat()
    data.update(
        {
            "municipality": [str(aarhus.pk)],
            "kind": ["incoming_visit"],
            "title_da": ["Delegation fra Bergen"],
            "title_en": ["Delegation from Bergen"],
            "slug": ["bergen-delegation"],
            "partnership": [str(bergen.pk)],
            "started": [day],
            "programme-TOTAL_FORMS": ["2"],
            "programme-0-starts_at_0": [day],
            "programme-0-starts_at_1": ["09:00"],
            "programme-0-venue": ["Aarhus City Hall"],
            "programme-0-host": ["The Mayor of Aarhus"],
            "programme-0-description": ["Welcome"],
            "programme-1-starts_at_0": [day],
            "programme-1-starts_at_1": ["13:00"],
            "programme-1-venue": ["Aarhus Vand, Marselisborg"],
            "programme-1-host": ["Aarhus Vand A/S"],
            "participants-TOTAL_FORMS": ["3"],
            "budget_lines-TOTAL_FORMS": ["2"],
            "budget_lines-0-kind": ["hospitality"],
            "budget_lines-0-planned": ["4500"],
            "budget_lines-0-currency": ["DKK"],
            "budget_lines-0-paid_by": ["home"],
            "budget_lines-1-kind": ["travel"],
            "budget_lines-1-planned": ["12000"],
            "budget_lines-1-currency": ["NOK"],
            "budget_lines-1-paid_by": ["partner"],
            "gifts-TOTAL_FORMS": ["1"],
            "gifts-0-direction": ["given"],
            "gifts-0-description": ["Book: Aarhus through 1,000 years"],
            "gifts-0-estimated_value": ["350"],
            "gifts-0-currency": ["DKK"],
            "gifts-0-counterpart": ["The Mayor of Bergen"],
            "gifts-0-exchanged_on": [day],
            "follow_ups-TOTAL_FORMS": ["1"],
            "follow_ups-0-description": ["Send the photos and the minutes"],
            "follow_ups-0-status": ["open"],
            "follow_ups-0-due": [(next_month + dt.timedelta(days=7)).isoformat()],
        }
    )
    if responsible is not None:
        data["follow_ups-0-responsible"] = [str(responsible.pk)]
    for row, (name, role) in enumerate(
        [
            ("Marte Kirkerud", "delegation_lead"),
            ("Rune Bakke", "delegate"),
            ("Ida Solheim", "delegate"),
        ]
    ):
        data[f"participants-{row}-guest_name"] = [name]
        data[f"participants-{row}-guest_legal_basis"] = ["6-1-e"]
        data[f"participants-{row}-guest_retain_until"] = ["2029-12-31"]
        data[f"participants-{row}-role"] = [role]
    return data


def test_the_bergen_visit_is_recorded_in_one_form_and_one_save(
    editor_client, editor, aarhus
):
    data = bergen_visit_form(editor_client, aarhus, responsible=editor)

    response = editor_client.post(ADD, data)

    assert response.status_code == 302, response.context["errors"]
    visit = Activity.objects.get(slug="bergen-delegation")
    assert [stop.venue for stop in visit.programme.all()] == [
        "Aarhus City Hall",
        "Aarhus Vand, Marselisborg",
    ]
    assert timezone.localtime(visit.programme.first().starts_at).hour == 9
    guests = {
        (p.contact.name, p.role, p.contact.legal_basis, p.contact.municipality_id)
        for p in visit.participants.select_related("contact")
    }
    assert guests == {
        ("Marte Kirkerud", "delegation_lead", "6-1-e", aarhus.pk),
        ("Rune Bakke", "delegate", "6-1-e", aarhus.pk),
        ("Ida Solheim", "delegate", "6-1-e", aarhus.pk),
    }
    assert sorted(
        visit.budget_lines.values_list("kind", "planned", "currency", "paid_by")
    ) == [
        ("hospitality", Decimal("4500.00"), "DKK", "home"),
        ("travel", Decimal("12000.00"), "NOK", "partner"),
    ]
    gift = visit.gifts.get()
    assert (gift.direction, gift.counterpart) == ("given", "The Mayor of Bergen")
    follow_up = visit.follow_ups.get()
    assert follow_up.description == "Send the photos and the minutes"
    assert follow_up.responsible == editor
    # The new contact persons' creation is in the access log, by the editor.
    created = AccessLogEntry.objects.filter(
        model="contacts.ContactPerson", detail="created", actor=editor
    )
    assert created.count() == 3
    assert visit.programme.first().history.first().history_user == editor


def test_a_refused_row_saves_nothing_of_the_visit(editor_client, aarhus):
    data = bergen_visit_form(editor_client, aarhus)
    data["budget_lines-1-planned"] = ["-5"]
    contacts_before = ContactPerson.objects.count()

    response = editor_client.post(ADD, data)

    assert response.status_code == 200
    assert "An amount cannot be negative." in response.content.decode()
    assert not Activity.objects.filter(slug="bergen-delegation").exists()
    assert ContactPerson.objects.count() == contacts_before


def test_a_guest_needs_a_retention_date(editor_client, aarhus):
    data = bergen_visit_form(editor_client, aarhus)
    data["participants-2-guest_retain_until"] = [""]

    response = editor_client.post(ADD, data)

    assert response.status_code == 200
    assert "Say until when the guest" in response.content.decode()
    assert not Activity.objects.filter(slug="bergen-delegation").exists()


def test_a_guest_is_either_a_known_contact_or_a_new_one(editor_client, aarhus):
    data = bergen_visit_form(editor_client, aarhus)
    known = contact_create(
        actor=None,
        municipality=aarhus,
        name="Marte Kirkerud",
        retain_until=dt.date(2030, 1, 1),
    )
    data["participants-0-contact"] = [str(known.pk)]

    response = editor_client.post(ADD, data)

    assert response.status_code == 200
    assert "not both" in response.content.decode()


def test_a_budget_line_needs_an_amount():
    activity = ActivityFactory()

    with pytest.raises(ValidationError) as refused:
        budget_line_create(actor=None, activity=activity, kind="travel")

    assert "planned" in refused.value.message_dict
    assert not BudgetLine.objects.filter(activity=activity).exists()


def test_a_budget_line_refuses_an_unknown_currency():
    activity = ActivityFactory()

    with pytest.raises(ValidationError) as refused:
        BudgetLineFactory(activity=activity, currency="XYZ")

    assert "currency" in refused.value.message_dict


def test_a_programme_stop_cannot_end_before_it_starts():
    activity = ActivityFactory()
    starts = timezone.now()

    with pytest.raises(ValidationError) as refused:
        programme_stop_create(
            actor=None,
            activity=activity,
            starts_at=starts,
            ends_at=starts - dt.timedelta(hours=1),
        )

    assert refused.value.message_dict["ends_at"] == [
        "A stop cannot end before it starts."
    ]
    assert not ProgrammeStop.objects.filter(activity=activity).exists()


def test_programme_budget_and_gifts_are_never_public():
    activity = ActivityFactory(is_public=True)
    ProgrammeStopFactory(activity=activity)
    BudgetLineFactory(activity=activity)
    GiftFactory(activity=activity)

    assert not ProgrammeStop.objects.public().exists()
    assert not BudgetLine.objects.public().exists()
    assert not Gift.objects.public().exists()


def test_another_municipalitys_visit_plans_are_out_of_scope(editor, roskilde):
    theirs = ActivityFactory(municipality=roskilde)
    BudgetLineFactory(activity=theirs)
    ours = BudgetLineFactory()

    assert list(BudgetLine.objects.for_user(editor)) == [ours]
