"""Base models and the records every app shares: sources, reviews, the access log."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from twinning.core.dates import PARTIAL_DATE_PATTERN, ends_before_start
from twinning.core.fields import PartialDateField
from twinning.core.querysets import ReferenceQuerySet
from twinning.core.writes import check_write_allowed, record_written


class ServiceWrittenModel(models.Model):
    """A model whose records only services write (see `core/services.py`)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        check_write_allowed(self)
        super().save(*args, **kwargs)
        record_written(self)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        check_write_allowed(self)
        # Before the row is gone: what it belongs to is read from it.
        record_written(self)
        return super().delete(*args, **kwargs)


class DomainModel(ServiceWrittenModel):
    """A record of the register: timestamps and a version for optimistic locking.

    `version` goes up by one at every update made through a service; an update that
    names an older version is refused (see `core.services.record_update`).

    `date_ranges` names (start, end) pairs of partial dates: validation refuses an end
    before its start with a message on the end field, and the matching database
    constraint (`partial_date_range_rule`) holds the rule for any other way in.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    date_ranges: ClassVar[tuple[tuple[str, str], ...]] = ()
    # What the slug is unique within ("municipality", "project"): the record's own
    # slugs, not the whole register's (see `slug_unique_rule`).
    slug_unique_within: ClassVar[str | None] = None
    # Constraints whose rule clean() checks with a message naming the field:
    # full_clean() leaves them to the database so that the message is not given twice.
    checked_in_clean: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.slug_unique_within and "slug" not in errors:
            errors.update(self._slug_errors())
        for start, end in self.date_ranges:
            if start in errors or end in errors:
                continue
            if ends_before_start(getattr(self, start), getattr(self, end)):
                errors.setdefault(end, []).append(
                    ValidationError(
                        _("The end (%(end)s) cannot be before the start (%(start)s)."),
                        code="end_before_start",
                        params={
                            "end": getattr(self, end),
                            "start": getattr(self, start),
                        },
                    )
                )
        if errors:
            raise ValidationError(errors)

    def _slug_errors(self) -> dict[str, list[ValidationError]]:
        """Refuse a slug another record of the same owner has, naming the field."""
        owner = self.slug_unique_within or ""
        owner_id = getattr(self, f"{owner}_id", None)
        slug = getattr(self, "slug", "")
        if not slug or owner_id is None:
            return {}
        others = (
            type(self)
            ._default_manager.filter(**{f"{owner}_id": owner_id, "slug": slug})
            .exclude(pk=self.pk)
        )
        if not others.exists():
            return {}
        return {
            "slug": [
                ValidationError(
                    _("“%(slug)s” is taken: another record here has this slug."),
                    code="unique",
                    params={"slug": slug},
                )
            ]
        }

    def get_constraints(self) -> Any:
        skipped = {
            *self.checked_in_clean,
            *(
                [slug_rule_name(self._meta.model_name, self.slug_unique_within)]
                if self.slug_unique_within
                else []
            ),
            *(
                range_rule_name(self._meta.model_name, start, end)
                for start, end in self.date_ranges
            ),
        }
        return [
            (model, [c for c in constraints if c.name not in skipped])
            for model, constraints in super().get_constraints()
        ]


def field_error(field: str, message: Any, code: str) -> ValidationError:
    """Return a ValidationError on one field whose code survives (Django drops a
    code given beside a dict of messages)."""
    return ValidationError({field: ValidationError(message, code=code)})


def refuse_another_municipalitys(
    record: models.Model, *fields: str, municipality_id: Any = None
) -> None:
    """Refuse a record tied to a record of another home municipality.

    Each named field, when set, must hold a record of the record's own home
    municipality (or of `municipality_id`, for a record without one of its own).
    The error stands on the first field that does not.
    """
    own = municipality_id or getattr(record, "municipality_id", None)
    if not own:
        return
    for field in fields:
        if not getattr(record, f"{field}_id"):
            continue
        if getattr(record, field).municipality_id != own:
            raise field_error(
                field,
                _("This belongs to another home municipality."),
                "other_municipality",
            )


def slug_rule_name(prefix: str | None, owner: str) -> str:
    return f"{prefix}_unique_slug_per_{owner}"


def slug_unique_rule(prefix: str, owner: str) -> models.UniqueConstraint:
    """Return the constraint that a slug is unique within its owner.

    The model says the same with `slug_unique_within = owner`, for a message on
    the slug field.
    """
    return unique_rule(
        slug_rule_name(prefix, owner),
        [owner, "slug"],
        _("Another record here has this slug."),
    )


def unique_rule(name: str, fields: list[str], message: Any) -> models.UniqueConstraint:
    """Return a constraint that no two records share `fields`, with its message."""
    return models.UniqueConstraint(
        fields=fields, name=name, violation_error_message=message
    )


def check_rule(name: str, condition: Q, message: Any) -> models.CheckConstraint:
    """Return a constraint that every record meets `condition`, with its message."""
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=message
    )


def partial_date_rules(prefix: str, *fields: str) -> list[models.CheckConstraint]:
    """Return constraints that keep each partial date field in its ISO form."""
    return [
        models.CheckConstraint(
            condition=Q(**{field: ""}) | Q(**{f"{field}__regex": PARTIAL_DATE_PATTERN}),
            name=f"{prefix}_{field}_is_partial_date",
            violation_error_message=format_lazy(
                _(
                    "Enter {field} as YYYY, YYYY-MM or YYYY-MM-DD, "
                    "or 1962~, 196X, 196X-early."
                ),
                field=field,
            ),
        )
        for field in fields
    ]


def range_rule_name(prefix: str | None, start: str, end: str) -> str:
    return f"{prefix}_{end}_not_before_{start}"


def partial_date_range_rules(
    prefix: str, start: str, end: str, *others: str
) -> list[models.CheckConstraint]:
    """Return the constraints of a range of partial dates (and of other dates).

    Each date keeps its ISO form, and the end does not lie before the start.
    """
    return [
        *partial_date_rules(prefix, start, end, *others),
        partial_date_range_rule(prefix, start, end),
    ]


def partial_date_range_rule(
    prefix: str, start: str, end: str
) -> models.CheckConstraint:
    """Return a constraint that an end does not lie before its start.

    The start is cut to the end's precision first, so an end of "2022" is allowed
    with a start of "2022-04"; an empty end (or start) cuts to "" and always passes.
    """
    return models.CheckConstraint(
        condition=Q(**{f"{end}__gte": Substr(start, 1, Length(end))}),
        name=range_rule_name(prefix, start, end),
        violation_error_message=_("The end date cannot be before the start date."),
    )


class HashedSecret(models.Model):
    """A secret that a member of staff is shown once, of which only a hash is kept.

    The first characters of the secret (`prefix`) stay in clear so that people can
    tell their secrets apart; revoking one ends its use for good. The owner and the
    `name` are the concrete model's (an API token, a calendar address).
    """

    name: str
    user: Any

    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(
        _("hash of the secret"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name or self.user} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Source(DomainModel):
    """Where a fact comes from: a web page, a decision, a news item, a document."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    published = PartialDateField(_("published"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = partial_date_rules("source", "published")

    def __str__(self) -> str:
        return self.title


class ReviewQuerySet(models.QuerySet["Review"]):
    """Reviews; a review changes its municipality's public pages ("last updated")."""

    # The page generations renew the reviewed record's home municipality.
    municipality_path = "municipality"


class Review(ServiceWrittenModel):
    """That a member of staff checked a record's facts against the world, and when.

    Every review is kept; a record's latest review is when it was last checked.
    The staff workspace lists public records nobody has reviewed for a year; the
    public pages date what they show by its latest review or change.
    """

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    reviewed_at = models.DateTimeField(_("reviewed"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        # Made by the staff app, which kept reviews until the public pages needed
        # them too: the table keeps its name, and its rows.
        db_table = "staff_review"
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(
                fields=["municipality", "content_type", "object_id", "reviewed_at"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.reviewed_at:%Y-%m-%d}"


class AccessAction(models.TextChoices):
    READ = "read", _("read")
    SEARCH = "search", _("search")
    EXPORT = "export", _("export")
    CHANGE = "change", _("change")
    ERASE = "erase", _("erase")


class AccessLogEntry(models.Model):
    """One read, search, export, change or erasure of personal data, by whom and when.

    Entries are never changed; they name the record by label and id so that they
    outlive an erased contact.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Whose personal data it was: its administrators see the entry."),
    )
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    model = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_count = models.PositiveIntegerField(_("number of records"), default=1)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.model}"
