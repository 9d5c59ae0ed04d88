"""Staff notes stay with staff: no cataloguing remark or unsettled source in public."""

import re
from html import unescape

import pytest

from twinning.core.models import Source
from twinning.exports import tables
from twinning.projects.models import Project
from twinning.projects.services import (
    phase_date_claim_create,
    project_phase_create,
    project_update,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/{language}/",
    "/{language}/partners/kujalleq/",
    "/{language}/partners/tshwane/",
    "/{language}/projects/tshwane-urban-water/",
    "/{language}/map/",
    "/{language}/timeline/",
]
DOWNLOADS = [
    *(f"/open-data/{table}.csv" for table in tables.TABLES),
    "/open-data/partners.geojson",
    "/open-data/calendar.ics",
    "/open-data/iati-activities.xml",
]
# What the shipped dataset's staff wrote for one another, in both languages.
REMARKS = [
    "the exact date is not known",
    "den præcise dato kendes ikke",
    "earliest dated fact",
    "tidligste daterede",
    "not in GeoNames",
    "findes ikke i GeoNames",
    "not a separate city in GeoNames",
    "The sources disagree",
    "Kilderne er uenige",
    "City Archives",
]


def body_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code in (200, 404), path
    return response.content.decode() if response.status_code == 200 else ""


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_cataloguing_remark_reaches_a_public_page(client, language):
    for path in PUBLIC_PAGES:
        body = body_of(client, path.format(language=language))
        for remark in REMARKS:
            assert remark.lower() not in body.lower(), (path, remark)


def test_no_cataloguing_remark_reaches_a_download(client):
    for path in DOWNLOADS:
        response = client.get(path)
        assert response.status_code == 200, path
        if path.endswith(".xlsx"):
            continue
        body = response.content.decode()
        for remark in REMARKS:
            assert remark.lower() not in body.lower(), (path, remark)


def test_a_phase_whose_sources_disagree_says_plainly_its_dates_are_uncertain(client):
    english = client.get("/en/projects/tshwane-urban-water/").content.decode()
    danish = client.get("/da/projects/tshwane-urban-water/").content.decode()

    assert "The dates of this phase are uncertain." in english
    assert "Datoerne for denne fase er usikre." in danish
    # The competing ranges stay in the back office.
    assert "31 March 2026" not in english


def test_the_timeline_shows_events_not_the_dates_sources_were_revised(client):
    english = client.get("/en/timeline/").content.decode()
    danish = client.get("/da/timeline/").content.decode()

    assert "confirmed as ongoing" not in english
    assert "bekræftet" not in danish
    # The page itself is as new as the source page of 12 October 2023; no event is.
    events = re.sub(r'<p class="last-updated.*?</p>', "", english, flags=re.S)
    assert "12 October 2023" not in events
    assert "Bergen" in english  # the events themselves are there


@pytest.mark.parametrize(
    ("started", "overtaken"), [("2024-01", True), ("2999-01", False)]
)
def test_a_phase_not_begun_says_what_was_planned_by_whom_and_when(
    client, started, overtaken
):
    project = Project.objects.get(slug="tshwane-urban-water")
    phase = project_phase_create(actor=None, project=project, number=3)
    phase_date_claim_create(
        actor=None, phase=phase, started=started, source=Source.objects.get(key="seed")
    )
    year = started[:4]

    english = unescape(client.get(f"/en/projects/{project.slug}/").content.decode())
    danish = unescape(client.get(f"/da/projects/{project.slug}/").content.decode())

    assert (
        f"Planned to begin in January {year}, according to City of Aarhus "
        "International Relations page, updated 2023-10-12, 12 October 2023."
    ) in english
    assert f"Planlagt til at begynde i januar {year} ifølge Aarhus Kommune" in danish
    assert ("Its start has not been confirmed since." in english) is overtaken
    assert ("Starten er ikke bekræftet siden." in danish) is overtaken


def test_an_expired_agreement_is_shown_as_expired(client):
    english = unescape(client.get("/en/partners/kiel/").content.decode())
    danish = unescape(client.get("/da/partners/kiel/").content.decode())

    assert "valid until May 2024 (expired)" in english
    assert "gyldig til maj 2024 (udløbet)" in danish


@pytest.mark.parametrize(("ended", "passed"), [("2024", True), ("2999", False)])
def test_a_project_past_its_end_is_not_shown_as_current(client, ended, passed):
    project = Project.objects.get(slug="tema-water")
    project_update(
        actor=None, project=project, expected_version=project.version, ended=ended
    )

    english = unescape(client.get("/en/projects/tema-water/").content.decode())
    danish = unescape(client.get("/da/projects/tema-water/").content.decode())

    assert ("its planned end has passed" in english) is passed
    assert ("den planlagte afslutning er passeret" in danish) is passed
    assert ("<dt>Planned end</dt>" in english) is not passed
    assert ("<dt>Ended</dt>" in english) is passed
