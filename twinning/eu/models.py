"""EU work: the EU office of the municipality, funding calls, partner searches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.fields import municipality_field, slug_field, sources_field
from twinning.core.models import (
    DomainModel,
    check_rule,
    field_error,
    slug_unique_rule,
)
from twinning.core.querysets import RegisterQuerySet
from twinning.eu.choices import (
    OpportunityStatus,
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


class EUOffice(DomainModel):
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("EU office")
        verbose_name_plural = _("EU offices")

    def __str__(self) -> str:
        return self.name

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
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    themes = models.ManyToManyField(
        "partnerships.Theme", verbose_name=_("themes"), blank=True, related_name="+"
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
        call = self.funding_opportunity if self.funding_opportunity_id else None
        if call is not None and call.municipality_id != self.municipality_id:
            raise field_error(
                "funding_opportunity",
                _("This belongs to another home municipality."),
                "other_municipality",
            )
