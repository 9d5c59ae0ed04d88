"""The projects as IATI 2.03 activities: valid against the schema, every code known.

The schema and codelists are the reference data beside DESIGN.md (shared/data/iati);
the application itself never reads them.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from twinning.exports.iati import reporting_org_ref
from twinning.places.models import Organisation
from twinning.places.services import organisation_update
from twinning.projects.models import Project
from twinning.projects.services import project_create, project_update
from twinning.results.services import indicator_create

pytestmark = pytest.mark.django_db

# shared/ sits beside the project's clone; TWINNING_IATI_DATA may point elsewhere.
IATI = Path(
    os.environ.get("TWINNING_IATI_DATA")
    or Path(__file__).resolve().parents[4] / "shared/data/iati"
)
SCHEMA = IATI / "schemas/iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Which codelist each coded attribute draws on: (element, attribute) → codelist file.
CODED = {
    ("reporting-org", "type"): "non-embedded/OrganisationType.xml",
    ("participating-org", "role"): "embedded/OrganisationRole.xml",
    ("participating-org", "type"): "non-embedded/OrganisationType.xml",
    ("activity-status", "code"): "embedded/ActivityStatus.xml",
    ("activity-date", "type"): "embedded/ActivityDateType.xml",
    ("recipient-country", "code"): "non-embedded/Country.xml",
    ("sector", "vocabulary"): "non-embedded/SectorVocabulary.xml",
    ("sector", "code"): "non-embedded/Sector.xml",
    ("budget", "type"): "embedded/BudgetType.xml",
    ("value", "currency"): "non-embedded/Currency.xml",
    ("iati-activity", "default-currency"): "non-embedded/Currency.xml",
    ("result", "type"): "non-embedded/ResultType.xml",
    ("indicator", "measure"): "non-embedded/IndicatorMeasure.xml",
    ("*", XML_LANG): "non-embedded/Language.xml",
}
# Attributes that hold no code: identifiers, dates, numbers, flags.
NOT_CODED = {
    "version",
    "generated-datetime",
    "last-updated-datetime",
    "hierarchy",
    "ref",
    "iso-date",
    "percentage",
    "value-date",
    "year",
    "value",
    "ascending",
}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA.exists():
        pytest.skip(f"The IATI reference data is not at {IATI} (shared/data/iati)")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def codelists(schema) -> dict[str, dict[str, str | None]]:
    """Return each codelist's codes with their status (active, withdrawn or none)."""
    lists = {}
    for name in set(CODED.values()):
        tree = etree.parse(str(IATI / "codelists" / name))
        lists[name] = {
            item.findtext("code"): item.get("status")
            for item in tree.iter("codelist-item")
        }
    return lists


@pytest.fixture
def tema_with_budget_and_indicator(editor):
    """Give the Tema project an end, a budget, and an indicator with two periods."""
    tema = Project.objects.get(slug="tema-water")
    project_update(
        project=tema,
        actor=editor,
        expected_version=tema.version,
        ended="2022-12",
        budget_amount=Decimal("5000000.00"),
        budget_currency="DKK",
        budget_value_date=dt.date(2019, 2, 1),
    )
    indicator_create(
        actor=editor,
        project=tema,
        title_en="Non-revenue water in the pilot area",
        title_da="Ikke-faktureret vand i pilotområdet",
        measure="2",
        ascending=False,
        baseline_year=2019,
        baseline_value=Decimal("48.00"),
        periods=[
            {
                "period_start": dt.date(2021, 1, 1),
                "period_end": dt.date(2021, 12, 31),
                "target_value": Decimal("45.00"),
                "actual_value": Decimal("46.50"),
            },
            {
                "period_start": dt.date(2022, 1, 1),
                "period_end": dt.date(2022, 12, 31),
                "target_value": Decimal("40.00"),
                "actual_value": Decimal("40.00"),
            },
        ],
    )
    return tema


def iati_document(client) -> etree._Element:
    response = client.get("/open-data/iati-activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return etree.fromstring(response.content)


def activity_of(document: etree._Element, slug: str) -> etree._Element:
    for activity in document.iter("iati-activity"):
        if activity.findtext("iati-identifier").endswith(f"-{slug}"):
            return activity
    raise AssertionError(f"No IATI activity for {slug}")


def test_the_iati_file_is_valid_against_the_iati_2_03_schema(
    client, schema, tema_with_budget_and_indicator
):
    document = iati_document(client)

    assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"
    assert len(document.findall("iati-activity")) == 3


def test_every_code_in_the_iati_file_is_in_its_codelist(
    client, codelists, tema_with_budget_and_indicator
):
    document = iati_document(client)

    checked = 0
    for element in document.iter():
        for attribute, code in element.attrib.items():
            codelist = CODED.get((element.tag, attribute)) or CODED.get(
                ("*", attribute)
            )
            if codelist is None:
                assert attribute in NOT_CODED, f"{element.tag}@{attribute} unchecked"
                continue
            assert code in codelists[codelist], f"{element.tag}@{attribute}={code}"
            assert codelists[codelist][code] != "withdrawn", f"{code} is withdrawn"
            checked += 1
    assert checked > 50


def test_a_project_reports_its_roles_country_sectors_and_dates(client):
    tshwane = activity_of(iati_document(client), "tshwane-urban-water")

    titles = {n.get(XML_LANG): n.text for n in tshwane.find("title")}
    assert titles["en"].startswith("Strategic sector cooperation with Tshwane")
    assert titles["da"].startswith("Strategisk sektorsamarbejde med Tshwane")
    names_by_role = {}
    for org in tshwane.findall("participating-org"):
        english = next(n.text for n in org if n.get(XML_LANG) == "en")
        names_by_role.setdefault(org.get("role"), set()).add(english)
    assert "Danish Ministry of Foreign Affairs" in names_by_role["1"]
    assert "City of Aarhus" in names_by_role["2"]
    assert {"City of Aarhus", "Aarhus Vand A/S"} <= names_by_role["4"]
    assert tshwane.find("activity-status").get("code") == "2"
    start = tshwane.find("activity-date")
    assert (start.get("type"), start.get("iso-date")) == ("2", "2017-01-01")
    assert [c.get("code") for c in tshwane.findall("recipient-country")] == ["ZA"]
    sectors = {s.get("code"): s.get("percentage") for s in tshwane.findall("sector")}
    assert sectors == {"43030": "40", "14021": "20", "14022": "40"}
    assert {s.get("vocabulary") for s in tshwane.findall("sector")} == {"1"}


def test_technology_partners_are_left_out_of_the_iati_roles(client):
    tshwane = activity_of(iati_document(client), "tshwane-urban-water")

    names = {
        narrative.text
        for org in tshwane.findall("participating-org")
        for narrative in org
    }
    assert not names & {"Grundfos", "AVK", "Kamstrup"}


def test_a_budget_and_an_indicator_are_reported_with_their_periods(
    client, tema_with_budget_and_indicator
):
    tema = activity_of(iati_document(client), "tema-water")

    budget = tema.find("budget")
    assert budget.get("type") == "1"
    assert budget.find("period-start").get("iso-date") == "2019-01-01"
    assert budget.find("period-end").get("iso-date") == "2022-12-31"
    value = budget.find("value")
    assert (value.text, value.get("currency"), value.get("value-date")) == (
        "5000000",
        "DKK",
        "2019-02-01",
    )
    end = tema.findall("activity-date")[-1]
    assert (end.get("type"), end.get("iso-date")) == ("4", "2022-12-31")
    indicator = tema.find("result/indicator")
    assert indicator.get("measure") == "2"
    assert indicator.get("ascending") == "0"
    assert indicator.find("baseline").attrib == {"year": "2019", "value": "48"}
    periods = [
        (p.find("target").get("value"), p.find("actual").get("value"))
        for p in indicator.findall("period")
    ]
    assert periods == [("45", "46.5"), ("40", "40")]


def test_the_reporting_org_uses_the_municipality_s_iati_identifier(
    client, editor, aarhus
):
    assert reporting_org_ref(aarhus) == "XX-TWINNING-aarhus"
    organisation = Organisation.objects.get(slug="aarhus-kommune")
    organisation_update(
        organisation=organisation,
        actor=editor,
        expected_version=organisation.version,
        iati_identifier="DK-CVR-55133018",
    )

    tshwane = activity_of(iati_document(client), "tshwane-urban-water")
    assert tshwane.find("reporting-org").get("ref") == "DK-CVR-55133018"
    assert tshwane.findtext("iati-identifier") == "DK-CVR-55133018-tshwane-urban-water"


def test_a_project_s_own_iati_identifier_is_kept(client, editor):
    udaipur = Project.objects.get(slug="udaipur-water")
    project_update(
        project=udaipur,
        actor=editor,
        expected_version=udaipur.version,
        iati_identifier="DK-1-12345",
    )

    identifiers = [
        a.findtext("iati-identifier")
        for a in iati_document(client).iter("iati-activity")
    ]
    assert "DK-1-12345" in identifiers


def test_an_internal_project_and_one_without_a_start_are_not_reported(
    client, editor, aarhus, schema
):
    project_create(
        actor=editor,
        municipality=aarhus,
        slug="secret-project",
        title_en="Secret project",
        started="2024",
        is_public=False,
    )
    project_create(
        actor=editor,
        municipality=aarhus,
        slug="undated-project",
        title_en="Undated project",
        is_public=True,
    )

    document = iati_document(client)
    xml = etree.tostring(document).decode()
    assert "Secret project" not in xml
    assert "Undated project" not in xml
    assert schema.validate(document), schema.error_log
