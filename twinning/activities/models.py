"""Activities in partnerships and projects: visits, exchanges, meetings, signings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.activities.choices import ActivityKind, ParticipantRole
from twinning.core.fields import (
    PartialDateField,
    internal_note_field,
    municipality_field,
    partnership_field,
    project_field,
    slug_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    check_rule,
    field_error,
    partial_date_range_rules,
    slug_unique_rule,
)
from twinning.core.querysets import M, RegisterQuerySet


class ActivityQuerySet(RegisterQuerySet["Activity"]):
    """An activity is public when it, its partnership and its project all are."""

    public_parents = ("partnership", "project")


class ActivityPartQuerySet(RegisterQuerySet[M]):
    """Who took part and what was agreed stay with staff: never public."""

    never_public = True
    municipality_path = "activity__municipality"


class Activity(DomainModel):
    """An event in a partnership or project, such as a delegation visit."""

    municipality = municipality_field(related_name="activities")
    slug = slug_field(unique=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    partnership = partnership_field(related_name="activities")
    project = project_field(related_name="activities")
    started = PartialDateField(_("from"))
    ended = PartialDateField(_("until"), blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    internal_note = internal_note_field()
    is_public = models.BooleanField(_("public"), default=False)
    sources = sources_field()

    objects = ActivityQuerySet.as_manager()

    date_ranges = (("started", "ended"),)

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "-started", "slug"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["municipality", "started"])]
        constraints = [
            slug_unique_rule("activity", "municipality"),
            *partial_date_range_rules("activity", "started", "ended"),
            check_rule(
                "activity_has_start",
                ~Q(started=""),
                _("An activity needs a start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        for field in ("partnership", "project"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if (
                related is not None
                and self.municipality_id
                and related.municipality_id != self.municipality_id
            ):
                raise field_error(
                    field,
                    _("This belongs to another home municipality."),
                    "other_municipality",
                )


class Participant(DomainModel):
    """An organisation or person taking part in an activity, in a role."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_participations",
    )
    contact = models.ForeignKey(
        "contacts.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    headcount = models.PositiveSmallIntegerField(
        _("number of people"), null=True, blank=True
    )
    history = HistoricalRecords()

    objects = ActivityPartQuerySet["Participant"].as_manager()

    class Meta:
        ordering = ["activity", "role", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            check_rule(
                "participant_is_someone",
                Q(organisation__isnull=False) | Q(contact__isnull=False),
                _("A participant is an organisation, a contact person or both."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.contact)


class FollowUp(DomainModel):
    """Something agreed at an activity that someone is to do, by a date."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    description = models.TextField(_("what"))
    responsible = models.CharField(_("who"), max_length=200, blank=True)
    due = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActivityPartQuerySet["FollowUp"].as_manager()

    class Meta:
        ordering = ["activity", "due", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.description[:60]
