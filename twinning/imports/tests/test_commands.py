"""The command import_records: a progress bar, the report, and its exit status."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from twinning.imports.tests.files import partnership_row, place_row, write_csv
from twinning.partnerships.models import Partnership
from twinning.places.models import Place

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_good_file_and_prints_the_report(
    tmp_path, aarhus, editor
):
    path = write_csv(tmp_path / "partnerships.csv", "partnerships", [partnership_row()])

    out, _err = run(
        "partnerships", str(path), "--municipality", "aarhus", "--user", editor.username
    )

    assert "1 row: 1 new, 0 changed, 0 unchanged. 1 new partner." in out
    partnership = Partnership.objects.get(slug="aarhus-tallinn")
    assert partnership.history.first().history_user == editor


def test_the_command_exits_with_an_error_listing_every_problem_and_writes_nothing(
    tmp_path, aarhus
):
    path = write_csv(
        tmp_path / "places.csv",
        "places",
        [
            place_row(country="XA"),
            place_row(external_id="vejle", geonames_id="", population="many"),
        ],
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_records", "places", str(path), stderr=err)

    assert raised.value.returncode == 1
    assert "2 problems: nothing was imported." in str(raised.value)
    listed = err.getvalue()
    assert (
        "row 2, column country: “XA” is not an ISO 3166-1 alpha-2 country code."
        in listed
    )
    assert "row 3, column population: “many” value must be an integer." in listed
    assert not Place.objects.filter(slug__in=["odense", "vejle"]).exists()


def test_a_dry_run_of_the_command_writes_nothing(tmp_path, aarhus):
    path = write_csv(tmp_path / "places.csv", "places", [place_row()])

    out, _err = run("places", str(path), "--dry-run")

    assert "Dry run: nothing was written." in out
    assert not Place.objects.filter(slug="odense").exists()


def test_partnerships_need_a_municipality_on_the_command_line(tmp_path, aarhus):
    path = write_csv(tmp_path / "partnerships.csv", "partnerships", [partnership_row()])

    with pytest.raises(CommandError, match="--municipality"):
        run("partnerships", str(path))
