"""Projects with partner cities: programmes, phases, sectors, roles, posts."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.dates import has_passed
from twinning.core.fields import (
    PartialDateField,
    amount_field,
    currency_field,
    internal_note_field,
    municipality_field,
    partnership_field,
    slug_field,
    source_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    ServiceWrittenModel,
    check_rule,
    field_error,
    partial_date_range_rules,
    slug_unique_rule,
    unique_rule,
)
from twinning.core.named import NamedRecord
from twinning.core.querysets import M, ReferenceQuerySet, RegisterQuerySet
from twinning.projects.choices import ActivityStatus, ParticipantRole

validate_dac_code = RegexValidator(
    r"^[0-9]{5}$", _("Enter an OECD DAC sector code of five digits, such as 14020.")
)


class Sector(ServiceWrittenModel):
    """An OECD DAC 5-digit sector (purpose) code, as in IATI's Sector codelist."""

    code = models.CharField(
        _("DAC code"), max_length=5, primary_key=True, validators=[validate_dac_code]
    )
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("DAC category"), max_length=3, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Programme(NamedRecord):
    """A programme projects run under, such as Strategic Sector Cooperation."""

    slug = slug_field()
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    funder = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programmes",
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    sources = sources_field()

    objects = ReferenceQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class ProjectQuerySet(RegisterQuerySet["Project"]):
    """A project is public when it is marked public and so is its partnership."""

    public_parents = ("partnership",)


class ProjectPartQuerySet(RegisterQuerySet[M]):
    """A part of a project (phase, sector share, role, post) is as public as it."""

    public_flag = None
    public_parents = ("project",)
    municipality_path = "project__municipality"


class Project(DomainModel):
    """A development project with a partner: phases, sectors, budget and roles."""

    municipality = municipality_field(related_name="projects")
    slug = slug_field(unique=False)
    title = models.CharField(_("title"), max_length=300)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    partnership = partnership_field(related_name="projects")
    status = models.CharField(
        _("status"),
        max_length=1,
        choices=ActivityStatus.choices,
        default=ActivityStatus.IMPLEMENTATION,
    )
    started = PartialDateField(_("started"), blank=True)
    ended = PartialDateField(_("ended"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("public description"), blank=True)
    internal_note = internal_note_field()
    budget_amount = amount_field(_("budget"), validators=[MinValueValidator(0)])
    budget_currency = currency_field()
    budget_value_date = models.DateField(
        _("value date"),
        null=True,
        blank=True,
        help_text=_("The date the budget's exchange rate is taken from."),
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=150, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    sources = sources_field()

    objects = ProjectQuerySet.as_manager()

    date_ranges = (("started", "ended"),)

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "started", "slug"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            slug_unique_rule("project", "municipality"),
            *partial_date_range_rules("project", "started", "ended"),
            check_rule(
                "project_budget_has_currency_and_value_date",
                Q(budget_amount=None)
                | (~Q(budget_currency="") & Q(budget_value_date__isnull=False)),
                _("A budget needs its currency and value date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def end_passed(self) -> bool:
        return has_passed(self.ended, timezone.localdate())

    @property
    def overrunning(self) -> bool:
        """Tell whether the register still has it in implementation past its end."""
        return self.status == ActivityStatus.IMPLEMENTATION and self.end_passed

    def clean(self) -> None:
        if self.budget_amount is not None:
            errors = {}
            if not self.budget_currency:
                errors["budget_currency"] = ValidationError(
                    _("A budget needs its currency."), code="currency_missing"
                )
            if not self.budget_value_date:
                errors["budget_value_date"] = ValidationError(
                    _("A budget needs its value date."), code="value_date_missing"
                )
            if errors:
                raise ValidationError(errors)
        if (
            self.partnership_id
            and self.municipality_id
            and self.partnership.municipality_id != self.municipality_id
        ):
            raise field_error(
                "partnership",
                _("The partnership belongs to another municipality."),
                "other_municipality",
            )


def validate_sector_percentages(percentages: list[Decimal]) -> None:
    """Refuse sector percentages that do not add up to 100."""
    total = sum(percentages, Decimal(0))
    if percentages and total != 100:
        raise field_error(
            "percentage",
            _("The sector percentages add up to %(total)s; they must add up to 100.")
            % {"total": f"{total.normalize():f}"},
            "sector_percentages",
        )


class ProjectSector(DomainModel):
    """A project's share in one DAC sector."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="sectors",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="+",
        error_messages={
            "invalid": _("%(value)s is not a known OECD DAC sector code."),
        },
    )
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    objects = ProjectPartQuerySet["ProjectSector"].as_manager()

    class Meta:
        ordering = ["project", "-percentage", "sector"]
        verbose_name = _("sector share")
        verbose_name_plural = _("sectors")
        constraints = [
            unique_rule(
                "projectsector_unique",
                ["project", "sector"],
                _("This sector is already on the project."),
            ),
            check_rule(
                "projectsector_percentage_in_range",
                Q(percentage__gt=0, percentage__lte=100),
                _("A percentage lies between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sector_id} {self.percentage}%"


class ProjectPhase(DomainModel):
    """A phase of a project, with its own focus and dates."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    focus = models.TextField(_("focus"), blank=True)
    started = PartialDateField(_("started"), blank=True)
    ended = PartialDateField(_("ended"), blank=True)
    source = source_field()

    objects = ProjectPartQuerySet["ProjectPhase"].as_manager()

    date_ranges = (("started", "ended"),)

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            *partial_date_range_rules("projectphase", "started", "ended"),
            unique_rule(
                "projectphase_unique_number",
                ["project", "number"],
                _("The project already has a phase of this number."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or _("Phase %(number)s") % {"number": self.number}

    @property
    def dates_unsettled(self) -> bool:
        """Tell whether sources disagree on the dates and none is settled.

        Sources that only know more or less ("2022" and "April 2022") agree.
        """
        if self.started:
            return False
        claims = list(self.date_claims.all())
        return any(
            not _agree(one.started, other.started) or not _agree(one.ended, other.ended)
            for one in claims
            for other in claims
        )

    @property
    def planned(self) -> PhaseDateClaim | None:
        """Return what the sources say of the start of a phase not begun, or None.

        When they agree, the most precise of them; when they disagree, or the phase
        has its own start, there is no plan to tell.
        """
        if self.started or self.dates_unsettled:
            return None
        claims = [claim for claim in self.date_claims.all() if claim.started]
        return max(claims, key=lambda claim: len(claim.started), default=None)


def _agree(one: str, other: str) -> bool:
    """Tell whether two partial dates may mean the same day ("2022", "2022-04")."""
    if not one or not other:
        return True
    shorter, longer = sorted((one, other), key=len)
    return longer.startswith(shorter)


class PhaseDateClaimQuerySet(RegisterQuerySet["PhaseDateClaim"]):
    public_flag = None
    public_parents = ("phase",)
    municipality_path = "phase__project__municipality"


class PhaseDateClaim(DomainModel):
    """What one source says a phase's dates are, kept where sources disagree."""

    phase = models.ForeignKey(
        ProjectPhase,
        verbose_name=_("phase"),
        on_delete=models.CASCADE,
        related_name="date_claims",
    )
    started = PartialDateField(_("started"), blank=True)
    ended = PartialDateField(_("ended"), blank=True)
    source = models.ForeignKey(
        "core.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    objects = PhaseDateClaimQuerySet.as_manager()

    date_ranges = (("started", "ended"),)

    class Meta:
        ordering = ["phase", "started"]
        verbose_name = _("dates according to a source")
        verbose_name_plural = _("dates according to sources")
        constraints = [
            *partial_date_range_rules("phasedateclaim", "started", "ended"),
        ]

    def __str__(self) -> str:
        return f"{self.started}–{self.ended} ({self.source})"

    @property
    def overtaken(self) -> bool:
        """Tell whether the start the source gave has passed (today, locally)."""
        return has_passed(self.started, timezone.localdate())


class Participation(DomainModel):
    """An organisation's role in a project (IATI roles, or technology partner)."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    note = models.TextField(_("note"), blank=True)

    objects = ProjectPartQuerySet["Participation"].as_manager()

    class Meta:
        ordering = ["project", "role", "organisation__name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            unique_rule(
                "participation_unique",
                ["project", "organisation", "role"],
                _("This organisation already has this role in the project."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Post(DomainModel):
    """A position attached to a project, such as the sector counsellor at an embassy.

    The post outlives the person in it: who holds it when is recorded in holdings.
    """

    slug = slug_field(unique=False)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = source_field()

    objects = ProjectPartQuerySet["Post"].as_manager()

    slug_unique_within = "project"

    class Meta:
        ordering = ["project", "title"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            slug_unique_rule("post", "project"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}"


class PostHoldingQuerySet(RegisterQuerySet["PostHolding"]):
    """Who holds a post is personal data: never public."""

    never_public = True
    municipality_path = "post__project__municipality"


class PostHolding(DomainModel):
    """A person in a post, from a date to a date."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="holdings"
    )
    contact = models.ForeignKey(
        "contacts.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="post_holdings",
    )
    started = PartialDateField(_("from"), blank=True)
    ended = PartialDateField(_("until"), blank=True)
    history = HistoricalRecords()

    objects = PostHoldingQuerySet.as_manager()

    date_ranges = (("started", "ended"),)

    class Meta:
        ordering = ["post", "-started"]
        verbose_name = _("holder of the post")
        verbose_name_plural = _("holders of the post")
        constraints = [
            *partial_date_range_rules("postholding", "started", "ended"),
        ]

    def __str__(self) -> str:
        return f"{self.post}: {self.contact}"
