"""Write the rows of an import through the register's services, a savepoint a row.

`TableImport` is the inside of `services.import_table`: each row is matched to its
record by `external_id`, compared with it, and created or updated through the
domain app's services, so that `full_clean()` judges it; the models' messages are
recorded under the columns they concern. See `services.py` for the rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.activities.models import Activity
from twinning.activities.services import activity_create, activity_update
from twinning.core.checking import Check, checking_only, current_check
from twinning.core.dates import PartialDate, ends_before_start
from twinning.core.querysets import is_scoped
from twinning.core.services import change_reason
from twinning.core.validators import validate_country_code
from twinning.imports.events import plan_events
from twinning.imports.report import (
    KINDS,
    ImportProblem,
    ImportReport,
    Progress,
    Row,
    RowInvalid,
)
from twinning.partnerships.choices import PartnershipStatus
from twinning.partnerships.models import (
    Partnership,
    PartnershipGroup,
    Theme,
)
from twinning.partnerships.services import (
    EventFields,
    partnership_create,
    partnership_events_change,
    partnership_update,
)
from twinning.places.choices import OrganisationKind
from twinning.places.models import Municipality, Organisation, Place
from twinning.places.services import (
    organisation_create,
    place_create,
    place_update,
)
from twinning.projects.models import Project

THEME_SEPARATOR = "|"

# Which column a model field's message belongs to, per record a row writes.
PLACE_FIELDS = {"slug": "external_id", "name": "name_da"}
PARTNER_FIELDS = {
    "slug": "partner_external_id",
    "kind": "partner_type",
    "name": "partner_name_da",
    "name_da": "partner_name_da",
    "name_en": "partner_name_en",
    "country": "partner_country",
}
PARTNERSHIP_FIELDS = {
    "slug": "external_id",
    "partner_place": "partner_external_id",
    "partner_organisation": "partner_external_id",
    "description": "description_da",
}
ACTIVITY_FIELDS = {"slug": "external_id", "title": "title_da", "purpose": "purpose_da"}

# The kinds whose dry run judges the rows without writing them (`core.checking`):
# a row of places makes one record and names none made by another row. A row of
# partnerships or activities may make its partner and refer to records an earlier
# row made, so their dry run writes and rolls back, as a real import does.
CHECKED_WITHOUT_WRITING = frozenset({"places"})
NO_SAVEPOINT = contextlib.nullcontext()


def _blank_message() -> str:
    return str(models.Field.default_error_messages["blank"])


class TableImport:
    """Imports the rows of one table inside one transaction, a savepoint a row."""

    def __init__(
        self,
        *,
        kind: str,
        municipality: Municipality | None,
        actor: Any,
        report: ImportReport,
        file_name: str,
    ) -> None:
        self.kind = kind
        self.municipality = municipality
        self.actor = actor
        self.report = report
        self.file_name = file_name
        self.today = timezone.localdate().isoformat()
        self.reason = f"Imported from {file_name}" if file_name else "Imported"
        self.row = Row(0, {})
        self.problems: list[ImportProblem] = []
        self.failed: set[str] = set()
        self.partners_created = 0
        self.cache: dict[tuple[type[models.Model], str], Any] = {}
        # Slugs looked for before the run and not found, and slugs made in it.
        self.missing: set[tuple[type[models.Model], str]] = set()
        self.made: set[tuple[type[models.Model], str]] = set()
        self.outcomes: dict[int, str] = {}

    # -- the run ----------------------------------------------------------------------

    def run(self, rows: list[Row], progress: Progress | None) -> None:
        self._prefetch(rows)
        import_row = {
            "places": self.import_place,
            "partnerships": self.import_partnership,
            "activities": self.import_activity,
        }[self.kind]
        checking = (
            checking_only()
            if self.report.dry_run and self.kind in CHECKED_WITHOUT_WRITING
            else contextlib.nullcontext()
        )
        with transaction.atomic(), change_reason(self.reason), checking as check:
            for row in progress(rows) if progress else rows:
                self.row, self.problems, self.failed = row, [], set()
                self.partners_created = 0
                outcome = ""
                try:
                    with self.savepoint():
                        outcome = import_row(row)
                        if self.problems:
                            raise RowInvalid
                except RowInvalid:
                    pass
                except ValidationError as error:
                    self.add_error(error, {})
                except DatabaseError as error:
                    self.problem("", str(error))
                if self.problems or not outcome:
                    self.report.problems.extend(self.problems)
                    continue
                self.outcomes[row.number] = outcome
                setattr(self.report, outcome, getattr(self.report, outcome) + 1)
                self.report.partners_created += self.partners_created
            if check is not None:
                self._report_clashes(check)
            if self.report.problems or self.report.dry_run:
                transaction.set_rollback(True)

    def savepoint(self) -> contextlib.AbstractContextManager[Any]:
        """A savepoint to undo a row's writes; none on a dry run that writes nothing."""
        return transaction.atomic() if current_check() is None else NO_SAVEPOINT

    def _report_clashes(self, check: Check) -> None:
        """Record the rows whose records break a uniqueness rule (a dry run's last
        step: see `core.checking`)."""
        for (row, fields, default), error in check.problems():
            self.row, self.problems, self.failed = row, [], set()
            self.add_error(error, fields, default)
            self.report.problems.extend(self.problems)
            outcome = self.outcomes.pop(row.number, "")
            if outcome:
                setattr(self.report, outcome, getattr(self.report, outcome) - 1)

    def _prefetch(self, rows: list[Row]) -> None:
        """Read the records the rows name in a few queries, not a query a row."""
        ids = {row["external_id"] for row in rows}
        model: type[models.Model] = {
            "places": Place,
            "partnerships": Partnership,
            "activities": Activity,
        }[self.kind]
        references: dict[type[models.Model], set[str]] = {
            model: ids,
            Place: {row["partner_external_id"] for row in rows}
            | {row["place"] for row in rows},
            Organisation: {row["partner_external_id"] for row in rows},
            Project: {row["project"] for row in rows},
        }
        if self.kind == "activities":
            references[Partnership] = {row["partnership"] for row in rows}
        if self.kind == "places":
            references[Place] |= ids
        for ref_model, slugs in references.items():
            slugs.discard("")
            for record in self.records(ref_model).filter(slug__in=slugs):
                self.cache[(ref_model, record.slug)] = record  # type: ignore[attr-defined]
            self.missing |= {
                (ref_model, slug)
                for slug in slugs
                if (ref_model, slug) not in self.cache
            }
        if self.kind == "partnerships":
            for group in PartnershipGroup.objects.all():
                self.cache[(PartnershipGroup, group.slug)] = group
            for theme in Theme.objects.all():
                self.cache[(Theme, theme.slug)] = theme

    def find(self, model: type[models.Model], slug: str) -> Any:
        """Return the record with this slug: read before the run, or made in it."""
        key = (model, slug)
        found = self.cache.get(key)
        if found is None and (key not in self.missing or key in self.made):
            # Made by an earlier row of this run (a partner place, say). Not cached:
            # a row that fails rolls its records back.
            found = self.records(model).filter(slug=slug).first()
        return found

    def records(self, model: type[models.Model]) -> Any:
        """Return the records a row may name: the municipality's own, and all
        reference data (places, organisations), whose slugs the whole register
        shares; a municipality's slugs are its own."""
        records = model._default_manager.all()
        if is_scoped(model) and self.municipality is not None:
            return records.for_municipality(self.municipality)  # type: ignore[attr-defined]
        return records

    # -- problems ---------------------------------------------------------------------

    def problem(self, column: str, message: str, value: str | None = None) -> None:
        self.problems.append(
            ImportProblem(
                self.row.number,
                column,
                self.row[column] if value is None else value,
                message,
            )
        )

    def fail(self, column: str, message: str, value: str | None = None) -> None:
        """Record a problem and leave the column's other messages out."""
        self.problem(column, message, value)
        self.failed.add(column)

    def add_error(
        self, error: ValidationError, fields: dict[str, str], default: str = ""
    ) -> None:
        """Record a model's validation messages under the columns they concern."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.problem(default, message)
            return
        for name, errors in error.error_dict.items():
            if name == NON_FIELD_ERRORS:
                column = default
            else:
                column = fields.get(name, name)
                if column not in KINDS[self.kind]:
                    column = default
            if column in self.failed:
                continue
            for message in ValidationError(errors).messages:
                self.problem(column, message)

    def apply_changes(
        self,
        fields: dict[str, str],
        update: Callable[..., Any],
        *,
        changes: dict[str, Any],
        **record: Any,
    ) -> str:
        """Change the record (named as `update` names it) by what the row changes.

        Return "updated", or "unchanged" when the row changes nothing.
        """
        if not changes:
            return "unchanged"
        (instance,) = record.values()
        self.call(
            fields,
            update,
            actor=self.actor,
            expected_version=instance.version,
            **record,
            **changes,
        )
        return "updated"

    def call(
        self,
        fields: dict[str, str],
        service: Callable[..., Any],
        default: str = "",
        **kwargs: Any,
    ) -> Any:
        """Run a service; its validation messages become problems of the row."""
        check = current_check()
        if check is not None:  # a dry run: which row a later clash belongs to
            check.label = (self.row, fields, default)
        try:
            with self.savepoint():
                return service(**kwargs)
        except ValidationError as error:
            self.add_error(error, fields, default)
            return None

    def convert(self, model: type[models.Model], column: str, name: str) -> Any:
        """Return a cell as the model field's value, as the field itself reads it."""
        model_field: Any = model._meta.get_field(name)
        value = self.row[column]
        if value == "" and model_field.null:
            return None
        try:
            return model_field.to_python(value)
        except ValidationError as error:
            for message in error.messages:
                self.fail(column, message)
            return None

    def partial_date(self, column: str) -> str:
        value = self.row[column]
        if value:
            try:
                PartialDate.parse(value)
            except ValidationError as error:
                for message in error.messages:
                    self.fail(column, message)
        return value

    def reference(self, model: type[models.Model], column: str) -> Any:
        slug = self.row[column]
        if not slug:
            return None
        found = self.find(model, slug)
        if found is None:
            self.fail(
                column,
                _("There is no %(kind)s with the key “%(value)s”.")
                % {"kind": model._meta.verbose_name, "value": slug},
            )
        return found

    def check_municipality(self, existing: Any) -> None:
        municipality = self.municipality
        if municipality is None:  # import_table requires one for this kind
            raise ValueError("A home municipality is needed.")
        given = self.row["municipality"]
        if given and given != municipality.slug:
            self.fail(
                "municipality",
                _(
                    "“%(value)s” is not the home municipality this file is imported "
                    "into (%(municipality)s)."
                )
                % {"value": given, "municipality": municipality.slug},
            )
        if existing is not None and existing.municipality_id != municipality.pk:
            self.fail(
                "external_id",
                _("“%(value)s” belongs to another home municipality.")
                % {"value": self.row["external_id"]},
            )
            raise RowInvalid

    def check_external_id(self) -> str:
        slug = self.row["external_id"]
        if not slug:
            self.fail("external_id", _blank_message())
            raise RowInvalid
        return slug

    # -- writing ----------------------------------------------------------------------

    def changes(self, record: models.Model, values: dict[str, Any]) -> dict[str, Any]:
        """Return the values that differ from the record's, to update only those."""
        changed = {}
        for name, value in values.items():
            model_field: Any = record._meta.get_field(name)
            if model_field.is_relation:
                current = getattr(record, model_field.attname)
                wanted = value.pk if value is not None else None
            else:
                current, wanted = getattr(record, name), value
            if current != wanted:
                changed[name] = value
        return changed

    # -- places -----------------------------------------------------------------------

    def place_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in ("name_da", "name_en", "kind", "country", "wikidata_id"):
            if self.row.has(column):
                values[column] = self.row[column]
        if values.get("kind") == "":
            del values["kind"]  # the model's default (city) for a new place
        for column in ("population", "latitude", "longitude", "geonames_id"):
            if self.row.has(column):
                values[column] = self.convert(Place, column, column)
        return {
            name: value for name, value in values.items() if name not in self.failed
        }

    def import_place(self, row: Row) -> str:
        slug = self.check_external_id()
        place = self.find(Place, slug)
        values = self.place_values()
        fields = PLACE_FIELDS
        if place is None:
            self.call(fields, place_create, actor=self.actor, slug=slug, **values)
            return "created"
        changes = self.changes(place, values)
        return self.apply_changes(fields, place_update, place=place, changes=changes)

    # -- partnerships -----------------------------------------------------------------

    def partner(self) -> tuple[Place | None, Organisation | None] | None:
        """Return the partner the row names, made if missing; None if not given."""
        if not self.row.has("partner_external_id"):
            return None
        kind = self.row["partner_type"]
        slug = self.row["partner_external_id"]
        if kind not in ("place", "organisation"):
            self.fail(
                "partner_type",
                _("Enter “place” or “organisation”, not “%(value)s”.")
                % {"value": kind},
            )
            self.failed.add("partner_external_id")
            return None
        if not slug:
            self.fail("partner_external_id", _blank_message())
            return None
        model: type[Place] | type[Organisation] = (
            Place if kind == "place" else Organisation
        )
        try:
            # Checked even for a partner already in the register, whose own
            # country the import leaves alone: a mistyped code is still a mistake.
            validate_country_code(self.row["partner_country"])
        except ValidationError as error:
            for message in error.messages:
                self.fail("partner_country", message)
        found = self.find(model, slug)
        if found is None:
            names = {
                "name_da": self.row["partner_name_da"],
                "name_en": self.row["partner_name_en"],
                "country": self.row["partner_country"],
            }
            if model is Place:
                found = self.call(
                    PARTNER_FIELDS,
                    place_create,
                    default="partner_external_id",
                    actor=self.actor,
                    slug=slug,
                    **names,
                )
            else:
                found = self.call(
                    PARTNER_FIELDS,
                    organisation_create,
                    default="partner_external_id",
                    actor=self.actor,
                    slug=slug,
                    kind=OrganisationKind.OTHER,
                    **names,
                )
            if found is None:
                self.failed.add("partner_external_id")
                return None
            self.partners_created += 1
            self.made.add((model, slug))
        if isinstance(found, Place):
            return found, None
        return None, found

    def themes(self) -> list[Theme] | None:
        if not self.row.has("themes"):
            return None
        slugs = [
            slug.strip()
            for slug in self.row["themes"].split(THEME_SEPARATOR)
            if slug.strip()
        ]
        themes = []
        for slug in slugs:
            theme = self.find(Theme, slug)
            if theme is None:
                self.fail(
                    "themes",
                    _("There is no %(kind)s with the key “%(value)s”.")
                    % {"kind": Theme._meta.verbose_name, "value": slug},
                )
            else:
                themes.append(theme)
        return themes

    def status_target(self) -> tuple[str, str, str] | None:
        """Return the status, start and end the row asks for, if it is consistent."""
        if not self.row.has("status"):
            return None
        status = self.row["status"]
        if status not in PartnershipStatus.values:
            self.fail(
                "status",
                _("“%(value)s” is not a status. Choose one of: %(choices)s.")
                % {
                    "value": status,
                    "choices": ", ".join(v for v in PartnershipStatus.values if v),
                },
            )
        started = self.partial_date("started")
        ended = self.partial_date("ended")
        if self.failed & {"status", "started", "ended"}:
            return None
        if status == PartnershipStatus.TERMINATED and not ended:
            self.fail(
                "ended",
                _("A terminated partnership needs the date it ended."),
            )
        elif ended and status != PartnershipStatus.TERMINATED:
            self.fail(
                "ended",
                _(
                    "Only a terminated partnership has an end; the status is "
                    "“%(status)s”."
                )
                % {"status": status},
            )
        if started and status in (PartnershipStatus.NONE, PartnershipStatus.INTENT):
            self.fail(
                "started",
                _(
                    "A partnership with the status “%(status)s” has not started; "
                    "leave the start empty."
                )
                % {"status": status},
            )
        if ends_before_start(started, ended):
            self.fail(
                "ended",
                _("The end (%(end)s) cannot be before the start (%(start)s).")
                % {"end": ended, "start": started},
            )
        if self.failed & {"status", "started", "ended"}:
            return None
        return status, started, ended

    def import_partnership(self, row: Row) -> str:
        slug = self.check_external_id()
        partnership = self.find(Partnership, slug)
        self.check_municipality(partnership)
        values: dict[str, Any] = {}
        partner = self.partner()
        if partner is not None:
            values["partner_place"], values["partner_organisation"] = partner
        if self.row.has("group"):
            values["group"] = self.reference(PartnershipGroup, "group")
        for column in ("kind", "description_da", "description_en"):
            if self.row.has(column):
                values[column] = self.row[column]
        themes = self.themes()
        target = self.status_target()
        if self.failed & {"group"}:
            values.pop("group", None)
        if partnership is None:
            partnership = self.call(
                PARTNERSHIP_FIELDS,
                partnership_create,
                actor=self.actor,
                municipality=self.municipality,
                slug=slug,
                themes=themes,
                **values,
            )
            outcome = "created"
        else:
            changes = self.changes(partnership, values)
            if themes is not None and {t.pk for t in themes} != {
                t.pk for t in partnership.themes.all()
            }:
                changes["themes"] = themes
            outcome = self.apply_changes(
                PARTNERSHIP_FIELDS,
                partnership_update,
                partnership=partnership,
                changes=changes,
            )
        if self.problems or partnership is None:
            raise RowInvalid
        if target is not None and self.apply_status(partnership, target):
            outcome = "created" if outcome == "created" else "updated"
        return outcome

    def apply_status(
        self, partnership: Partnership, target: tuple[str, str, str]
    ) -> bool:
        """Add the events that lead to the target status; tell whether any were."""
        if (partnership.status, partnership.started, partnership.ended) == target:
            return False
        # Lock the partnership so that events recorded at the same time are ordered.
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        existing = list(locked.events.all())
        status, started, ended = target
        try:
            planned = plan_events(
                existing, status=status, started=started, ended=ended, today=self.today
            )
        except ValidationError as error:
            current = (locked.status, locked.started, locked.ended)
            column = (
                "started"
                if current[1] != started
                else ("ended" if current[2] != ended else "status")
            )
            for message in error.messages:
                self.problem(column, message)
            raise RowInvalid from error
        added = []
        for kind, date, undated in planned:
            event = EventFields(kind=kind, date=date)
            if undated:
                for language in ("da", "en"):
                    event[f"note_{language}"] = self.undated_note(status, language)  # type: ignore[literal-required]
            added.append(event)
        # One call for all: the events are judged together, and the status derived
        # once, on the row locked above.
        self.call(
            {"date": "status", "kind": "status"},
            partnership_events_change,
            "status",
            partnership=locked,
            actor=self.actor,
            add=added,
        )
        if self.problems:
            raise RowInvalid
        partnership.refresh_from_db()
        return True

    def undated_note(self, status: str, language: str) -> str:
        with translation.override(language):
            return _(
                "Given as “%(status)s” in the imported file %(file)s on %(date)s; "
                "the file does not say since when."
            ) % {
                "status": PartnershipStatus(status).label,
                "file": self.file_name,
                "date": PartialDate.parse(self.today).format(language),
            }

    # -- activities -------------------------------------------------------------------

    def import_activity(self, row: Row) -> str:
        slug = self.check_external_id()
        activity = self.find(Activity, slug)
        self.check_municipality(activity)
        values: dict[str, Any] = {}
        for column in ("kind", "title_da", "title_en", "purpose_da", "purpose_en"):
            if self.row.has(column):
                values[column] = self.row[column]
        for column in ("started", "ended"):
            if self.row.has(column):
                values[column] = self.partial_date(column)
        references: dict[str, type[models.Model]] = {
            "partnership": Partnership,
            "project": Project,
            "place": Place,
        }
        for column, model in references.items():
            if self.row.has(column):
                values[column] = self.reference(model, column)
        values = {
            name: value for name, value in values.items() if name not in self.failed
        }
        if activity is None:
            self.call(
                ACTIVITY_FIELDS,
                activity_create,
                actor=self.actor,
                municipality=self.municipality,
                slug=slug,
                **values,
            )
            return "created"
        changes = self.changes(activity, values)
        return self.apply_changes(
            ACTIVITY_FIELDS, activity_update, activity=activity, changes=changes
        )
