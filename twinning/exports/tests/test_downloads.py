"""Every download: a file name, caching headers, and 304 for a copy that is current."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from twinning.accounts.roles import EDITOR
from twinning.accounts.services import user_create
from twinning.activities.services import activity_create
from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import Partnership, Theme
from twinning.partnerships.services import (
    partnership_add_event,
    partnership_create,
    partnership_update,
)
from twinning.places.models import Municipality, Organisation
from twinning.places.services import place_create
from twinning.projects.services import (
    participation_create,
    project_create,
    project_set_sectors,
)
from twinning.results.models import Result
from twinning.results.services import indicator_create, result_create, result_delete

from .conftest import DOWNLOADS

pytestmark = pytest.mark.django_db

FILE_NAMES = {
    "/open-data/partnerships.csv": "aarhus-partnerships.csv",
    "/open-data/partnerships.xlsx": "aarhus-partnerships.xlsx",
    "/open-data/partners.geojson": "aarhus-partners.geojson",
    "/open-data/calendar.ics": "aarhus-calendar.ics",
    "/open-data/calendar.ics?lang=en": "aarhus-calendar-en.ics",
    "/open-data/iati-activities.xml": "aarhus-iati-activities.xml",
}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_every_download_names_its_file_and_may_be_cached(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="aarhus-')
    if path in FILE_NAMES:
        assert response["Content-Disposition"].endswith(f'"{FILE_NAMES[path]}"')
    assert parse_http_date(response["Last-Modified"]) <= timezone.now().timestamp()
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="license"' in response["Link"]


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_client_with_a_current_copy_is_told_it_is_not_modified(client, path):
    last_modified = client.get(path)["Last-Modified"]

    response = client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304
    assert response.content == b""


@pytest.fixture
def tomorrow(monkeypatch):
    """Make the register's clock read a day ahead, so that changes are newer."""
    later = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    return later


def test_a_partnership_made_internal_makes_the_downloads_newer(
    client, editor, tomorrow
):
    before = client.get("/open-data/partners.geojson")["Last-Modified"]
    kiel = Partnership.objects.get(slug="kiel")
    partnership_update(
        partnership=kiel, actor=editor, expected_version=kiel.version, is_public=False
    )

    response = client.get("/open-data/partners.geojson", HTTP_IF_MODIFIED_SINCE=before)
    assert response.status_code == 200
    assert b'"kiel"' not in response.content
    assert response["Last-Modified"] == http_date(int(tomorrow.timestamp()))


def test_a_deleted_result_makes_the_downloads_newer(client, editor, tomorrow):
    before = client.get("/open-data/results.csv")["Last-Modified"]
    result_delete(result=Result.objects.get(slug="partnerships-networks"), actor=editor)

    response = client.get("/open-data/results.csv", HTTP_IF_MODIFIED_SINCE=before)
    assert response.status_code == 200
    assert b"partnerships-networks" not in response.content


def test_a_download_can_only_be_read(client):
    assert client.post("/open-data/partnerships.csv").status_code == 405
    assert client.head("/open-data/partnerships.csv").status_code == 200


def add_portfolio(editor, aarhus, numbers) -> None:
    """Add, per number, a public partnership with an activity, a result and a project
    with a sector, an organisation in a role and an indicator."""
    municipality_organisation = Organisation.objects.get(slug="aarhus-kommune")
    for number in numbers:
        place = place_create(
            actor=editor,
            slug=f"town-{number}",
            name_en=f"Town {number}",
            country="SE",
            latitude=Decimal("59.00"),
            longitude=Decimal(f"{12 + number}"),
        )
        partnership = partnership_create(
            actor=editor,
            municipality=aarhus,
            slug=f"town-{number}",
            partner_place=place,
            kind="cooperation",
            themes=list(Theme.objects.filter(slug="water")),
        )
        partnership_add_event(
            partnership=partnership,
            actor=editor,
            kind=EventKind.ESTABLISHED,
            date="2020",
        )
        activity_create(
            actor=editor,
            municipality=aarhus,
            slug=f"visit-{number}",
            kind="outgoing_visit",
            title_en=f"Visit to Town {number}",
            started="2021-05",
            partnership=partnership,
            place=place,
            is_public=True,
        )
        result_create(
            actor=editor,
            municipality=aarhus,
            slug=f"deal-{number}",
            kind="business_deal",
            title_en=f"Deal with Town {number}",
            partnership=partnership,
            value=Decimal("1000"),
            currency="DKK",
        )
        project = project_create(
            actor=editor,
            municipality=aarhus,
            slug=f"project-{number}",
            title_en=f"Water in Town {number}",
            partnership=partnership,
            started="2021",
        )
        project_set_sectors(project=project, actor=editor, sectors={"14020": 100})
        participation_create(
            actor=editor,
            project=project,
            organisation=municipality_organisation,
            role="implementing",
        )
        indicator_create(
            actor=editor,
            project=project,
            title_en="Water losses",
            periods=[
                {
                    "period_start": dt.date(2022, 1, 1),
                    "period_end": dt.date(2022, 12, 31),
                    "target_value": Decimal("10"),
                }
            ],
        )


@pytest.fixture(scope="module")
def queries_per_download(module_records) -> dict[str, tuple[int, int]]:
    """Count each download's queries for a portfolio of one and of three.

    The portfolio is built once for all the downloads, as building it is what costs:
    one record more per row makes a download take two queries more.
    """
    editor = user_create(
        username="queries-editor",
        password="not used",
        role=EDITOR,
        municipalities=[Municipality.objects.get(slug="aarhus")],
    )
    aarhus = Municipality.objects.get(slug="aarhus")
    client = Client()

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        return len(queries.captured_queries)

    add_portfolio(editor, aarhus, range(1))
    for path in DOWNLOADS:
        client.get(path)  # let anything done once per process happen first
    few = {path: count(path) for path in DOWNLOADS}
    add_portfolio(editor, aarhus, range(1, 3))
    return {path: (few[path], count(path)) for path in DOWNLOADS}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_download_takes_as_many_queries_however_large_the_portfolio(
    queries_per_download, path
):
    few, many = queries_per_download[path]

    assert many == few
