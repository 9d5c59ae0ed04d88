"""Publishing is a choice staff see: new records are internal until published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twinning.activities.tests.factories import ActivityFactory
from twinning.core.tests.test_admin_pages import in_language
from twinning.eu.tests.factories import PartnerSearchFactory
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_terminate
from twinning.results.models import Result
from twinning.results.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db


def test_new_activities_results_and_partner_searches_are_internal():
    assert ActivityFactory().is_public is False
    assert ResultFactory().is_public is False
    assert PartnerSearchFactory().is_public is False


def test_the_shipped_results_stay_published(aarhus):
    assert Result.objects.for_municipality(aarhus).public().exists()


@pytest.mark.parametrize(
    ("page", "public_field", "internal_field"),
    [
        ("admin:results_result_add", "id_title_da", "id_internal_note"),
        ("admin:activities_activity_add", "id_purpose_da", "id_internal_note"),
        ("admin:eu_fundingopportunity_add", "id_programme", None),
    ],
)
def test_a_form_says_which_fields_reach_the_public_site(
    editor_client, page, public_field, internal_field
):
    html = in_language(editor_client, "en").get(reverse(page)).content.decode()

    assert f'aria-describedby="{public_field}_helptext"' in html
    help_text = html.split(f'id="{public_field}_helptext"', 1)[1].split("</div>")[0]
    assert "Shown on the public site." in help_text
    publish = html.split('id="id_is_public_helptext"', 1)[1].split("</div>")[0]
    assert "New records are internal until then." in publish
    if internal_field:
        note = html.split(f'id="{internal_field}_helptext"', 1)[1].split("</div>")[0]
        assert "Never shown to the public." in note


def test_the_danish_form_says_so_in_danish(editor_client):
    html = (
        in_language(editor_client, "da")
        .get(reverse("admin:results_result_add"))
        .content.decode()
    )

    assert "Vises på det offentlige websted." in html


def test_a_termination_keeps_its_internal_reason_off_the_public_page(
    client, editor, aarhus
):
    rostock = Partnership.objects.get(municipality=aarhus, slug="rostock")
    partnership_terminate(
        partnership=rostock,
        actor=editor,
        on="2026-11-12",
        decided_by="City Council",
        reason_da="Ophørt efter fælles aftale",
        reason_en="Ended by mutual agreement",
        internal_reason="Budget cut in the Mayor's department",
    )

    page = client.get("/en/partners/rostock/").content.decode()

    assert "Ended by mutual agreement" in page
    assert "Budget cut" not in page
