"""/staff/: what needs attention, in the user's municipalities only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from twinning.contacts.services import contact_create
from twinning.core.models import AccessLogEntry
from twinning.staff.selectors import attention_for
from twinning.staff.tests import portfolios

pytestmark = pytest.mark.django_db

# Built once for the module, in place of conftest.py's: its tests only read them.
roskilde = portfolios.roskilde
roskilde_portfolio = portfolios.roskilde_portfolio
aarhus_portfolio = portfolios.aarhus_portfolio


KINDS = (
    "visit",
    "follow_up",
    "call",
    "search",
    "agreement",
    "project",
    "phase",
    "contact",
    "dormant",
)


def page(client, language="en"):
    response = client.get(f"/{language}/staff/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    """Return the HTML of one section of the page, by its id."""
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_every_kind_of_item_is_listed_where_it_belongs(editor_client, aarhus_portfolio):
    html = page(editor_client)
    names = aarhus_portfolio.names

    assert names["visit"] in section(html, "coming")
    assert names["follow_up"] in section(html, "follow-ups")
    assert "overdue" in section(html, "follow-ups")
    assert names["call"] in section(html, "deadlines")
    assert names["search"] in section(html, "deadlines")
    stale = section(html, "stale")
    assert names["agreement"] in stale
    assert "Agreement expired" in stale
    assert f"{names['project']}: {names['phase']}" in stale
    assert "Phase start passed, not confirmed" in stale
    assert "Sources disagree" in stale
    assert "Project past its end" in stale
    assert names["dormant"] in section(html, "dormant")
    assert names["lively"] not in section(html, "dormant")
    assert names["contact"] in section(html, "contacts")
    assert names["dormant"] in section(html, "unreviewed")


def test_items_link_to_where_they_are_put_right(editor_client, aarhus_portfolio):
    html = page(editor_client)
    lively = aarhus_portfolio.lively

    stale = section(html, "stale")
    assert reverse("admin:partnerships_partnership_change", args=[lively.pk]) in stale
    assert reverse("staff:partner", args=[lively.slug]) in stale
    phase = lively.projects.get().phases.get()
    assert reverse("admin:projects_projectphase_change", args=[phase.pk]) in stale


def test_another_municipalitys_items_are_never_shown(
    editor_client, aarhus_portfolio, roskilde_portfolio
):
    html = page(editor_client)

    for kind in KINDS:
        assert roskilde_portfolio.names[kind] not in html, kind
        assert aarhus_portfolio.names[kind] in html, kind


def test_the_other_municipalitys_staff_see_only_theirs(
    roskilde_viewer_client, aarhus_portfolio, roskilde_portfolio
):
    html = page(roskilde_viewer_client)

    for kind in KINDS:
        assert roskilde_portfolio.names[kind] in html, kind
        assert aarhus_portfolio.names[kind] not in html, kind
    assert "Tshwane" not in html
    assert "Kiel" not in html


def test_showing_contacts_past_retention_logs_the_read(
    editor, editor_client, aarhus_portfolio
):
    page(editor_client)

    entry = AccessLogEntry.objects.get(actor=editor)
    assert entry.action == "read"
    assert entry.model == "contacts.ContactPerson"
    assert entry.object_count == 1


def test_the_day_is_the_municipalitys_not_greenwichs(editor, aarhus_portfolio):
    """Half past midnight in Copenhagen is still the day before in UTC."""
    today = timezone.localdate()
    contact_create(
        actor=None,
        municipality=aarhus_portfolio.lively.municipality,
        name="Kept until today",
        retain_until=today,
    )
    local = dt.datetime.combine(
        today + dt.timedelta(days=1),
        dt.time(0, 30),
        tzinfo=timezone.get_current_timezone(),
    )
    attention = attention_for(editor, now=local.astimezone(dt.UTC))

    assert attention.today == local.date()
    assert "Kept until today" in [contact.name for contact in attention.contacts]


def test_the_shipped_dataset_lists_tshwanes_phase_and_kiels_agreement(
    editor_client,
):
    stale = section(page(editor_client), "stale")

    assert "Tshwane" in stale
    # Tshwane's row, whatever other municipality's phases the module built.
    tshwane = next(
        row
        for row in stale.split("<tr")
        if "Phase start passed" in row and "Tshwane" in row
    )
    assert "April 2022" in tshwane
    assert "Partnership agreement between Aarhus and Kiel" in stale
    assert "Valid until May 2024" in stale


def test_in_danish_the_stale_facts_read_in_danish(editor_client):
    stale = section(page(editor_client, "da"), "stale")

    assert "Forældede oplysninger" in stale
    assert "Fasestart passeret, ikke bekræftet" in stale
    assert "april 2022" in stale
    assert "Gyldig til maj 2024" in stale


def test_a_partnership_with_life_is_not_dormant(editor_client, aarhus_portfolio):
    dormant = section(page(editor_client), "dormant")

    assert aarhus_portfolio.names["dormant"] in dormant
    # Tshwane's project is in implementation: the partnership is at work.
    assert "Tshwane" not in dormant


def test_dormancy_follows_the_setting(editor_client, aarhus_portfolio, settings):
    settings.TWINNING_DORMANT_AFTER_YEARS = 30

    dormant = section(page(editor_client), "dormant")

    assert aarhus_portfolio.names["dormant"] not in dormant
    assert "more than 30 years" in dormant


def test_the_page_names_the_users_role_in_their_language(viewer_client):
    assert "Your role: viewer." in page(viewer_client)
    assert "Din rolle: læser." in page(viewer_client, "da")


def test_my_follow_ups_come_first(editor, editor_client, aarhus_portfolio):
    import datetime as dt

    from django.utils import timezone

    from twinning.activities.services import follow_up_create

    activity = aarhus_portfolio.lively.activities.order_by("started").first()
    follow_up_create(
        actor=None,
        activity=activity,
        description="Book the interpreter",
        responsible=editor,
        due=timezone.localdate() + dt.timedelta(days=5),
    )

    follow_ups = section(page(editor_client), "follow-ups")

    # Mine, due in five days, before someone else's due yesterday.
    assert follow_ups.index("Book the interpreter") < follow_ups.index(
        aarhus_portfolio.names["follow_up"]
    )
    mine = follow_ups[follow_ups.index("Book the interpreter") :]
    assert ">you<" in mine[: mine.index("</tr>")]
