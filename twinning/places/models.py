"""Places anywhere in the world, the organisations in them, and home municipalities."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.fields import (
    PartialDateField,
    municipality_field,
    slug_field,
    source_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    ServiceWrittenModel,
    check_rule,
    partial_date_range_rules,
    unique_rule,
)
from twinning.core.named import NamedRecord
from twinning.core.querysets import ReferenceQuerySet, RegisterQuerySet
from twinning.core.validators import validate_country_code
from twinning.places.choices import (
    IatiOrganisationType,
    OrganisationKind,
    PlaceKind,
    PlaceNameKind,
)

validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*$", _("Enter a Wikidata id such as Q25319.")
)
validate_host_name = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    _("Enter a host name such as internationalt.aarhus.dk, without http:// or a port."),
)
validate_language_code = RegexValidator(
    r"^[a-z]{2,3}$", _("Enter an ISO 639 language code such as da, en or sv.")
)


class Place(DomainModel):
    """A city, municipality or region anywhere, with its names over time."""

    slug = slug_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.CITY
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code, such as DK or GL."),
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinates_note = models.CharField(
        _("note on the coordinates"), max_length=300, blank=True
    )
    geonames_id = models.PositiveIntegerField(
        _("GeoNames id"), null=True, blank=True, unique=True
    )
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_(
            "The place that took over from this one, e.g. Qaqortoq → Kujalleq."
        ),
    )
    sources = sources_field()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [models.Index(fields=["country"])]
        constraints = [
            check_rule(
                "place_country_is_alpha_2",
                Q(country__regex=r"^[A-Z]{2}$"),
                _("Enter the country as two capital letters."),
            ),
            check_rule(
                "place_not_its_own_successor",
                ~Q(successor=models.F("pk")),
                _("A place cannot succeed itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlaceName(DomainModel):
    """Another name of a place: in another language, or from another time."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("ISO 639 code, such as da, sv or kl."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PlaceNameKind.choices,
        default=PlaceNameKind.EXONYM,
    )
    valid_from = PartialDateField(_("used from"), blank=True)
    valid_until = PartialDateField(_("used until"), blank=True)
    source = source_field()
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    date_ranges = (("valid_from", "valid_until"),)

    class Meta:
        ordering = ["place", "name"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            *partial_date_range_rules("placename", "valid_from", "valid_until"),
            unique_rule(
                "placename_unique_per_language",
                ["place", "name", "language"],
                _("This place already has this name in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})" if self.language else self.name


class Organisation(NamedRecord):
    """Any body: a municipality, utility, company, ministry, embassy, network, ..."""

    slug = slug_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    iati_type = models.CharField(
        _("IATI organisation type"),
        max_length=2,
        choices=IatiOrganisationType.choices,
        blank=True,
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code, such as DK or GH."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    sources = sources_field()

    objects = ReferenceQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")


class MunicipalityQuerySet(ReferenceQuerySet["Municipality"]):
    """A home municipality is public; its portfolio is its own."""

    municipality_path = "pk"


class Municipality(NamedRecord):
    """A home municipality: the one whose international relations a portfolio holds."""

    slug = slug_field()
    name = models.CharField(_("name"), max_length=200)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="home_municipalities",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_municipalities",
        help_text=_("The municipality as an organisation, e.g. in IATI reports."),
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Opens the public overview. Separate paragraphs by a blank line."),
    )
    results_introduction = models.TextField(
        _("introduction to the results"), blank=True
    )
    networks_introduction = models.TextField(
        _("introduction to the networks"), blank=True
    )
    # How citizens reach the international office: shown on every public page.
    office_name = models.CharField(
        _("international office"),
        max_length=200,
        blank=True,
        help_text=_(
            "The office's name, as the public pages show it with the address, phone "
            "and e-mail below. Shown on the public website."
        ),
    )
    office_address = models.TextField(
        _("office address"), blank=True, help_text=_("Shown on the public website.")
    )
    office_phone = models.CharField(
        _("office phone"),
        max_length=40,
        blank=True,
        help_text=_("Shown on the public website."),
    )
    office_email = models.EmailField(
        _("office e-mail"), blank=True, help_text=_("Shown on the public website.")
    )
    sources = sources_field()

    objects = MunicipalityQuerySet.as_manager()

    # A change of a municipality may change which one a host's site shows (the
    # default is the first): every public site's cached pages go stale.
    touches_platform = True

    @property
    def has_office_contact(self) -> bool:
        """Tell whether citizens are told how to reach the international office."""
        return bool(self.office_name and (self.office_phone or self.office_email))

    class Meta(NamedRecord.Meta):
        verbose_name = _("home municipality")
        verbose_name_plural = _("home municipalities")


class TwinTownLinkQuerySet(ReferenceQuerySet["TwinTownLink"]):
    """The world's twin-town network is reference data from public datasets."""


class TwinTownLink(ServiceWrittenModel):
    """Two places that a dataset says are twin towns (sister cities, partner towns).

    A pair is undirected: its two ends are stored in a fixed order (by country, then
    name), so that "A–B" and "B–A" in a dataset are one link. Each end keeps the
    name and country as the dataset gives them, the name folded for matching
    (`core.text.fold`), the GeoNames id it was matched to, the Wikidata id where the
    dataset has one, and the register's place when one matched.
    """

    source = models.CharField(_("dataset"), max_length=100)
    pair_key = models.CharField(
        _("pair key"),
        max_length=64,
        editable=False,
        help_text=_("Identifies the pair within its dataset, in either order."),
    )
    place_name = models.CharField(_("place"), max_length=200)
    place_country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2")
    )
    place_key = models.CharField(_("folded name"), max_length=200, editable=False)
    place_geonames_id = models.PositiveIntegerField(
        _("GeoNames id"), null=True, blank=True
    )
    place_wikidata_id = models.CharField(_("Wikidata id"), max_length=20, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_name = models.CharField(_("twin town"), max_length=200)
    partner_country = models.CharField(
        _("country of the twin town"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2"),
    )
    partner_key = models.CharField(_("folded name"), max_length=200, editable=False)
    partner_geonames_id = models.PositiveIntegerField(
        _("GeoNames id of the twin town"), null=True, blank=True
    )
    partner_wikidata_id = models.CharField(
        _("Wikidata id of the twin town"), max_length=20, blank=True
    )
    partner_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("twin town in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    objects = TwinTownLinkQuerySet.as_manager()

    class Meta:
        ordering = ["source", "place_country", "place_key", "partner_key"]
        verbose_name = _("twin-town link")
        verbose_name_plural = _("twin-town network")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "pair_key"], name="twintownlink_unique_pair"
            )
        ]
        # twin_towns_of() finds a place's links by either end: by GeoNames id, by
        # Wikidata id, or by country and folded name.
        indexes = [
            models.Index(
                fields=["place_geonames_id"], name="twintown_place_geonames_idx"
            ),
            models.Index(
                fields=["partner_geonames_id"], name="twintown_partner_geonames_idx"
            ),
            models.Index(
                fields=["place_country", "place_key"], name="twintown_place_name_idx"
            ),
            models.Index(
                fields=["partner_country", "partner_key"],
                name="twintown_partner_name_idx",
            ),
            models.Index(
                fields=["place_wikidata_id"], name="twintown_place_wikidata_idx"
            ),
            models.Index(
                fields=["partner_wikidata_id"], name="twintown_partner_wikidata_idx"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.place_name} ({self.place_country}) – "
            f"{self.partner_name} ({self.partner_country})"
        )


class SiteHostQuerySet(RegisterQuerySet["SiteHost"]):
    """A site's host name is public: it is the address of the public pages."""

    public_flag = None


class SiteHost(DomainModel):
    """A host name a home municipality's public site answers on ("www.aarhus.dk").

    A request's host chooses whose pages, open data and API answers it gets; a host
    no municipality has gets the default one (TWINNING_MUNICIPALITY, else the first).
    """

    host = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        validators=[validate_host_name],
        help_text=_("Without the scheme or a port, such as internationalt.aarhus.dk."),
    )
    municipality = municipality_field(related_name="hosts")
    history = HistoricalRecords()

    objects = SiteHostQuerySet.as_manager()

    # A host moved to another municipality changes whose pages it serves.
    touches_platform = True

    class Meta:
        ordering = ["municipality", "host"]
        verbose_name = _("host name")
        verbose_name_plural = _("host names")

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        self.host = self.host.strip().lower().rstrip(".")
