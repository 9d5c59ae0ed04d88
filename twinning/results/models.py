"""What partnerships and projects brought: results, and project indicators."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.fields import (
    PartialDateField,
    amount_field,
    currency_field,
    internal_note_field,
    municipality_field,
    partnership_field,
    project_field,
    slug_field,
    source_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    check_rule,
    field_error,
    partial_date_rules,
    refuse_another_municipalitys,
    slug_unique_rule,
)
from twinning.core.querysets import RegisterQuerySet
from twinning.results.choices import IndicatorMeasure, ResultKind


class ResultQuerySet(RegisterQuerySet["Result"]):
    """A result is public when it, its partnership and its project all are."""

    public_parents = ("partnership", "project", "activity")


class IndicatorQuerySet(RegisterQuerySet["Indicator"]):
    """An indicator is as public as its project."""

    public_flag = None
    public_parents = ("project",)
    municipality_path = "project__municipality"


class IndicatorPeriodQuerySet(RegisterQuerySet["IndicatorPeriod"]):
    public_flag = None
    public_parents = ("indicator",)
    municipality_path = "indicator__project__municipality"


class Result(DomainModel):
    """A benefit a partnership or project brought, with its evidence and source.

    A result with neither partnership nor project is one the municipality's
    partnerships brought together. It may name the activity it came from (a
    business deal from a mission); it is public only if that activity is.
    """

    municipality = municipality_field(related_name="results")
    slug = slug_field(unique=False)
    kind = models.CharField(_("kind"), max_length=30, choices=ResultKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    partnership = partnership_field(related_name="results")
    project = project_field(related_name="results")
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        help_text=_("The visit, mission or meeting the result came from."),
    )
    organisations = models.ManyToManyField(
        "places.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        related_name="results",
        help_text=_(
            "The companies or bodies it came from or went to, such as the "
            "company that made the deal."
        ),
    )
    achieved_on = PartialDateField(_("achieved"), blank=True)
    value = amount_field(_("value"))
    currency = currency_field()
    evidence = models.TextField(_("evidence"), blank=True)
    internal_note = internal_note_field()
    is_public = models.BooleanField(_("public"), default=False)
    sources = sources_field()

    objects = ResultQuerySet.as_manager()

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "kind", "-achieved_on", "slug"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [models.Index(fields=["municipality", "kind"])]
        constraints = [
            slug_unique_rule("result", "municipality"),
            *partial_date_rules("result", "achieved_on"),
            check_rule(
                "result_value_has_currency",
                Q(value=None) | ~Q(currency=""),
                _("A value needs its currency."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        refuse_another_municipalitys(self, "partnership", "project", "activity")
        if self.value is not None and not self.currency:
            raise field_error(
                "currency", _("A value needs its currency."), "currency_missing"
            )


class Indicator(DomainModel):
    """An IATI-style indicator of a project: baseline, target and actual per period."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    measure = models.CharField(
        _("measure"),
        max_length=1,
        choices=IndicatorMeasure.choices,
        default=IndicatorMeasure.UNIT,
    )
    ascending = models.BooleanField(_("higher is better"), default=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True
    )
    baseline_value = amount_field(_("baseline"))
    source = source_field()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title


class IndicatorPeriod(DomainModel):
    """An indicator's target and actual value over one period."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target_value = amount_field(_("target"))
    actual_value = amount_field(_("actual"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    objects = IndicatorPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            check_rule(
                "indicatorperiod_end_not_before_start",
                Q(period_end__gte=models.F("period_start")),
                _("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    def clean(self) -> None:
        if (
            self.period_start
            and self.period_end
            and self.period_end < self.period_start
        ):
            raise field_error(
                "period_end",
                _("The end date cannot be before the start date."),
                "end_before_start",
            )
