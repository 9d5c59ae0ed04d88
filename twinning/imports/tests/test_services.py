"""Importing tables of places, partnerships and activities: all rows or none."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from twinning.activities.models import Activity
from twinning.imports.services import import_table
from twinning.imports.tests.files import (
    activity_row,
    partnership_row,
    place_row,
    place_row_of,
    write_csv,
    write_xlsx,
)
from twinning.partnerships.choices import EventKind, PartnershipStatus
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_terminate
from twinning.places.models import Organisation, Place

pytestmark = pytest.mark.django_db


def run(kind, path, municipality, actor, *, dry_run=False):
    return import_table(
        kind=kind, file=path, municipality=municipality, actor=actor, dry_run=dry_run
    )


def history_size(*records):
    return sum(record.history.count() for record in records)


# -- all or nothing -------------------------------------------------------------------


def test_an_import_with_one_bad_row_writes_nothing_and_names_its_row_column_and_value(
    tmp_path, aarhus, editor
):
    path = write_csv(
        tmp_path / "places.csv",
        "places",
        [
            place_row(),
            place_row(
                external_id="vejle", name_da="Vejle", country="XA", geonames_id=""
            ),
            place_row(external_id="kolding", name_da="Kolding", geonames_id=""),
        ],
    )

    report = run("places", path, None, editor)

    assert not report.written
    assert not Place.objects.filter(slug__in=["odense", "vejle", "kolding"]).exists()
    assert [str(problem) for problem in report.problems] == [
        "row 3, column country: “XA” is not an ISO 3166-1 alpha-2 country code."
    ]
    problem = report.problems[0]
    assert (problem.row, problem.column, problem.value) == (3, "country", "XA")


def test_every_problem_of_every_row_is_listed(tmp_path, aarhus, editor):
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(kind="twinning", themes="culture|gardening"),
            partnership_row(
                external_id="aarhus-riga",
                partner_external_id="riga",
                partner_country="LV",
                status="terminated",
                started="2020",
                ended="2019",
            ),
            partnership_row(external_id="", partner_external_id="vilnius"),
        ],
    )

    report = run("partnerships", path, aarhus, editor)

    found = {(p.row, p.column, p.value) for p in report.problems}
    assert (2, "themes", "culture|gardening") in found
    assert (2, "kind", "twinning") in found
    assert (3, "ended", "2019") in found
    assert (4, "external_id", "") in found
    assert len(found) == len(report.problems)
    assert not Partnership.objects.filter(slug="aarhus-tallinn").exists()
    assert not Place.objects.filter(slug="tallinn").exists()


def test_a_dry_run_writes_nothing_but_reports_what_it_would_do(
    tmp_path, aarhus, editor
):
    bergen = Place.objects.get(slug="bergen")
    path = write_csv(
        tmp_path / "places.csv",
        "places",
        [place_row(), place_row_of(bergen, population=1)],
    )

    report = run("places", path, None, editor, dry_run=True)

    assert report.ok
    assert not report.written
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert not Place.objects.filter(slug="odense").exists()
    bergen.refresh_from_db()
    assert bergen.population != 1


# -- matching by external_id ---------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    tmp_path, aarhus, editor
):
    places = write_csv(tmp_path / "places.csv", "places", [place_row()])
    partnerships = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(),
            partnership_row(
                external_id="aarhus-riga",
                partner_external_id="riga",
                partner_name_da="Riga",
                partner_name_en="Riga",
                partner_country="LV",
                status="limited",
                started="2001",
            ),
        ],
    )
    activities = write_csv(tmp_path / "activities.csv", "activities", [activity_row()])
    assert run("places", places, None, editor).created == 1
    assert run("partnerships", partnerships, aarhus, editor).created == 2
    assert run("activities", activities, aarhus, editor).created == 1
    records = [
        Place.objects.get(slug="odense"),
        Place.objects.get(slug="tallinn"),
        Partnership.objects.get(slug="aarhus-tallinn"),
        Partnership.objects.get(slug="aarhus-riga"),
        Activity.objects.get(slug="bergen-visit-2025"),
    ]
    versions = [record.version for record in records]
    history = history_size(*records)
    events = list(records[3].events.values_list("kind", "date"))

    again = [
        run("places", places, None, editor),
        run("partnerships", partnerships, aarhus, editor),
        run("activities", activities, aarhus, editor),
    ]

    assert [(r.created, r.updated, r.unchanged) for r in again] == [
        (0, 0, 1),
        (0, 0, 2),
        (0, 0, 1),
    ]
    for record in records:
        record.refresh_from_db()
    assert [record.version for record in records] == versions
    assert history_size(*records) == history
    assert list(records[3].events.values_list("kind", "date")) == events


def test_a_changed_row_updates_its_record_through_the_service(tmp_path, aarhus, editor):
    bergen = Place.objects.get(slug="bergen")
    version, history = bergen.version, bergen.history.count()
    path = write_csv(
        tmp_path / "places.csv",
        "places",
        [place_row_of(bergen, population="300000")],
    )

    report = run("places", path, None, editor)

    assert (report.created, report.updated) == (0, 1)
    bergen.refresh_from_db()
    assert bergen.population == 300000
    assert bergen.version == version + 1
    latest = bergen.history.first()
    assert bergen.history.count() == history + 1
    assert latest.history_user == editor
    assert latest.history_change_reason == "Imported from places.csv"


def test_a_record_of_another_home_municipality_is_not_taken_over(
    tmp_path, aarhus, editor
):
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [partnership_row(municipality="odense")],
    )

    report = run("partnerships", path, aarhus, editor)

    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (2, "municipality", "odense")
    ]


# -- partnerships: partners and the event history ------------------------------------


def test_a_new_partnership_gets_its_partner_and_the_events_of_its_status(
    tmp_path, aarhus, editor
):
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(),
            partnership_row(
                external_id="aarhus-ghana-health",
                partner_type="organisation",
                partner_external_id="ghana-health-service",
                partner_name_da="Ghana Health Service",
                partner_name_en="Ghana Health Service",
                partner_country="GH",
                kind="sector_cooperation",
                status="terminated",
                started="2015",
                ended="2020-06-30",
                themes="",
            ),
        ],
    )

    report = run("partnerships", path, aarhus, editor)

    assert report.ok, report.problems
    assert (report.created, report.partners_created) == (2, 2)
    tallinn = Partnership.objects.get(slug="aarhus-tallinn")
    assert tallinn.partner_place.country == "EE"
    assert tallinn.partner_place.name_en == "Tallinn"
    assert (tallinn.status, tallinn.started, tallinn.ended) == ("active", "2024-05", "")
    assert {theme.slug for theme in tallinn.themes.all()} == {"culture", "business"}
    assert list(tallinn.events.values_list("kind", "date")) == [
        (EventKind.ESTABLISHED, "2024-05")
    ]
    ghana = Partnership.objects.get(slug="aarhus-ghana-health")
    assert ghana.partner_organisation == Organisation.objects.get(
        slug="ghana-health-service"
    )
    assert (ghana.status, ghana.started, ghana.ended) == (
        "terminated",
        "2015",
        "2020-06-30",
    )


def test_a_limited_partnership_is_limited_from_the_day_of_the_import_not_from_its_start(
    tmp_path, aarhus, editor
):
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [partnership_row(status="limited", started="2001")],
    )

    run("partnerships", path, aarhus, editor)

    partnership = Partnership.objects.get(slug="aarhus-tallinn")
    assert (partnership.status, partnership.started) == ("limited", "2001")
    established, limited = partnership.events.all()
    assert (established.kind, established.date) == ("established", "2001")
    assert limited.kind == "limited"
    assert limited.date > "2024"
    assert "partnerships.csv" in limited.note_en
    assert "does not say since when" in limited.note_en


def test_a_partnership_without_a_start_is_confirmed_as_going_on(
    tmp_path, aarhus, editor
):
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [partnership_row(started="")],
    )

    run("partnerships", path, aarhus, editor)

    partnership = Partnership.objects.get(slug="aarhus-tallinn")
    assert (partnership.status, partnership.started) == ("active", "")
    assert [event.kind for event in partnership.events.all()] == ["confirmed"]


def test_a_terminated_row_ends_a_partnership_with_a_dated_event(
    tmp_path, aarhus, editor
):
    rostock = Partnership.objects.get(slug="rostock")
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(
                external_id="rostock",
                partner_external_id="rostock",
                partner_name_da="Rostock",
                partner_name_en="Rostock",
                partner_country="DE",
                kind="sister_city",
                status="terminated",
                started="1964",
                ended="2026-01-15",
                themes="|".join(sorted(t.slug for t in rostock.themes.all())),
                group="",
                description_da=rostock.description_da,
                description_en=rostock.description_en,
            )
        ],
    )

    report = run("partnerships", path, aarhus, editor)

    assert (report.updated, report.problems) == (1, [])
    rostock.refresh_from_db()
    assert (rostock.status, rostock.ended) == ("terminated", "2026-01-15")
    assert rostock.events.last().kind == "terminated"


def test_a_start_that_contradicts_the_recorded_history_is_a_problem_not_a_rewrite(
    tmp_path, aarhus, editor
):
    bergen = Partnership.objects.get(slug="bergen")
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(
                external_id="bergen",
                partner_external_id="bergen",
                kind="sister_city",
                status="active",
                started="1950",
            )
        ],
    )

    report = run("partnerships", path, aarhus, editor)

    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (2, "started", "1950")
    ]
    assert "Correct the events in the back office" in report.problems[0].message
    bergen.refresh_from_db()
    assert bergen.started == "1946"


def test_a_terminated_partnership_can_be_ended_again_only_in_the_back_office(
    tmp_path, aarhus, editor
):
    partnership_terminate(
        partnership=Partnership.objects.get(slug="rostock"),
        actor=editor,
        on="2025-01-01",
        decided_by="City Council",
    )
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(
                external_id="rostock",
                partner_external_id="rostock",
                kind="sister_city",
                status="terminated",
                started="1964",
                ended="2025-06-01",
            )
        ],
    )

    report = run("partnerships", path, aarhus, editor)

    assert [(p.column, p.value) for p in report.problems] == [("ended", "2025-06-01")]
    assert Partnership.objects.get(slug="rostock").ended == "2025-01-01"


# -- activities ----------------------------------------------------------------------


def test_an_activity_names_its_partnership_project_and_place_by_their_keys(
    tmp_path, aarhus, editor
):
    path = write_csv(
        tmp_path / "activities.csv",
        "activities",
        [activity_row(), activity_row(external_id="x", partnership="atlantis")],
    )

    report = run("activities", path, aarhus, editor)

    assert [str(p) for p in report.problems] == [
        "row 3, column partnership: There is no partnership with the key “atlantis”."
    ]
    path = write_csv(tmp_path / "activities.csv", "activities", [activity_row()])
    assert run("activities", path, aarhus, editor).created == 1
    activity = Activity.objects.get(slug="bergen-visit-2025")
    assert activity.partnership.slug == "bergen"
    assert activity.place.slug == "aarhus"
    assert activity.title_da == "Besøg fra Bergen"


# -- what Danish Excel saves ---------------------------------------------------------


def test_a_windows_1252_file_reads_its_danish_letters_right(tmp_path, aarhus, editor):
    path = write_csv(
        tmp_path / "places.csv",
        "places",
        [
            place_row(
                external_id="arhus-old",
                name_da="Århus",
                name_en="Aarhus",
                geonames_id="",
            )
        ],
        encoding="cp1252",
    )
    assert "Århus".encode("cp1252") in path.read_bytes()

    report = run("places", path, None, editor)

    assert report.ok, report.problems
    assert Place.objects.get(slug="arhus-old").name_da == "Århus"


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8-sig"), (";", "utf-8"), ("\t", "utf-8")],
)
def test_semicolons_commas_and_a_byte_order_mark_are_all_read(
    tmp_path, aarhus, editor, delimiter, encoding
):
    path = write_csv(
        tmp_path / "places.csv",
        "places",
        [place_row(name_da="Odense Kommune, by", name_en="Odense; city")],
        delimiter=delimiter,
        encoding=encoding,
    )

    report = run("places", path, None, editor)

    assert report.ok, report.problems
    place = Place.objects.get(slug="odense")
    assert (place.name_da, place.name_en) == ("Odense Kommune, by", "Odense; city")
    assert place.geonames_id == 2615876


def test_danish_decimal_commas_and_day_first_dates_are_understood(
    tmp_path, aarhus, editor
):
    places = write_csv(
        tmp_path / "places.csv",
        "places",
        [place_row(latitude="55,39594", longitude="10,38831", population="180.863")],
    )
    activities = write_csv(
        tmp_path / "activities.csv",
        "activities",
        [activity_row(started="10-09-2025", ended="12.09.2025")],
    )

    assert run("places", places, None, editor).ok
    assert run("activities", activities, aarhus, editor).ok

    place = Place.objects.get(slug="odense")
    assert (str(place.latitude), place.population) == ("55.39594", 180863)
    activity = Activity.objects.get(slug="bergen-visit-2025")
    assert (activity.started, activity.ended) == ("2025-09-10", "2025-09-12")


def test_an_excel_workbook_is_read_from_its_first_sheet(tmp_path, aarhus, editor):
    path = write_xlsx(
        tmp_path / "places.xlsx",
        "places",
        [place_row(population=180863, latitude=55.39594, geonames_id=2615876)],
    )

    report = run("places", path, None, editor)

    assert report.ok, report.problems
    place = Place.objects.get(slug="odense")
    assert (place.population, place.geonames_id) == (180863, 2615876)
    assert str(place.latitude) == "55.39594"


def test_dates_in_a_workbook_keep_the_precision_their_format_shows(
    tmp_path, aarhus, editor
):
    path = write_xlsx(
        tmp_path / "activities.xlsx",
        "activities",
        [activity_row(started=dt.date(2025, 9, 10), ended=dt.date(2025, 9, 1))],
    )
    workbook = load_workbook(path)
    workbook.active["G2"].number_format = "mmmm yyyy"
    workbook.save(path)

    report = run("activities", path, aarhus, editor)

    assert report.ok, report.problems
    activity = Activity.objects.get(slug="bergen-visit-2025")
    assert (activity.started, activity.ended) == ("2025-09-10", "2025-09")


def test_a_file_that_is_not_a_table_is_refused_as_a_whole(tmp_path, aarhus, editor):
    path = tmp_path / "places.csv"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d not text")

    report = run("places", path, None, editor)

    assert [(p.row, p.column) for p in report.problems] == [(0, "")]
    assert "neither UTF-8 nor Windows-1252" in report.problems[0].message


def test_a_header_with_an_unknown_column_is_refused_before_any_row(
    tmp_path, aarhus, editor
):
    path = tmp_path / "places.csv"
    path.write_text("external_id;name_da;inhabitants\nodense;Odense;180000\n")

    report = run("places", path, None, editor)

    assert [(p.row, p.column) for p in report.problems] == [(1, "inhabitants")]
    assert not Place.objects.filter(slug="odense").exists()


def test_a_file_with_some_columns_changes_only_those(tmp_path, aarhus, editor):
    bergen = Place.objects.get(slug="bergen")
    path = tmp_path / "places.csv"
    path.write_text("external_id;population\nbergen;123456\n")

    report = run("places", path, None, editor)

    assert report.updated == 1
    changed = Place.objects.get(slug="bergen")
    assert changed.population == 123456
    assert (changed.name_da, changed.country, changed.geonames_id) == (
        bergen.name_da,
        bergen.country,
        bergen.geonames_id,
    )


def test_the_status_columns_go_together(tmp_path, aarhus, editor):
    path = tmp_path / "partnerships.csv"
    path.write_text("external_id;status\nbergen;terminated\n")

    report = run("partnerships", path, aarhus, editor)

    assert [(p.row, p.column) for p in report.problems] == [(1, "")]
    assert Partnership.objects.get(slug="bergen").status == PartnershipStatus.ACTIVE


def test_a_partner_in_the_register_is_used_as_it_is_but_a_bad_country_is_reported(
    tmp_path, aarhus, editor
):
    bergen = Place.objects.get(slug="bergen")
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [
            partnership_row(partner_external_id="bergen", partner_name_en="Bergen NO"),
            partnership_row(
                external_id="aarhus-bergen-water",
                partner_external_id="bergen",
                partner_country="XA",
                kind="sector_cooperation",
            ),
        ],
    )

    report = run("partnerships", path, aarhus, editor)

    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (3, "partner_country", "XA")
    ]
    path = write_csv(
        tmp_path / "partnerships.csv",
        "partnerships",
        [partnership_row(partner_external_id="bergen", partner_name_en="Bergen NO")],
    )
    assert run("partnerships", path, aarhus, editor).created == 1
    assert Partnership.objects.get(slug="aarhus-tallinn").partner_place == bergen
    bergen.refresh_from_db()
    assert bergen.name_en == "Bergen"
