"""Search a municipality's public register: partners, projects, activities, results.

Matching is done in Python on the words of folded text (`twinning.core.text.finds`):
each word of the query must begin a word of the record's text, so that "arhus"
finds "Århus" and "Aarhus", "goteborg" finds "Göteborg", "ABO" finds "Åbo" but not
"collaboration", and "St. Petersburg" finds "Saint Petersburg" — in the same way on
SQLite and PostgreSQL; neither database's LIKE ignores diacritics, and PostgreSQL's
`unaccent` and full-text search have no counterpart in SQLite that gives the same
results. A partner is also found by its country's name in either language
("Rusland", "bergen norway"), a project by the organisations taking part in it
("Grundfos"). Partners the query names exactly come first. When nothing is found,
the names and titles nearest to the query are offered instead.

That means reading every public record of the portfolio on each search, which is
cheap because a municipality's portfolio is small (hundreds of rows) and a search
never leaves one municipality, on a national platform too. Should a portfolio grow
to many thousands of rows, store the folded words in an indexed column instead.

Only public records are read, and only their public text is matched: a partnership,
project, activity or result marked internal is never found, nor is anything whose
partnership or project is internal, and internal notes are never searched.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import get_supported_language_variant
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE

from twinning.activities.choices import ActivityKind
from twinning.activities.selectors import activities_public
from twinning.core.dates import PartialDate
from twinning.core.text import country_name, finds, fold, search_words
from twinning.partnerships.choices import PartnershipKind, PartnershipStatus
from twinning.partnerships.models import Partnership
from twinning.partnerships.selectors import partnerships_public
from twinning.places.models import Municipality, Organisation, Place, PlaceName
from twinning.projects.choices import ActivityStatus
from twinning.projects.selectors import projects_public
from twinning.results.choices import ResultKind
from twinning.results.selectors import results_public


def _partial_date(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


@dataclass(frozen=True)
class PartnershipFound:
    """One public partnership with a partner that was found: its kind and status."""

    slug: str
    kind: str
    status: str
    started: str

    @property
    def kind_label(self) -> str:
        return str(PartnershipKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(PartnershipStatus(self.status).label)

    @property
    def started_date(self) -> PartialDate | None:
        return _partial_date(self.started)


@dataclass(frozen=True)
class PartnerHit:
    """A partner (place or organisation) found by one of its names.

    `slug` is the place's or organisation's, which the partner page is found by.
    `matched_name` is the name the query matched when it is not `name` itself: the
    name in the other language, another name ("Pretoria" for the City of Tshwane)
    or a predecessor's ("Julianehåb" for Kujalleq); empty when `name` matched.
    """

    slug: str
    name: str
    country: str
    is_organisation: bool
    partnerships: tuple[PartnershipFound, ...]
    matched_name: str = ""

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(partnership.kind for partnership in self.partnerships)

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(partnership.status for partnership in self.partnerships)


@dataclass(frozen=True)
class ProjectHit:
    """A public project found by its title or summary."""

    slug: str
    title: str
    summary: str
    status: str
    started: str
    ended: str

    @property
    def status_label(self) -> str:
        return str(ActivityStatus(self.status).label)


@dataclass(frozen=True)
class ActivityHit:
    """A public activity found by its title or purpose, with where it belongs.

    `partner_slug` names the partner page of its partnership and `project_slug` its
    project's page; either may be empty.
    """

    slug: str
    title: str
    purpose: str
    kind: str
    started: str
    ended: str
    partner_slug: str
    project_slug: str

    @property
    def kind_label(self) -> str:
        return str(ActivityKind(self.kind).label)

    @property
    def started_date(self) -> PartialDate | None:
        return _partial_date(self.started)


@dataclass(frozen=True)
class ResultHit:
    """A public result found by its title or description, with where it belongs.

    A result with neither partner nor project is one the partnerships together
    brought; the overview shows it.
    """

    slug: str
    title: str
    description: str
    kind: str
    achieved_on: str
    partner_slug: str
    project_slug: str

    @property
    def kind_label(self) -> str:
        return str(ResultKind(self.kind).label)

    @property
    def achieved_date(self) -> PartialDate | None:
        return _partial_date(self.achieved_on)


@dataclass(frozen=True)
class SearchResults:
    """What a search found, per kind of record, for the query as it was read."""

    query: str
    partners: tuple[PartnerHit, ...] = ()
    projects: tuple[ProjectHit, ...] = ()
    activities: tuple[ActivityHit, ...] = ()
    results: tuple[ResultHit, ...] = ()
    # When nothing was found: the register's names and titles nearest the query.
    suggestions: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return (
            len(self.partners)
            + len(self.projects)
            + len(self.activities)
            + len(self.results)
        )

    def __bool__(self) -> bool:
        return self.count > 0


def search_public(
    *, municipality: Municipality, query: str, language: str
) -> SearchResults:
    """Return the municipality's public records whose public text matches the query.

    Every word of the query must occur, whatever its case and diacritics, in the
    record's text in any language: partners by any of their names, projects by
    title and summary, activities by title and purpose, results by title and
    description. A place is also found by the names of the places it directly
    succeeded (Kujalleq by Qaqortoq's "Julianehåb"). Texts come back in `language`
    (a regional variant such as "en-gb" reads as "en"; falling back to the default
    language where a text is missing); LookupError for a language the site lacks.

    Runs a fixed number of queries, however many records there are: 7 when the
    portfolio has partners with other names and predecessors (fewer when a prefetch
    has nothing to fetch), none for a query without words.
    """
    query = " ".join(query.split())
    if not fold(query):
        return SearchResults(query=query)
    language = get_supported_language_variant(language)
    known: list[str] = []
    found = SearchResults(
        query=query,
        partners=_partners(municipality, query, language, known),
        projects=_projects(municipality, query, language, known),
        activities=_activities(municipality, query, language),
        results=_results(municipality, query, language),
    )
    if found:
        return found
    return SearchResults(query=query, suggestions=_suggestions(query, known))


def _suggestions(query: str, known: Iterable[str]) -> tuple[str, ...]:
    """Return up to three of the known names nearest to the query, as typed.

    Near is difflib's ratio of the folded words (a typo, a letter left out,
    "Göteborg" for "Goteborg"); a name is compared whole and word by word, so
    that "hamborgg" suggests "Hamborg" and "saint petrsburg" "Saint Petersburg".
    """
    wanted = " ".join(search_words(query))
    scored: dict[str, float] = {}
    for name in dict.fromkeys(known):
        words = search_words(name)
        candidates = [" ".join(words), *words]
        best = max(
            difflib.SequenceMatcher(None, wanted, candidate).ratio()
            for candidate in candidates
        )
        if best >= 0.75:
            scored[name] = max(best, scored.get(name, 0))
    ranked = sorted(scored, key=lambda name: (-scored[name], fold(name)))
    return tuple(ranked[:3])


def _text(record: Any, field: str, language: str) -> str:
    """Return a translated field in the language, else in another that has it."""
    for code in (language, DEFAULT_LANGUAGE, *AVAILABLE_LANGUAGES):
        value = getattr(record, f"{field}_{code}", None)
        if value:
            return str(value)
    return ""


def _texts(record: Any, *fields: str) -> list[str]:
    """Return the fields of a record in every language, to match a query against."""
    return [
        value
        for field in fields
        for code in AVAILABLE_LANGUAGES
        if (value := getattr(record, f"{field}_{code}", None))
    ]


def _names(place: Place) -> list[str]:
    """Return a place's names in every language, then its other names."""
    return [*_texts(place, "name"), *(other.name for other in place.names.all())]


def _partner_names(partner: Place | Organisation) -> list[str]:
    """Return every name a partner is known by: its own, then its predecessors'."""
    if isinstance(partner, Organisation):
        return _texts(partner, "name")
    return [
        *_names(partner),
        *(name for place in partner.predecessors.all() for name in _names(place)),
    ]


def _matched_name(query: str, shown: str, names: Iterable[str]) -> str:
    """Return the name to show beside `shown` as the one the query found.

    Empty when the shown name matches by itself; else the first name that does,
    or, when the words matched across names, the first with a word `shown` lacks.
    """
    if finds(query, shown):
        return ""
    others = [name for name in dict.fromkeys(names) if name != shown]
    alone = next((name for name in others if finds(query, name)), None)
    if alone is not None:
        return alone
    missing = [word for word in search_words(query) if not finds(word, shown)]
    return next(
        (name for name in others if any(finds(word, name) for word in missing)), ""
    )


def _rank(query: str, shown: str, names: Iterable[str]) -> int:
    """Return how well a partner answers the query: 0 by its shown name exactly,
    1 by words of that name, 2 by another of its names, 3 with its country."""
    if search_words(shown) == search_words(query):
        return 0
    if finds(query, shown):
        return 1
    if finds(query, *names):
        return 2
    return 3


def _countries(code: str) -> list[str]:
    """Return a country's name in every language of the site: "Rusland", "Russia"."""
    return [country_name(code, language) for language in AVAILABLE_LANGUAGES]


def _partners(
    municipality: Municipality, query: str, language: str, known: list[str]
) -> tuple[PartnerHit, ...]:
    # Three queries besides the partnerships: the partners' other names, their
    # predecessors, and the predecessors' other names.
    names = PlaceName.objects.order_by("name", "pk")
    partnerships = (
        partnerships_public(municipality=municipality)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("partner_place__names", queryset=names),
            Prefetch(
                "partner_place__predecessors",
                queryset=Place.objects.order_by("name").prefetch_related(
                    Prefetch("names", queryset=names)
                ),
            ),
        )
        .order_by("started", "slug")
    )
    found: dict[tuple[bool, int], tuple[Place | Organisation, list[Partnership]]] = {}
    for partnership in partnerships:
        partner = partnership.partner
        if partner is None:
            continue
        key = (isinstance(partner, Organisation), partner.pk)
        found.setdefault(key, (partner, []))[1].append(partnership)
    hits = []
    for (is_organisation, _pk), (partner, own) in found.items():
        names_known = _partner_names(partner)
        shown = _text(partner, "name", language) or partner.name
        country = partner.country
        if not country and isinstance(partner, Organisation) and partner.place:
            country = partner.place.country
        countries = _countries(country)
        known.extend([shown, *names_known, *countries])
        if not finds(query, *names_known, *countries):
            continue
        hits.append(
            (
                _rank(query, shown, names_known),
                PartnerHit(
                    slug=partner.slug,
                    name=shown,
                    country=country,
                    is_organisation=is_organisation,
                    partnerships=tuple(
                        PartnershipFound(
                            slug=partnership.slug,
                            kind=partnership.kind,
                            status=partnership.status,
                            started=partnership.started,
                        )
                        for partnership in own
                    ),
                    matched_name=_matched_name(query, shown, names_known),
                ),
            )
        )
    hits.sort(key=lambda ranked: (ranked[0], fold(ranked[1].name), ranked[1].slug))
    return tuple(hit for _rank_, hit in hits)


def _partner_slug(partnership: Partnership | None) -> str:
    partner = partnership.partner if partnership else None
    return partner.slug if partner else ""


def _projects(
    municipality: Municipality, query: str, language: str, known: list[str]
) -> tuple[ProjectHit, ...]:
    """Projects by title, summary, and the names of the organisations taking part."""
    projects = (
        projects_public(municipality=municipality)
        .prefetch_related(None)
        .prefetch_related("participations__organisation")
        .order_by("started", "slug")
    )
    hits = []
    for project in projects:
        organisations = [
            name
            for participation in project.participations.all()
            for name in _texts(participation.organisation, "name")
        ]
        title = _text(project, "title", language)
        known.extend([title, *organisations])
        if finds(query, *_texts(project, "title", "summary"), *organisations):
            hits.append(
                ProjectHit(
                    slug=project.slug,
                    title=title,
                    summary=_text(project, "summary", language),
                    status=project.status,
                    started=project.started,
                    ended=project.ended,
                )
            )
    return tuple(hits)


def _activities(
    municipality: Municipality, query: str, language: str
) -> tuple[ActivityHit, ...]:
    activities = activities_public(municipality=municipality).order_by(
        "-started", "slug"
    )
    return tuple(
        ActivityHit(
            slug=activity.slug,
            title=_text(activity, "title", language),
            purpose=_text(activity, "purpose", language),
            kind=activity.kind,
            started=activity.started,
            ended=activity.ended,
            partner_slug=_partner_slug(activity.partnership),
            project_slug=activity.project.slug if activity.project else "",
        )
        for activity in activities
        if finds(query, *_texts(activity, "title", "purpose"))
    )


def _results(
    municipality: Municipality, query: str, language: str
) -> tuple[ResultHit, ...]:
    results = results_public(municipality=municipality).order_by(
        "kind", "-achieved_on", "slug"
    )
    return tuple(
        ResultHit(
            slug=result.slug,
            title=_text(result, "title", language),
            description=_text(result, "description", language),
            kind=result.kind,
            achieved_on=result.achieved_on,
            partner_slug=_partner_slug(result.partnership),
            project_slug=result.project.slug if result.project else "",
        )
        for result in results
        if finds(query, *_texts(result, "title", "description"))
    )
