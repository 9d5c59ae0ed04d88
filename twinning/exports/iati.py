"""The public projects as IATI 2.03 activities (iati-activities XML).

How the register maps to the standard, where it had to choose:

- reporting-org is the home municipality's organisation. Its `ref` is the
  organisation's IATI identifier; without one, `XX-TWINNING-<municipality slug>`:
  "XX" is an ISO 3166 user-assigned code, so the fallback cannot be mistaken for a
  registered identifier (org-id.guide lists none under it). Its type is the
  organisation's IATI type, or 11 (Local Government) if none is recorded.
- iati-identifier is the project's own, or `<reporting-org ref>-<project slug>`.
- participating-org: the IATI roles funding 1, accountable 2, extending 3,
  implementing 4. Technology partners are left out: they supply technology "when
  possible" and do not carry out the activity, so no IATI role fits them (they are
  on the project's public page and in the API). A project with no organisation in an
  IATI role names its home municipality as accountable, since the standard needs one.
- activity-date: the start as actual (2), or planned (1) while it lies ahead; the end
  as actual (4), or planned (3) while it lies ahead. Partial dates become their first
  day (start) or last day (end). A project without a start date is left out: IATI
  requires an activity date, and the register does not make one up.
- recipient-country: the partner's country (a place, or an organisation and its
  place); failing that, the countries of implementing organisations abroad; shares
  split evenly.
- sector: OECD DAC 5-digit codes, vocabulary 1, with the project's percentages.
- budget: the project's budget as one original budget (type 1) over the project's
  dates, with its currency and value date; left out when the project lacks a start
  or an end, since the standard requires the period.
- result: one result per indicator, of type 9 (Other), since the register does not
  record whether an indicator measures an output, an outcome or an impact; baseline
  (when it has a year), and per period the target and the actual value. Period
  comments are not published: the public pages do not show them.

Narratives are given in Danish and English, each with its xml:lang; a language with
no text is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils import timezone
from lxml import etree

from twinning.core.dates import PartialDate
from twinning.exports import selectors
from twinning.exports.tables import translated
from twinning.places.models import Municipality, Organisation
from twinning.projects.choices import ParticipantRole
from twinning.projects.models import Project

IATI_VERSION = "2.03"
MEDIA_TYPE = "application/xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
LOCAL_GOVERNMENT = "11"
FALLBACK_PREFIX = "XX-TWINNING"
ORIGINAL_BUDGET = "1"
RESULT_TYPE_OTHER = "9"
DAC_5_DIGIT = "1"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
ACCOUNTABLE = ParticipantRole.ACCOUNTABLE.iati_code or "2"


def number(value: Decimal | int) -> str:
    """Return a number as plain decimal text: 50.00 → "50", 1.50 → "1.5"."""
    return format(Decimal(value).normalize(), "f")


def reporting_org_ref(municipality: Municipality) -> str:
    """Return the IATI identifier of the municipality's organisation, or a fallback."""
    organisation = municipality.organisation
    if organisation is not None and organisation.iati_identifier:
        return organisation.iati_identifier.strip()
    return f"{FALLBACK_PREFIX}-{municipality.slug}"


def project_identifier(project: Project, reporting_ref: str) -> str:
    """Return the project's IATI identifier, or one under the reporting org's ref."""
    return project.iati_identifier.strip() or f"{reporting_ref}-{project.slug}"


def add_narratives(
    parent: etree._Element, texts: dict[str, str]
) -> etree._Element | None:
    """Add a narrative per language that has text; return None if none has."""
    added = False
    for language in LANGUAGES:
        text = (texts.get(language) or "").strip()
        if text:
            narrative = etree.SubElement(parent, "narrative")
            narrative.set(XML_LANG, language)
            narrative.text = text
            added = True
    return parent if added else None


def texts_of(record: Any, field: str) -> dict[str, str]:
    return {language: translated(record, field, language) for language in LANGUAGES}


def first_with_text(*candidates: dict[str, str]) -> dict[str, str]:
    """Return the first set of texts that has any text in any language."""
    for texts in candidates:
        if any(text.strip() for text in texts.values()):
            return texts
    return candidates[-1]


def organisation_names(
    organisation: Organisation | None, municipality: Municipality
) -> dict[str, str]:
    if organisation is not None:
        return first_with_text(
            texts_of(organisation, "name"), {"da": organisation.name}
        )
    return first_with_text(texts_of(municipality, "name"), {"da": municipality.name})


def even_shares(count: int) -> list[Decimal]:
    """Return `count` percentages with two decimals that add up to exactly 100."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [share] * count
    shares[0] += Decimal(100) - share * count
    return shares


def recipient_countries(project: Project, home_country: str) -> list[str]:
    """Return the countries the project is carried out in (see the module's notes)."""
    countries: list[str] = []
    partnership = project.partnership
    if partnership is not None:
        place = partnership.partner_place
        organisation = partnership.partner_organisation
        if place is not None:
            countries.append(place.country)
        elif organisation is not None:
            country = organisation.country or (
                organisation.place.country if organisation.place else ""
            )
            if country:
                countries.append(country)
    if not countries:
        for participation in project.participations.all():
            organisation = participation.organisation
            country = organisation.country or (
                organisation.place.country if organisation.place else ""
            )
            if (
                participation.role == ParticipantRole.IMPLEMENTING
                and country
                and country != home_country
                and country not in countries
            ):
                countries.append(country)
    return countries


def add_date(parent: etree._Element, kind: str, day: dt.date) -> None:
    etree.SubElement(
        parent, "activity-date", {"type": kind, "iso-date": day.isoformat()}
    )


def add_indicator_result(activity: etree._Element, indicator: Any) -> None:
    """Add a result holding one indicator, its baseline and its periods."""
    result = etree.SubElement(activity, "result", {"type": RESULT_TYPE_OTHER})
    title = texts_of(indicator, "title")
    description = texts_of(indicator, "description")
    add_narratives(etree.SubElement(result, "title"), title)
    element = etree.SubElement(
        result,
        "indicator",
        {
            "measure": indicator.measure,
            "ascending": "1" if indicator.ascending else "0",
        },
    )
    add_narratives(etree.SubElement(element, "title"), title)
    if any(description.values()):
        add_narratives(etree.SubElement(element, "description"), description)
    if indicator.baseline_year:
        baseline = etree.SubElement(
            element, "baseline", {"year": str(indicator.baseline_year)}
        )
        if indicator.baseline_value is not None:
            baseline.set("value", number(indicator.baseline_value))
    for period in indicator.periods.all():
        element_period = etree.SubElement(element, "period")
        etree.SubElement(
            element_period,
            "period-start",
            {"iso-date": period.period_start.isoformat()},
        )
        etree.SubElement(
            element_period, "period-end", {"iso-date": period.period_end.isoformat()}
        )
        if period.target_value is not None:
            etree.SubElement(
                element_period, "target", {"value": number(period.target_value)}
            )
        if period.actual_value is not None:
            etree.SubElement(
                element_period, "actual", {"value": number(period.actual_value)}
            )


def newest(times: Iterable[dt.datetime | None]) -> dt.datetime | None:
    known = [time for time in times if time is not None]
    return max(known) if known else None


def project_activity(
    project: Project,
    *,
    municipality: Municipality,
    reporting_ref: str,
    today: dt.date,
) -> etree._Element | None:
    """Return a project as an iati-activity element, or None if it has no start."""
    if not project.started:
        return None
    start = PartialDate.parse(project.started)
    end = PartialDate.parse(project.ended) if project.ended else None
    participations = list(project.participations.all())
    indicators = list(project.indicators.all())
    updated = newest(
        [
            project.updated_at,
            *(record.updated_at for record in participations),
            *(record.updated_at for record in project.sectors.all()),
            *(record.updated_at for record in indicators),
            *(p.updated_at for i in indicators for p in i.periods.all()),
        ]
    )
    activity = etree.Element(
        "iati-activity",
        {XML_LANG: DEFAULT_LANGUAGE, "hierarchy": "1"},
    )
    if updated is not None:
        activity.set("last-updated-datetime", updated.isoformat(timespec="seconds"))
    if project.budget_amount is not None and project.budget_currency:
        activity.set("default-currency", project.budget_currency)
    etree.SubElement(activity, "iati-identifier").text = project_identifier(
        project, reporting_ref
    )

    home = municipality.organisation
    reporting = etree.SubElement(
        activity,
        "reporting-org",
        {
            "ref": reporting_ref,
            "type": (home.iati_type if home is not None else "") or LOCAL_GOVERNMENT,
        },
    )
    add_narratives(reporting, organisation_names(home, municipality))

    title = first_with_text(texts_of(project, "title"), {"da": project.title})
    add_narratives(etree.SubElement(activity, "title"), title)
    description = first_with_text(
        texts_of(project, "description"), texts_of(project, "summary"), title
    )
    add_narratives(etree.SubElement(activity, "description"), description)

    in_iati_roles = [
        (participation, code)
        for participation in participations
        if (code := ParticipantRole(participation.role).iati_code) is not None
    ]
    for participation, code in in_iati_roles:
        add_participating_org(activity, participation.organisation, code, municipality)
    if not in_iati_roles:
        add_participating_org(activity, home, ACCOUNTABLE, municipality)

    etree.SubElement(activity, "activity-status", {"code": project.status})
    add_date(
        activity,
        ACTUAL_START if start.earliest <= today else PLANNED_START,
        start.earliest,
    )
    if end is not None:
        add_date(
            activity, ACTUAL_END if end.latest <= today else PLANNED_END, end.latest
        )

    home_country = municipality.place.country if municipality.place else ""
    countries = recipient_countries(project, home_country)
    for country, share in zip(countries, even_shares(len(countries)), strict=True):
        etree.SubElement(
            activity,
            "recipient-country",
            {"code": country, "percentage": number(share)},
        )

    for sector in project.sectors.all():
        etree.SubElement(
            activity,
            "sector",
            {
                "vocabulary": DAC_5_DIGIT,
                "code": sector.sector_id,
                "percentage": number(sector.percentage),
            },
        )

    if (
        project.budget_amount is not None
        and project.budget_currency
        and project.budget_value_date is not None
        and end is not None
    ):
        budget = etree.SubElement(activity, "budget", {"type": ORIGINAL_BUDGET})
        etree.SubElement(
            budget, "period-start", {"iso-date": start.earliest.isoformat()}
        )
        etree.SubElement(budget, "period-end", {"iso-date": end.latest.isoformat()})
        value = etree.SubElement(
            budget,
            "value",
            {
                "currency": project.budget_currency,
                "value-date": project.budget_value_date.isoformat(),
            },
        )
        value.text = number(project.budget_amount)

    for indicator in indicators:
        add_indicator_result(activity, indicator)
    return activity


def add_participating_org(
    activity: etree._Element,
    organisation: Organisation | None,
    role: str,
    municipality: Municipality,
) -> None:
    attributes = {"role": role}
    if organisation is not None and organisation.iati_identifier:
        attributes["ref"] = organisation.iati_identifier.strip()
    if organisation is not None and organisation.iati_type:
        attributes["type"] = organisation.iati_type
    elif organisation is None:
        attributes["type"] = LOCAL_GOVERNMENT
    element = etree.SubElement(activity, "participating-org", attributes)
    add_narratives(element, organisation_names(organisation, municipality))


def iati_activities(
    *,
    municipality: Municipality,
    projects: Sequence[Project] | None = None,
    now: dt.datetime | None = None,
) -> etree._Element:
    """Return the municipality's public projects as an iati-activities element."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reporting_ref = reporting_org_ref(municipality)
    if projects is None:
        projects = list(selectors.open_data_projects(municipality=municipality))
    root = etree.Element(
        "iati-activities",
        {
            "version": IATI_VERSION,
            "generated-datetime": now.isoformat(timespec="seconds"),
        },
    )
    for project in projects:
        activity = project_activity(
            project, municipality=municipality, reporting_ref=reporting_ref, today=today
        )
        if activity is not None:
            root.append(activity)
    return root


def iati_activities_xml(*, municipality: Municipality) -> bytes:
    """Return the municipality's public projects as an IATI 2.03 XML document."""
    root = iati_activities(municipality=municipality)
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
