"""EU work: the EU office of the municipality, funding calls, applications,
partner searches, policy early warnings and the participant lists of grants."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.fields import (
    amount_field,
    currency_field,
    internal_note_field,
    municipality_field,
    slug_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    check_rule,
    field_error,
    refuse_another_municipalitys,
    slug_unique_rule,
)
from twinning.core.named import NamedRecord
from twinning.core.querysets import RegisterQuerySet
from twinning.eu.choices import (
    ApplicationOutcome,
    CallTemplate,
    OpportunityStatus,
    Participation,
    PartnerSearchKind,
    PartnerSearchStatus,
)


class EUOfficeQuerySet(RegisterQuerySet["EUOffice"]):
    """An EU office is a public body: its address and services are public."""

    public_flag = None
    municipality_path = "municipalities"


class EUOfficeServiceQuerySet(RegisterQuerySet["EUOfficeService"]):
    public_flag = None
    public_parents = ("office",)
    municipality_path = "office__municipalities"


class FundingOpportunityQuerySet(RegisterQuerySet["FundingOpportunity"]):
    """A funding opportunity is public when it is marked public."""


class PartnerSearchQuerySet(RegisterQuerySet["PartnerSearch"]):
    """A partner search is public when it is marked public."""


class ApplicationQuerySet(RegisterQuerySet["Application"]):
    """An application is internal until it is published, and then only with its
    call public too."""

    public_parents = ("call",)


class PolicyWarningQuerySet(RegisterQuerySet["PolicyWarning"]):
    """An early warning is internal until it is published."""


class ParticipantListQuerySet(RegisterQuerySet["ParticipantList"]):
    """Who came to a funded activity, town by town, stays with staff."""

    never_public = True
    municipality_path = "activity__municipality"


def validate_time_zone(value: str) -> None:
    """Refuse a name that is not an IANA time zone ("Europe/Brussels")."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("%(value)s is not a time zone, such as Europe/Brussels."),
            code="unknown_time_zone",
            params={"value": value},
        ) from error


class EUOffice(NamedRecord):
    """A regional office in Brussels that represents home municipalities in the EU."""

    slug = slug_field()
    organisation = models.OneToOneField(
        "places.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="eu_office",
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        verbose_name=_("represents"),
        blank=True,
        related_name="eu_offices",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    address = models.TextField(_("address"), help_text=_("One line per line."))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    sources = sources_field()

    objects = EUOfficeQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        verbose_name = _("EU office")
        verbose_name_plural = _("EU offices")

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


class EUOfficeService(DomainModel):
    """One of the services an EU office offers."""

    office = models.ForeignKey(
        EUOffice,
        verbose_name=_("EU office"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    description = models.CharField(_("service"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = EUOfficeServiceQuerySet.as_manager()

    class Meta:
        ordering = ["office", "order", "id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.description


class FundingOpportunity(DomainModel):
    """An EU funding call, with its deadline, for a home municipality to consider."""

    municipality = municipality_field(related_name="funding_opportunities")
    slug = slug_field(unique=False)
    programme = models.CharField(_("programme"), max_length=200)
    call_identifier = models.CharField(_("call"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    opens = models.DateField(_("opens"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    deadline_time_zone = models.CharField(
        _("time zone of the deadline"),
        max_length=60,
        default="Europe/Brussels",
        validators=[validate_time_zone],
        help_text=_("The deadline is shown in this time zone, as the call gives it."),
    )
    template = models.CharField(
        _("made from"),
        max_length=40,
        choices=CallTemplate.choices,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    themes = models.ManyToManyField(
        "partnerships.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    budget = amount_field(_("budget of the call"))
    max_grant = amount_field(_("largest grant"))
    currency = currency_field(default="EUR", help_text=_("ISO 4217"))
    eligibility = models.TextField(_("who may apply"), blank=True)
    min_direct_participants = models.PositiveIntegerField(
        _("least number of direct participants"),
        null=True,
        blank=True,
        help_text=_("At each funded activity, all towns together."),
    )
    min_invited_participants = models.PositiveIntegerField(
        _("least number of invited participants"),
        null=True,
        blank=True,
        help_text=_("At each funded activity, from the invited towns."),
    )
    min_countries = models.PositiveSmallIntegerField(
        _("least number of countries"),
        null=True,
        blank=True,
        help_text=_("That the towns of an application come from."),
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    office = models.ForeignKey(
        EUOffice,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_opportunities",
    )
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        verbose_name=_("partnerships"),
        blank=True,
        related_name="%(class)s_set",
        help_text=_("The partnerships it concerns."),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("projects"),
        blank=True,
        related_name="%(class)s_set",
        help_text=_("The projects it would fund or has funded."),
    )
    is_public = models.BooleanField(_("public"), default=True)

    objects = FundingOpportunityQuerySet.as_manager()

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "deadline", "slug"]
        verbose_name = _("funding opportunity")
        verbose_name_plural = _("funding opportunities")
        indexes = [models.Index(fields=["municipality", "deadline"])]
        constraints = [
            slug_unique_rule("fundingopportunity", "municipality"),
            check_rule(
                "fundingopportunity_deadline_not_before_opening",
                models.Q(deadline=None)
                | models.Q(opens=None)
                | models.Q(deadline__date__gte=models.F("opens")),
                _("The deadline cannot be before the call opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def local_deadline(self) -> dt.datetime | None:
        """Return the deadline in the call's own time zone."""
        if self.deadline is None:
            return None
        return self.deadline.astimezone(zoneinfo.ZoneInfo(self.deadline_time_zone))


class PartnerSearch(DomainModel):
    """A partner search for an EU application: one offered to others, or one sought."""

    municipality = municipality_field(related_name="partner_searches")
    slug = slug_field(unique=False)
    kind = models.CharField(_("kind"), max_length=10, choices=PartnerSearchKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("searching organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_searches",
    )
    deadline = models.DateField(_("answer by"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnerSearchStatus.choices,
        default=PartnerSearchStatus.OPEN,
    )
    themes = models.ManyToManyField(
        "partnerships.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    answer = models.TextField(
        _("answer"),
        blank=True,
        help_text=_("Who answered, and what: the partner found or offered."),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        verbose_name=_("partnerships"),
        blank=True,
        related_name="%(class)s_set",
        help_text=_("The partnerships it concerns."),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("projects"),
        blank=True,
        related_name="%(class)s_set",
        help_text=_("The projects it is for."),
    )
    funding_opportunity = models.ForeignKey(
        FundingOpportunity,
        verbose_name=_("funding call"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_searches",
        help_text=_("The call the application is for."),
    )
    is_public = models.BooleanField(_("public"), default=False)

    objects = PartnerSearchQuerySet.as_manager()

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "deadline", "slug"]
        verbose_name = _("partner search")
        verbose_name_plural = _("partner searches")
        constraints = [
            slug_unique_rule("partnersearch", "municipality"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        refuse_another_municipalitys(self, "funding_opportunity")


class Application(DomainModel):
    """An application to a funding call: who leads, who partners, what it asks for,
    and, once decided, what was granted and what it became.

    The home municipality leads unless `lead` names another organisation.
    Participant lists of its funded activities are kept until `audit_until`, the end
    of the grant's audit period; `purge_personal_data` erases their scans after.
    """

    municipality = municipality_field(related_name="eu_applications")
    slug = slug_field(unique=False)
    call = models.ForeignKey(
        FundingOpportunity,
        verbose_name=_("funding call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    lead = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("lead applicant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eu_applications_led",
        help_text=_("Empty when the home municipality leads."),
    )
    partner_places = models.ManyToManyField(
        "places.Place",
        verbose_name=_("partner towns"),
        blank=True,
        related_name="eu_applications",
    )
    partner_organisations = models.ManyToManyField(
        "places.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="eu_applications",
    )
    partner_municipalities = models.ManyToManyField(
        "places.Municipality",
        verbose_name=_("partner municipalities on the platform"),
        blank=True,
        related_name="eu_applications_partnered",
    )
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        verbose_name=_("partnerships"),
        blank=True,
        related_name="eu_applications",
    )
    partner_search = models.ForeignKey(
        PartnerSearch,
        verbose_name=_("partner search"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The search that found the partners."),
    )
    requested = amount_field(_("amount requested"))
    currency = currency_field(default="EUR", help_text=_("ISO 4217"))
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=ApplicationOutcome.choices,
        default=ApplicationOutcome.DRAFT,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    granted = amount_field(_("amount granted"))
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eu_applications",
        help_text=_("The project the grant became."),
    )
    activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("funded activities"),
        blank=True,
        related_name="eu_applications",
    )
    audit_until = models.DateField(
        _("audit period ends"),
        null=True,
        blank=True,
        help_text=_(
            "Participant lists are kept until this day, then their scans are erased."
        ),
    )
    internal_note = internal_note_field()
    is_public = models.BooleanField(_("public"), default=False)

    objects = ApplicationQuerySet.as_manager()

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "-submitted_on", "slug"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["municipality", "outcome"])]
        constraints = [
            slug_unique_rule("application", "municipality"),
            check_rule(
                "application_granted_only_when_granted",
                models.Q(granted=None) | models.Q(outcome=ApplicationOutcome.GRANTED),
                _("Only a granted application has an amount granted."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        refuse_another_municipalitys(self, "call")
        if self.outcome != ApplicationOutcome.DRAFT and self.submitted_on is None:
            raise field_error(
                "submitted_on",
                _("Say when the application was submitted."),
                "required_when_submitted",
            )
        if (
            self.decided_on is not None
            and self.submitted_on is not None
            and self.decided_on < self.submitted_on
        ):
            raise field_error(
                "decided_on",
                _("The decision cannot come before the application was submitted."),
                "decided_before_submitted",
            )
        if self.granted is not None and self.outcome != ApplicationOutcome.GRANTED:
            raise field_error(
                "granted",
                _("Only a granted application has an amount granted."),
                "granted_without_grant",
            )


class PolicyWarning(DomainModel):
    """An early warning on EU policy: a topic coming up, when, from what source, and
    the partnerships it concerns."""

    municipality = municipality_field(related_name="policy_warnings")
    slug = slug_field(unique=False)
    topic = models.CharField(_("topic"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    date = models.DateField(_("date"))
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Who warned, or where it was read."),
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    office = models.ForeignKey(
        EUOffice,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_warnings",
    )
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        verbose_name=_("partnerships"),
        blank=True,
        related_name="policy_warnings",
        help_text=_("The partnerships it concerns."),
    )
    themes = models.ManyToManyField(
        "partnerships.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    is_public = models.BooleanField(_("public"), default=False)

    objects = PolicyWarningQuerySet.as_manager()

    slug_unique_within = "municipality"

    class Meta:
        ordering = ["municipality", "-date", "slug"]
        verbose_name = _("policy early warning")
        verbose_name_plural = _("policy early warnings")
        constraints = [slug_unique_rule("policywarning", "municipality")]

    def __str__(self) -> str:
        return self.topic


def participant_scan_path(instance: ParticipantList, filename: str) -> str:
    return f"participant-lists/{instance.activity_id}/{filename}"


class ParticipantList(DomainModel):
    """The participants of one town at an activity a grant funds.

    A grant report counts people by town and country, local and invited, against
    the call's thresholds; the signed list (or its scan) is the evidence, and is
    personal data kept only until the grant's audit period ends.
    """

    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participant_lists",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="participant_lists",
    )
    town = models.ForeignKey(
        "places.Place",
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    participation = models.CharField(
        _("participation"), max_length=10, choices=Participation.choices
    )
    participants = models.PositiveIntegerField(_("number of participants"))
    signed = models.BooleanField(
        _("signed list kept"),
        default=False,
        help_text=_("The participants signed a list, kept on paper."),
    )
    scan = models.FileField(
        _("scan of the signed list"),
        upload_to=participant_scan_path,
        blank=True,
    )
    scan_erased_on = models.DateField(
        _("scan erased on"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    objects = ParticipantListQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "participation", "town__name"]
        verbose_name = _("participant list")
        verbose_name_plural = _("participant lists")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "town"],
                name="participantlist_one_per_town",
                violation_error_message=_(
                    "This town already has a participant list at this activity."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.town}"

    @property
    def country(self) -> str:
        return self.town.country

    @property
    def has_evidence(self) -> bool:
        """Tell whether a signed list or its scan backs the count."""
        return self.signed or bool(self.scan)

    def clean(self) -> None:
        if self.activity_id:
            refuse_another_municipalitys(
                self, "application", municipality_id=self.activity.municipality_id
            )
