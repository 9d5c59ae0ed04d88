"""/staff/partners/<slug>/: everything about one partnership, and its review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twinning.core.models import AccessLogEntry, Review
from twinning.partnerships.models import Partnership
from twinning.staff.tests import portfolios

pytestmark = pytest.mark.django_db

# Built once for the module, in place of conftest.py's: its tests only read them.
roskilde = portfolios.roskilde
roskilde_portfolio = portfolios.roskilde_portfolio
aarhus_portfolio = portfolios.aarhus_portfolio


SECTIONS = (
    "history",
    "agreements",
    "projects",
    "activities",
    "results",
    "contacts",
    "follow-ups",
    "eu",
    "notes",
    "sources",
)


def file_html(client, slug, language="en"):
    response = client.get(f"/{language}/staff/partners/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_the_file_has_every_section(editor_client):
    html = file_html(editor_client, "tshwane")

    for anchor in SECTIONS:
        assert f'<section id="{anchor}"' in html, anchor


def test_tshwanes_file_holds_its_project_phases_and_sources(editor_client):
    html = file_html(editor_client, "tshwane")

    projects = section(html, "projects")
    assert "Strategic sector cooperation with Tshwane" in projects
    assert "Phase 2" in projects
    assert "sources disagree" in projects
    assert "April 2022" in projects
    assert "The Citizen" in section(html, "sources")


def test_the_file_names_its_stale_facts(editor_client):
    tshwane = file_html(editor_client, "tshwane")
    stale = tshwane[tshwane.index('id="stale"') : tshwane.index('class="staff-toc"')]

    assert "Phase start passed, not confirmed" in stale
    assert "Sources disagree" in stale
    assert "Agreement expired" not in stale  # Kiel's, not Tshwane's
    assert "Agreement expired" in file_html(editor_client, "kiel")
    assert 'id="stale"' not in file_html(editor_client, "bergen")


def test_kiels_file_shows_its_expired_agreement(editor_client):
    agreements = section(file_html(editor_client, "kiel"), "agreements")

    assert "Partnership agreement between Aarhus and Kiel" in agreements
    assert "May 2024" in agreements
    assert "expired" in agreements


def test_the_file_holds_what_was_built_under_the_partnership(
    editor_client, aarhus_portfolio
):
    names = aarhus_portfolio.names
    html = file_html(editor_client, aarhus_portfolio.lively.slug)

    assert names["visit"] in section(html, "activities")
    assert "coming" in section(html, "activities")
    assert names["follow_up"] in section(html, "follow-ups")
    assert names["agreement"] in section(html, "agreements")
    assert names["project"] in section(html, "projects")
    history = section(html, "history")
    assert "Established" in history
    assert "Public reason: To work together on schools." in history
    assert f"Internal reason: The mayor of {names['lively']} asked for it." in history
    assert names["call"] in section(html, "eu")
    assert names["search"] in section(html, "eu")


def test_internal_notes_are_shown_to_staff(editor_client):
    notes = section(file_html(editor_client, "kiel"), "notes")

    assert "The ten topics of the 2019 agreement" in notes


def test_the_actions_link_to_the_back_office_forms(editor_client):
    partnership = Partnership.objects.get(slug="tshwane")
    html = file_html(editor_client, "tshwane")

    add_activity = reverse("admin:activities_activity_add")
    assert (
        f"{add_activity}?municipality={partnership.municipality_id}&amp;partnership={partnership.pk}"
        in html
    )
    assert reverse("admin:results_result_add") in html
    change = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    assert f"{change}#events-group" in html


def test_the_activity_form_opens_with_the_partnership_chosen(editor_client):
    partnership = Partnership.objects.get(slug="tshwane")
    response = editor_client.get(
        reverse("admin:activities_activity_add")
        + f"?municipality={partnership.municipality_id}&partnership={partnership.pk}"
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert str(form.initial["partnership"]) == str(partnership.pk)


def test_showing_contacts_logs_the_read(editor, editor_client, aarhus_portfolio):
    from twinning.contacts.services import contact_create
    from twinning.places.services import organisation_create

    lively = aarhus_portfolio.lively
    town_hall = organisation_create(
        actor=None,
        slug="livelyville-town-hall",
        name="Livelyville Town Hall",
        kind="municipality",
        place=lively.partner_place,
    )
    contact_create(
        actor=None,
        municipality=lively.municipality,
        name="Karin Larsson",
        organisation=town_hall,
        email="karin@example.org",
        retain_until=aarhus_portfolio.lively.created_at.date().replace(year=2099),
    )

    contacts = section(file_html(editor_client, lively.slug), "contacts")

    assert "Karin Larsson" in contacts
    assert "karin@example.org" in contacts
    entry = AccessLogEntry.objects.get(actor=editor)
    assert entry.action == "read"
    assert entry.model == "contacts.ContactPerson"
    assert entry.detail == f"staff: partner file {lively.slug} with details"


def test_a_viewer_sees_contacts_without_their_details(
    viewer, viewer_client, aarhus_portfolio
):
    from twinning.contacts.services import contact_create
    from twinning.places.services import organisation_create

    lively = aarhus_portfolio.lively
    town_hall = organisation_create(
        actor=None,
        slug="livelyville-town-hall",
        name="Livelyville Town Hall",
        kind="municipality",
        place=lively.partner_place,
    )
    contact_create(
        actor=None,
        municipality=lively.municipality,
        name="Karin Larsson",
        organisation=town_hall,
        email="karin@example.org",
        retain_until=lively.created_at.date().replace(year=2099),
    )

    contacts = section(file_html(viewer_client, lively.slug), "contacts")

    assert "Karin Larsson" in contacts
    assert "karin@example.org" not in contacts
    assert AccessLogEntry.objects.get(actor=viewer).detail == (
        f"staff: partner file {lively.slug}"
    )


def test_marking_as_reviewed_records_who_and_when(editor, editor_client):
    response = editor_client.post("/en/staff/partners/kiel/review/", follow=True)

    assert response.redirect_chain[-1][0] == "/en/staff/partners/kiel/"
    review = Review.objects.get()
    assert review.reviewed_by == editor
    assert review.record == Partnership.objects.get(slug="kiel")
    html = response.content.decode()
    assert "Kiel is marked as reviewed today." in html
    assert "never" not in section_summary(html)


def section_summary(html: str) -> str:
    start = html.index('class="staff-summary"')
    return html[start : html.index("</dl>", start)]


def test_a_reviewed_partnership_leaves_the_list_to_review(editor_client):
    before = editor_client.get("/en/staff/").content.decode()
    editor_client.post("/en/staff/partners/kiel/review/")
    after = editor_client.get("/en/staff/").content.decode()

    def unreviewed(html):
        start = html.index('<section id="unreviewed"')
        return html[start : html.index("</section>", start)]

    assert "/en/staff/partners/kiel/" in unreviewed(before)
    assert "/en/staff/partners/kiel/" not in unreviewed(after)


def test_reviewing_needs_a_post(editor_client):
    response = editor_client.get("/en/staff/partners/kiel/review/")

    assert response.status_code == 405
    assert not Review.objects.exists()


def test_reviewing_needs_the_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post("/en/staff/partners/kiel/review/")

    assert response.status_code == 403
    assert not Review.objects.exists()


def test_a_platform_administrator_chooses_among_municipalities(
    administrator, administrator_client, roskilde
):
    from twinning.partnerships.services import partnership_create
    from twinning.places.models import Place

    partnership_create(
        actor=None,
        municipality=roskilde,
        slug="kiel",
        partner_place=Place.objects.get(slug="kiel"),
        kind="cooperation",
        internal_note="A note of Roskilde on Kiel.",
    )

    aarhus_file = file_html(administrator_client, "kiel")
    assert "The ten topics of the 2019 agreement" in aarhus_file
    assert 'href="/en/staff/partners/kiel/?municipality=roskilde"' in aarhus_file
    response = administrator_client.get(
        "/en/staff/partners/kiel/?municipality=roskilde"
    )
    roskilde_file = response.content.decode()
    assert "A note of Roskilde on Kiel." in roskilde_file
    assert "The ten topics of the 2019 agreement" not in roskilde_file

    administrator_client.post("/en/staff/partners/kiel/review/?municipality=roskilde")

    review = Review.objects.get()
    assert review.municipality == roskilde
    assert review.record.municipality == roskilde


def test_the_municipality_of_someone_else_is_not_found_by_naming_it(
    editor_client, roskilde_portfolio
):
    slug = roskilde_portfolio.lively.slug
    response = editor_client.get(f"/en/staff/partners/{slug}/?municipality=roskilde")

    assert response.status_code == 404
