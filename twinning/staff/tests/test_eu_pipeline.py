"""A CERV Town-Twinning call walked from the call to the grant report's workbook."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from twinning.activities.tests.factories import ActivityFactory
from twinning.eu.choices import ApplicationOutcome, Participation
from twinning.eu.models import FundingOpportunity, ParticipantList
from twinning.eu.services import (
    application_create,
    application_decide,
    application_submit,
    application_update,
    funding_opportunity_from_template,
    funding_opportunity_update,
    participant_list_create,
    partner_search_create,
)
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def grant(aarhus, editor, media):
    """A granted Town-Twinning application with one activity and three towns."""
    call = funding_opportunity_from_template(
        actor=editor,
        municipality=aarhus,
        template="cerv_town_twinning",
        year=2026,
        deadline=dt.datetime(2026, 9, 18, 17, 0, tzinfo=BRUSSELS),
    )
    lueneburg = PlaceFactory(slug="lueneburg", name_en="Lüneburg", country="DE")
    visby = PlaceFactory(slug="visby", name_en="Visby", country="SE")
    partnership = PartnershipFactory(partner_place=lueneburg, slug="lueneburg")
    search = partner_search_create(
        actor=editor,
        municipality=aarhus,
        slug="town-twinning-2026",
        kind="sought",
        title_en="Towns for a citizens' meeting on democracy",
        title_da="Byer til et borgermøde om demokrati",
        funding_opportunity=call,
        partnerships=[partnership],
        deadline=dt.date(2026, 8, 1),
    )
    application = application_create(
        actor=editor,
        municipality=aarhus,
        slug="democracy-meeting",
        call=call,
        title_en="Citizens of three towns on democracy",
        title_da="Borgere fra tre byer om demokrati",
        partner_places=[lueneburg, visby],
        partnerships=[partnership],
        partner_search=search,
        requested=Decimal("30000"),
    )
    application = application_submit(
        application=application,
        on=dt.date(2026, 9, 15),
        actor=editor,
        expected_version=application.version,
    )
    application = application_decide(
        application=application,
        outcome=ApplicationOutcome.GRANTED,
        on=dt.date(2027, 1, 20),
        granted=Decimal("28500"),
        audit_until=dt.date(2032, 12, 31),
        actor=editor,
        expected_version=application.version,
    )
    meeting = ActivityFactory(
        slug="democracy-meeting",
        kind="seminar",
        title_en="Citizens' meeting on democracy",
        title_da="Borgermøde om demokrati",
        started="2027-05-10",
        ended="2027-05-12",
        place=aarhus.place,
        partnership=partnership,
    )
    application = application_update(
        application=application,
        actor=editor,
        expected_version=application.version,
        activities=[meeting],
    )
    for town, participation, count, signed, scan in (
        (aarhus.place, Participation.LOCAL, 30, True, None),
        (lueneburg, Participation.INVITED, 15, False, b"%PDF-1.4 signed list"),
        (visby, Participation.INVITED, 12, True, None),
    ):
        participant_list_create(
            actor=editor,
            activity=meeting,
            application=application,
            town=town,
            participation=participation,
            participants=count,
            signed=signed,
            scan=SimpleUploadedFile(f"{town.slug}.pdf", scan) if scan else "",
        )
    return application, meeting


def test_a_call_made_from_the_town_twinning_template_carries_its_thresholds(
    aarhus, editor
):
    call = funding_opportunity_from_template(
        actor=editor, municipality=aarhus, template="cerv_town_twinning", year=2026
    )

    assert call.call_identifier == "CERV-2026-CITIZENS-TOWN-TT"
    assert call.min_direct_participants == 50
    assert call.min_invited_participants == 25
    assert call.min_countries == 2
    assert not call.is_public
    assert call.history.first().history_user == editor


def test_the_command_makes_a_networks_of_towns_call_in_brussels_time(aarhus):
    out = io.StringIO()
    call_command(
        "create_call",
        "--municipality=aarhus",
        "--template=cerv_networks_of_towns",
        "--year=2026",
        "--deadline=2026-09-18T17:00",
        stdout=out,
    )

    call = FundingOpportunity.objects.get(slug="cerv-networks-of-towns-2026")
    assert "CERV-2026-CITIZENS-TOWN-NT" in out.getvalue()
    assert call.local_deadline.hour == 17
    assert call.deadline.astimezone(dt.UTC).hour == 15  # summer time in Brussels


def test_a_call_refuses_a_time_zone_that_does_not_exist(aarhus, editor):
    call = funding_opportunity_from_template(
        actor=editor, municipality=aarhus, template="cerv_town_twinning", year=2026
    )
    with pytest.raises(Exception) as refused:
        funding_opportunity_update(
            funding_opportunity=call,
            actor=editor,
            expected_version=call.version,
            deadline_time_zone="Europe/Aarhus",
        )

    assert "deadline_time_zone" in refused.value.message_dict


def test_the_pipeline_page_walks_from_call_to_grant(grant, editor_client):
    application, meeting = grant

    page = editor_client.get("/en/staff/eu/").content.decode()

    assert "CERV-2026-CITIZENS-TOWN-TT" in page
    assert "18 Sept 2026" in page or "Sept. 18, 2026" in page or "2026" in page
    assert "Towns for a citizens&#x27; meeting on democracy" in page
    assert "Citizens of three towns on democracy" in page
    assert "Lüneburg, Visby" in page
    assert "28,500 EUR" in page or "28.500 EUR" in page
    assert "Citizens&#x27; meeting on democracy" in page
    assert ">met<" in page
    assert (
        f"/en/staff/eu/applications/{application.pk}/activities/{meeting.pk}/"
        "participants.xlsx" in page
    )


def test_the_grant_reports_workbook_holds_the_towns_and_the_thresholds(
    grant, editor_client
):
    application, meeting = grant

    response = editor_client.get(
        f"/en/staff/eu/applications/{application.pk}/activities/{meeting.pk}/"
        "participants.xlsx"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Participants"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Participants of a funded activity"
    assert rows[1][:2] == ["Call", "CERV-2026-CITIZENS-TOWN-TT Town-Twinning"]
    assert rows[2][:2] == ["Application", "Citizens of three towns on democracy"]
    assert rows[3][:2] == ["Activity", "Citizens' meeting on democracy"]
    assert rows[4][1].startswith("10") and rows[4][1].endswith("2027")
    assert rows[5][:2] == ["Place", "Aarhus"]
    assert rows[7] == [
        "Town",
        "Country",
        "Participation",
        "Participants",
        "Signed list",
        "Scan",
    ]
    assert rows[8] == ["Aarhus", "Denmark", "local", 30, "yes", "no"]
    assert rows[9] == ["Lüneburg", "Germany", "invited", 15, "no", "yes"]
    assert rows[10] == ["Visby", "Sweden", "invited", 12, "yes", "no"]
    assert rows[12] == ["Threshold", "Counted", "Least required", "Met", None, None]
    assert rows[13][:4] == ["Direct participants", 57, 50, "yes"]
    assert rows[14][:4] == ["Invited participants", 27, 25, "yes"]
    assert rows[15][:4] == ["Countries", 3, 2, "yes"]
    assert rows[16][:4] == ["Every town's count backed by a signed list", 3, 3, "yes"]
    countries = [list(row) for row in book["By country"].iter_rows(values_only=True)]
    assert countries == [
        ["Country code", "Country", "Participants"],
        ["DE", "Germany", 15],
        ["DK", "Denmark", 30],
        ["SE", "Sweden", 12],
        ["Total", None, 57],
    ]


def test_the_workbook_is_in_danish_on_the_danish_page(grant, editor_client):
    application, meeting = grant

    response = editor_client.get(
        f"/da/staff/eu/applications/{application.pk}/activities/{meeting.pk}/"
        "participants.xlsx"
    )

    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A8"].value == "By"
    assert sheet["B9"].value == "Danmark"


def test_too_few_invited_participants_do_not_meet_the_threshold(grant, editor_client):
    application, meeting = grant
    visby = ParticipantList.objects.get(town__slug="visby")
    from twinning.eu.services import participant_list_update

    participant_list_update(
        participant_list=visby,
        actor=None,
        expected_version=visby.version,
        participants=5,
    )

    page = editor_client.get("/en/staff/eu/").content.decode()
    assert "not met" in page
    book = load_workbook(
        io.BytesIO(
            editor_client.get(
                f"/en/staff/eu/applications/{application.pk}/activities/"
                f"{meeting.pk}/participants.xlsx"
            ).content
        )
    )
    assert book["Participants"]["B15"].value == 20
    assert book["Participants"]["D15"].value == "no"


def test_a_participant_list_needs_a_granted_application(aarhus, editor):
    call = funding_opportunity_from_template(
        actor=editor, municipality=aarhus, template="cerv_town_twinning", year=2026
    )
    meeting = ActivityFactory()
    application = application_create(
        actor=editor,
        municipality=aarhus,
        slug="draft",
        call=call,
        title_en="Draft",
        title_da="Udkast",
        activities=[meeting],
    )

    with pytest.raises(Exception) as refused:
        participant_list_create(
            actor=editor,
            activity=meeting,
            application=application,
            town=aarhus.place,
            participation=Participation.LOCAL,
            participants=10,
        )
    assert "application" in refused.value.message_dict


def test_another_municipalitys_staff_cannot_download_the_workbook(
    grant, roskilde_editor
):
    from django.test import Client

    application, meeting = grant
    client = Client()
    client.force_login(roskilde_editor)

    response = client.get(
        f"/en/staff/eu/applications/{application.pk}/activities/{meeting.pk}/"
        "participants.xlsx"
    )
    page = client.get("/en/staff/eu/").content.decode()

    assert response.status_code == 404
    assert "Citizens of three towns on democracy" not in page


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get("/en/staff/eu/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_scans_are_erased_after_the_audit_period_and_the_counts_kept(
    grant, media, django_capture_on_commit_callbacks
):
    scan = ParticipantList.objects.get(town__slug="lueneburg").scan
    path = media / scan.name
    assert path.exists()

    call_command("purge_personal_data", "--today=2032-12-31", stdout=io.StringIO())
    assert path.exists()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_personal_data", "--today=2033-01-01", stdout=out)

    erased = ParticipantList.objects.get(town__slug="lueneburg")
    assert not path.exists()
    assert not erased.scan
    assert erased.scan_erased_on == dt.date(2033, 1, 1)
    assert erased.participants == 15
    assert "Erased 1 scan" in out.getvalue()
