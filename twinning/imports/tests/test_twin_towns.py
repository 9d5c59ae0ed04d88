"""The twin-town network: imported from the public extracts, matched to GeoNames."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from django.core.management import call_command

from twinning.imports.twin_towns import (
    GeoNamesIndex,
    country_code,
    import_twin_towns,
    name_key,
)
from twinning.places.models import Place, TwinTownLink
from twinning.places.selectors import twin_towns_of

pytestmark = pytest.mark.django_db

# shared/ lies beside the checkout.
DATA = Path(__file__).resolve().parents[4] / "shared/data/twinning"
WIKIPEDIA = DATA / "hekman-twincities" / "twin_cities.csv"
WIKIDATA = DATA / "l3viathan-sister-cities"


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not on this machine.")


@pytest.fixture(scope="session")
def geonames() -> GeoNamesIndex:
    return GeoNamesIndex.load()


def sample(tmp_path: Path, lines: list[str]) -> Path:
    """Write lines of the Wikipedia extract where the dataset's name is kept."""
    folder = tmp_path / "hekman-twincities"
    folder.mkdir(exist_ok=True)
    path = folder / "twin_cities.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def first_lines(count: int) -> list[str]:
    need(WIKIPEDIA)
    with WIKIPEDIA.open(encoding="utf-8") as stream:
        return list(itertools.islice(stream, count))


def lines_naming(*names: str) -> list[str]:
    need(WIKIPEDIA)
    with WIKIPEDIA.open(encoding="utf-8") as stream:
        header = next(stream)
        return [header, *(line for line in stream if any(n in line for n in names))]


def test_country_names_of_the_extracts_become_iso_codes():
    assert country_code("Denmark") == "DK"
    assert country_code("Turkey") == "TR"
    assert country_code("Algarve, Portugal") == "PT"
    assert country_code("Georgia (country)") == "GE"
    assert country_code("Wales, United Kingdom") == "GB"
    assert country_code("Atlantis") == ""


def test_names_are_matched_folded_by_country_preferring_the_most_populous(geonames):
    assert geonames.match("Aarhus", "DK").geonames_id == 2624652  # "Århus"
    assert geonames.match("Göteborg", "SE").name == "Gothenburg"
    assert geonames.match("Bergen", "NO").geonames_id == 3161732
    assert geonames.match("Bergen", "NL").country == "NL"
    assert geonames.match("Kujalleq", "GL") is None
    assert geonames.match("Turku (Åbo)", "FI").name == "Turku"
    assert geonames.match("Aarhus, Jutland", "DK").geonames_id == 2624652


def test_a_name_without_a_country_is_matched_only_when_one_city_stands_out(geonames):
    assert geonames.match("Göteborg", "").name == "Gothenburg"
    assert geonames.match("Bergen", "") is None


def test_a_sample_of_the_wikipedia_extract_is_imported_once_and_reports_the_unmatched(
    tmp_path, geonames
):
    path = sample(tmp_path, first_lines(201))

    report = import_twin_towns(path=path, geonames=geonames)

    assert report.source == "hekman-twincities"
    assert report.rows == report.pairs == 200
    assert report.added == 200
    assert TwinTownLink.objects.filter(source="hekman-twincities").count() == 200
    assert 0 < report.places_matched < report.places
    assert report.unmatched
    assert all(place.reason for place in report.unmatched)
    assert report.pairs_matched + report.pairs_half_matched <= report.pairs

    again = import_twin_towns(path=path, geonames=geonames)

    assert (again.added, again.already_stored) == (0, 200)
    assert TwinTownLink.objects.count() == 200


def test_the_command_reports_and_lists_every_unmatched_place(
    tmp_path, geonames, monkeypatch
):
    # The command builds the same index the fixture did once for the process.
    monkeypatch.setattr(GeoNamesIndex, "load", classmethod(lambda cls: geonames))
    path = sample(tmp_path, first_lines(201))
    unmatched = tmp_path / "unmatched.csv"
    out = io.StringIO()

    call_command(
        "import_twin_towns", str(path), "--unmatched", str(unmatched), stdout=out
    )
    call_command("import_twin_towns", str(path), stdout=out)

    printed = out.getvalue()
    assert "200 distinct pairs" in printed
    assert "200 links added" in printed
    assert "0 links added, 200 already stored" in printed
    assert "Not matched" in printed
    with unmatched.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    assert set(rows[0]) == {
        "source",
        "name",
        "country_name",
        "country",
        "occurrences",
        "reason",
    }


def test_a_pair_given_both_ways_is_one_link(tmp_path, geonames):
    header, line = first_lines(2)
    a1, c1, lat1, lng1, a2, c2, lat2, lng2 = line.strip().split(",")
    reverse = ",".join([a2, c2, lat2, lng2, a1, c1, lat1, lng1]) + "\n"
    path = sample(tmp_path, [header, line, reverse])

    report = import_twin_towns(path=path, geonames=geonames)

    assert (report.rows, report.pairs, report.added) == (2, 1, 1)


def test_a_partner_page_can_list_the_partners_other_twin_towns(tmp_path, geonames):
    path = sample(tmp_path, lines_naming("Aarhus,Denmark", "Bergen,Norway"))
    import_twin_towns(path=path, geonames=geonames)
    aarhus = Place.objects.get(slug="aarhus")
    bergen = Place.objects.get(slug="bergen")

    aarhus_twins = twin_towns_of(aarhus)
    bergen_twins = twin_towns_of(bergen, exclude=[aarhus])

    assert {name_key(t.name) for t in aarhus_twins} == {
        "harbin",
        "bergen",
        "gothenburg",
        "kiel",
        "kujalleq",
        "rostock",
        "turku",
    }
    by_name = {t.name: t for t in aarhus_twins}
    assert by_name["Bergen"].place == bergen
    assert by_name["Kujalleq"].place == Place.objects.get(slug="kujalleq")
    assert by_name["Gothenburg"].geonames_id == 2711537
    assert bergen_twins
    assert "aarhus" not in {name_key(t.name) for t in bergen_twins}
    assert all(t.country for t in bergen_twins)


def test_the_wikidata_extract_is_matched_to_the_register_by_wikidata_id(
    tmp_path, geonames
):
    need(WIKIDATA / "relations.tsv")
    folder = tmp_path / "l3viathan-sister-cities"
    folder.mkdir()
    (folder / "names.tsv").write_bytes((WIKIDATA / "names.tsv").read_bytes())
    with (WIKIDATA / "relations.tsv").open(encoding="utf-8") as stream:
        lines = [line for line in stream if "Q25319" in line]
    (folder / "relations.tsv").write_text("".join(lines), encoding="utf-8")

    report = import_twin_towns(path=folder / "relations.tsv", geonames=geonames)

    # Claims made from both sides are one pair each: eight partners.
    assert (report.rows, report.pairs) == (len(lines), 8)
    twins = twin_towns_of(Place.objects.get(slug="aarhus"))
    assert {t.place.slug for t in twins if t.place} >= {
        "bergen",
        "gothenburg",
        "turku",
        "rostock",
        "harbin",
        "saint-petersburg",
    }
