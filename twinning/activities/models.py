"""Activities in partnerships and projects: visits, exchanges, meetings, signings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.activities.choices import (
    ActivityKind,
    BudgetKind,
    FollowUpStatus,
    GiftDirection,
    ParticipantRole,
    Payer,
)
from twinning.core.fields import (
    PartialDateField,
    amount_field,
    currency_field,
    internal_note_field,
    municipality_field,
    owner_field,
    partnership_field,
    project_field,
    slug_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    HashedSecret,
    check_rule,
    field_error,
    partial_date_range_rules,
    refuse_another_municipalitys,
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


OPEN_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)


class FollowUpQuerySet(ActivityPartQuerySet["FollowUp"]):
    """Follow-ups, never public; the open ones, the overdue ones, someone's."""

    def open(self) -> FollowUpQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> FollowUpQuerySet:
        return self.open().filter(due__lt=today or timezone.localdate())

    def due_by(self, day: dt.date) -> FollowUpQuerySet:
        """Return the open follow-ups due on or before `day`, overdue ones too."""
        return self.open().filter(due__lte=day)

    def of(self, user: object) -> FollowUpQuerySet:
        return self.filter(responsible=user)


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
        refuse_another_municipalitys(self, "partnership", "project")


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
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("The member of staff who sees to it, and is reminded."),
    )
    responsible_note = models.CharField(
        _("who else"),
        max_length=200,
        blank=True,
        help_text=_("Others involved, such as the partner's coordinator."),
    )
    due = models.DateField(_("by"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
    )
    done_on = models.DateField(_("done"), null=True, blank=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "due", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["responsible", "status", "due"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.due is not None
            and self.due < timezone.localdate()
        )

    def clean(self) -> None:
        if self.done_on is not None and self.status in OPEN_STATUSES:
            raise field_error(
                "status",
                _("A follow-up with a date it was done on is done."),
                "done_but_open",
            )
        user = self.responsible if self.responsible_id else None
        activity = self.activity if self.activity_id else None
        if (
            user is not None
            and activity is not None
            and not user.is_superuser
            and not user.municipalities.filter(pk=activity.municipality_id).exists()
        ):
            raise field_error(
                "responsible",
                _("%(user)s does not work on %(municipality)s's register.")
                % {"user": user, "municipality": activity.municipality},
                "other_municipality",
            )


def _activity_field(related_name: str) -> models.ForeignKey[Activity, Activity]:
    return models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


# An activity's sums are up to ten billion, in kroner unless told otherwise.
class ProgrammeStop(DomainModel):
    """One dated and timed stop of a visit's programme: where, with whom, what."""

    activity = _activity_field("programme")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(_("place"), max_length=300, blank=True)
    host = models.CharField(
        _("host"),
        max_length=300,
        blank=True,
        help_text=_("Who receives the delegation at this stop."),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ActivityPartQuerySet["ProgrammeStop"].as_manager()

    checked_in_clean = frozenset({"programmestop_ends_after_start"})

    class Meta:
        ordering = ["activity", "starts_at", "id"]
        verbose_name = _("programme stop")
        verbose_name_plural = _("programme")
        constraints = [
            check_rule(
                "programmestop_ends_after_start",
                Q(ends_at=None) | Q(ends_at__gte=models.F("starts_at")),
                _("A stop cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.venue}".strip()

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise field_error(
                "ends_at", _("A stop cannot end before it starts."), "end_before_start"
            )


class BudgetLine(DomainModel):
    """A cost of an activity, planned and actual, and who pays it."""

    activity = _activity_field("budget_lines")
    kind = models.CharField(_("kind"), max_length=20, choices=BudgetKind.choices)
    description = models.CharField(_("what"), max_length=300, blank=True)
    planned = amount_field(_("planned amount"), max_digits=12)
    actual = amount_field(_("actual amount"), max_digits=12)
    currency = currency_field(default="DKK")
    paid_by = models.CharField(
        _("paid by"), max_length=10, choices=Payer.choices, default=Payer.HOME
    )
    history = HistoricalRecords()

    objects = ActivityPartQuerySet["BudgetLine"].as_manager()

    checked_in_clean = frozenset(
        {"budgetline_has_an_amount", "budgetline_amounts_not_negative"}
    )

    class Meta:
        ordering = ["activity", "kind", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        constraints = [
            check_rule(
                "budgetline_has_an_amount",
                Q(planned__isnull=False) | Q(actual__isnull=False),
                _("A budget line needs a planned or an actual amount."),
            ),
            check_rule(
                "budgetline_amounts_not_negative",
                (Q(planned=None) | Q(planned__gte=0))
                & (Q(actual=None) | Q(actual__gte=0)),
                _("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.planned or self.actual} {self.currency}"
        )

    def clean(self) -> None:
        if self.planned is None and self.actual is None:
            raise field_error(
                "planned",
                _("A budget line needs a planned or an actual amount."),
                "no_amount",
            )
        for field in ("planned", "actual"):
            amount = getattr(self, field)
            if amount is not None and amount < 0:
                raise field_error(
                    field, _("An amount cannot be negative."), "negative_amount"
                )


class Gift(DomainModel):
    """A gift given or received at an activity, as a public authority must register."""

    activity = _activity_field("gifts")
    direction = models.CharField(
        _("given or received"), max_length=10, choices=GiftDirection.choices
    )
    description = models.CharField(_("what"), max_length=300)
    estimated_value = amount_field(_("estimated value"), max_digits=12)
    currency = currency_field(default="DKK")
    counterpart = models.CharField(
        _("to or from whom"),
        max_length=300,
        help_text=_("The person or body who received or gave the gift."),
    )
    exchanged_on = models.DateField(_("date"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActivityPartQuerySet["Gift"].as_manager()

    checked_in_clean = frozenset({"gift_value_not_negative"})

    class Meta:
        ordering = ["activity", "exchanged_on", "id"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts register")
        constraints = [
            check_rule(
                "gift_value_not_negative",
                Q(estimated_value=None) | Q(estimated_value__gte=0),
                _("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.estimated_value is not None and self.estimated_value < 0:
            raise field_error(
                "estimated_value", _("An amount cannot be negative."), "negative_amount"
            )


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at=None)


class CalendarFeed(HashedSecret):
    """A member of staff's private calendar address: their visits, follow-ups and
    deadlines, for a calendar program to subscribe to.

    The address holds a secret; only its SHA-256 hash is stored, and the address is
    shown once, when it is made. Revoking it ends it for good (the address then
    answers 410 Gone); a new address can be made at any time.
    """

    user = owner_field(related_name="calendar_feeds")
    name = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_("Where it is used, such as “Outlook on my laptop”."),
    )

    objects = CalendarFeedQuerySet.as_manager()

    class Meta(HashedSecret.Meta):
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
