"""A dry run of a places file judges every row as the import would, without writing.

It takes another road than the import (`core.checking`: rules judged for the
whole file, nothing saved), so these tests hold it to the import's verdicts.
"""

from __future__ import annotations

import pytest

from twinning.imports.services import import_table
from twinning.imports.tests.files import place_row, place_row_of, write_csv
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


def run(path, editor, *, dry_run):
    return import_table(
        kind="places", file=path, municipality=None, actor=editor, dry_run=dry_run
    )


def verdict(report):
    return (
        [(p.row, p.column, p.value, p.message) for p in report.problems],
        (report.created, report.updated, report.unchanged),
    )


def test_a_dry_run_finds_every_problem_the_import_finds(tmp_path, aarhus, editor):
    bergen = Place.objects.get(slug="bergen")
    kiel = Place.objects.get(slug="kiel")
    rows = [
        place_row(),  # good: a new place
        place_row_of(bergen, population=1),  # good: a change
        place_row(external_id="vejle", name_da="Vejle", country="XA", geonames_id=""),
        # The GeoNames id of a place already kept, and one that two rows share.
        place_row(external_id="nyby", name_da="Nyby", geonames_id=kiel.geonames_id),
        place_row(external_id="et", name_da="Et", geonames_id="7777001"),
        place_row(external_id="to", name_da="To", geonames_id="7777001"),
        place_row(external_id="nord", name_da="Nord", latitude="95", geonames_id=""),
        place_row(external_id="tom", name_da="Tom", population="-5", geonames_id=""),
        # Bergen's GeoNames id given to Kiel, while Bergen keeps it.
        place_row_of(kiel, geonames_id=bergen.geonames_id),
    ]
    path = write_csv(tmp_path / "places.csv", "places", rows)

    dry = run(path, editor, dry_run=True)
    real = run(path, editor, dry_run=False)

    assert verdict(dry) == verdict(real)
    found = {(p.row, p.column) for p in dry.problems}
    assert found == {
        (4, "country"),
        (5, "geonames_id"),
        (7, "geonames_id"),
        (8, "latitude"),
        (9, "population"),
        (10, "geonames_id"),
    }
    assert (dry.created, dry.updated) == (2, 1)  # odense, et; bergen
    assert not real.written
    assert not Place.objects.filter(slug__in=["odense", "et", "to"]).exists()


def test_a_dry_run_of_good_rows_reports_what_the_import_then_does(
    tmp_path, aarhus, editor
):
    bergen = Place.objects.get(slug="bergen")
    rows = [
        place_row(),
        place_row(external_id="svendborg", name_da="Svendborg", geonames_id="2612045"),
        place_row_of(bergen, population=1),
        place_row_of(Place.objects.get(slug="kiel")),
    ]
    path = write_csv(tmp_path / "places.csv", "places", rows)

    dry = run(path, editor, dry_run=True)

    assert verdict(dry) == ([], (2, 1, 1))
    assert not Place.objects.filter(slug="odense").exists()
    bergen.refresh_from_db()
    assert bergen.population != 1
    real = run(path, editor, dry_run=False)
    assert verdict(real) == verdict(dry)
    assert real.written
    assert Place.objects.get(slug="svendborg").geonames_id == 2612045


def test_a_dry_run_asks_the_database_a_few_questions_for_a_whole_file(
    tmp_path, aarhus, editor, django_assert_max_num_queries
):
    """A rule is judged once per value it reads and once per batch of rows, not
    once a row: three hundred rows take no more queries than three."""
    rows = [
        place_row(
            external_id=f"prove-{number}",
            name_da=f"Prøve {number}",
            geonames_id=str(8_000_000 + number),
        )
        for number in range(300)
    ]
    path = write_csv(tmp_path / "places.csv", "places", rows)

    with django_assert_max_num_queries(20):
        report = run(path, editor, dry_run=True)

    assert verdict(report) == ([], (300, 0, 0))
