"""A table downloaded from the open data and imported into an empty register gives
back the same records."""

from __future__ import annotations

import csv
import io

import pytest

from twinning.activities.models import Activity
from twinning.core.writes import writing_around_services
from twinning.imports.services import import_table
from twinning.imports.tests.files import COLUMNS, csv_bytes
from twinning.partnerships.models import Partnership
from twinning.places.models import Place
from twinning.projects.models import Project
from twinning.results.models import Result

pytestmark = pytest.mark.django_db


def stored(record, field, language):
    return getattr(record, f"{field}_{language}") or ""


def partnership_columns(partnership, municipality):
    """Return a partnership as the row of the downloads (exports/columns.py)."""
    partner = partnership.partner_place or partnership.partner_organisation
    country = partner.country
    if not country and getattr(partner, "place", None):
        country = partner.place.country
    return {
        "external_id": partnership.slug,
        "municipality": municipality.slug,
        "partner_type": "place" if partnership.partner_place else "organisation",
        "partner_external_id": partner.slug,
        "partner_name_da": stored(partner, "name", "da"),
        "partner_name_en": stored(partner, "name", "en"),
        "partner_country": country,
        "kind": partnership.kind,
        "status": partnership.status,
        "started": partnership.started,
        "ended": partnership.ended,
        "group": partnership.group.slug if partnership.group else "",
        "themes": "|".join(sorted(theme.slug for theme in partnership.themes.all())),
        "description_da": stored(partnership, "description", "da"),
        "description_en": stored(partnership, "description", "en"),
    }


def activity_columns(activity, municipality):
    """Return an activity as the row of the downloads (exports/columns.py)."""
    return {
        "external_id": activity.slug,
        "municipality": municipality.slug,
        "kind": activity.kind,
        "title_da": stored(activity, "title", "da"),
        "title_en": stored(activity, "title", "en"),
        "started": activity.started,
        "ended": activity.ended,
        "partnership": activity.partnership.slug if activity.partnership else "",
        "project": activity.project.slug if activity.project else "",
        "place": activity.place.slug if activity.place else "",
        "purpose_da": stored(activity, "purpose", "da"),
        "purpose_en": stored(activity, "purpose", "en"),
    }


def place_columns(place):
    return {
        "external_id": place.slug,
        "name_da": stored(place, "name", "da"),
        "name_en": stored(place, "name", "en"),
        "kind": place.kind,
        "country": place.country,
        "population": "" if place.population is None else str(place.population),
        "latitude": "" if place.latitude is None else str(place.latitude),
        "longitude": "" if place.longitude is None else str(place.longitude),
        "geonames_id": "" if place.geonames_id is None else str(place.geonames_id),
        "wikidata_id": place.wikidata_id,
    }


def register_rows(kind, municipality):
    if kind == "partnerships":
        records = Partnership.objects.for_municipality(municipality).public()
        return {p.slug: partnership_columns(p, municipality) for p in records}
    if kind == "activities":
        records = Activity.objects.for_municipality(municipality).public()
        return {a.slug: activity_columns(a, municipality) for a in records}
    return {place.slug: place_columns(place) for place in Place.objects.all()}


def download(client, kind, municipality):
    """Return the open-data CSV of a table: the download if it is there yet, else
    the same columns written from the register as the download would have them."""
    response = client.get(f"/open-data/{kind}.csv")
    if response.status_code == 200:
        return response.content
    return csv_bytes(COLUMNS[kind], register_rows(kind, municipality).values())


def rows_of(content):
    text = content.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return {
        row["external_id"]: row
        for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    }


def empty_the_register(municipality):
    """Remove the municipality's partnerships and activities (and what needs them).

    In the test's transaction: rolled back afterwards.
    """
    with writing_around_services():
        Project.objects.filter(municipality=municipality).update(partnership=None)
        Result.objects.filter(municipality=municipality).delete()
        Activity.objects.filter(municipality=municipality).delete()
        Partnership.objects.filter(municipality=municipality).delete()


def test_downloaded_partnerships_and_activities_come_back_the_same_in_an_empty_register(
    client, tmp_path, aarhus, editor
):
    partnerships_csv = download(client, "partnerships", aarhus)
    activities_csv = download(client, "activities", aarhus)
    downloaded = {
        "partnerships": rows_of(partnerships_csv),
        "activities": rows_of(activities_csv),
    }
    before = {kind: register_rows(kind, aarhus) for kind in downloaded}
    assert len(downloaded["partnerships"]) >= 15
    assert {row["status"] for row in downloaded["partnerships"].values()} >= {
        "active",
        "limited",
        "terminated",
    }
    assert downloaded["activities"]
    empty_the_register(aarhus)
    assert not Partnership.objects.filter(municipality=aarhus).exists()

    for kind, content in (
        ("partnerships", partnerships_csv),
        ("activities", activities_csv),
    ):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(content)
        report = import_table(
            kind=kind, file=path, municipality=aarhus, actor=editor, dry_run=False
        )
        assert report.ok, [str(problem) for problem in report.problems]
        assert report.created == len(downloaded[kind])

    after = {
        "partnerships": {
            p.slug: partnership_columns(p, aarhus)
            for p in Partnership.objects.for_municipality(aarhus).filter(
                slug__in=list(downloaded["partnerships"])
            )
        },
        "activities": {
            a.slug: activity_columns(a, aarhus)
            for a in Activity.objects.for_municipality(aarhus).filter(
                slug__in=list(downloaded["activities"])
            )
        },
    }
    for kind in downloaded:
        assert after[kind] == downloaded[kind]
        assert after[kind] == {slug: before[kind][slug] for slug in downloaded[kind]}


def test_downloaded_places_import_into_the_same_register_as_unchanged(
    client, tmp_path, aarhus, editor
):
    path = tmp_path / "places.csv"
    path.write_bytes(download(client, "places", aarhus))

    report = import_table(
        kind="places", file=path, municipality=aarhus, actor=editor, dry_run=False
    )

    assert report.ok, [str(problem) for problem in report.problems]
    assert report.unchanged == report.rows > 0


@pytest.mark.parametrize("kind", ["places", "partnerships", "activities"])
def test_a_downloaded_workbook_imports_into_the_same_register_as_unchanged(
    client, tmp_path, aarhus, editor, kind
):
    response = client.get(f"/open-data/{kind}.xlsx")
    if response.status_code != 200:
        pytest.skip("The XLSX downloads are not there yet.")
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(response.content)

    report = import_table(
        kind=kind, file=path, municipality=aarhus, actor=editor, dry_run=False
    )

    assert report.ok, [str(problem) for problem in report.problems]
    assert report.unchanged == report.rows > 0
