"""A home municipality's partnerships, status history, agreements and networks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.dates import PartialDate, has_passed
from twinning.core.fields import (
    PartialDateField,
    internal_note_field,
    municipality_field,
    slug_field,
    source_field,
    sources_field,
)
from twinning.core.models import (
    DomainModel,
    check_rule,
    field_error,
    partial_date_range_rules,
    partial_date_rules,
    slug_unique_rule,
    unique_rule,
)
from twinning.core.named import NamedRecord
from twinning.core.querysets import ReferenceQuerySet, RegisterQuerySet
from twinning.partnerships.choices import (
    EVENT_TRANSITIONS,
    AgreementKind,
    EventKind,
    ExchangeKind,
    PartnershipKind,
    PartnershipStatus,
    PartnerSize,
)

if TYPE_CHECKING:
    from twinning.places.models import Organisation, Place


class Theme(NamedRecord):
    """A field of work: business, culture, education, water, climate, ..."""

    slug = slug_field()
    name = models.CharField(_("name"), max_length=100)

    objects = ReferenceQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class PartnershipGroup(DomainModel):
    """A group the public pages show together, such as "Nordic sister cities"."""

    slug = slug_field()
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("group of partnerships")
        verbose_name_plural = _("groups of partnerships")

    def __str__(self) -> str:
        return self.name


class PartnershipQuerySet(RegisterQuerySet["Partnership"]):
    """A partnership is public when it is marked public."""

    def current(self) -> PartnershipQuerySet:
        """Return the partnerships that have not ended."""
        return self.exclude(status=PartnershipStatus.TERMINATED)


class Partnership(DomainModel):
    """The relation between a home municipality and one partner, place or organisation.

    Its status is never set by hand: it follows from the dated events, and the
    service that records an event writes it here as a cache (with `started` and
    `ended`) so that lists and filters need no subquery.
    """

    municipality = municipality_field(related_name="partnerships")
    slug = slug_field(unique=False)
    partner_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("partner place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    partner_organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartnershipStatus.choices,
        blank=True,
        default=PartnershipStatus.NONE,
        editable=False,
    )
    started = PartialDateField(_("since"), blank=True, editable=False, help_text="")
    ended = PartialDateField(_("ended"), blank=True, editable=False, help_text="")
    group = models.ForeignKey(
        PartnershipGroup,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="partnerships"
    )
    description = models.TextField(
        _("public description"), blank=True, help_text=_("Shown on the public pages.")
    )
    internal_note = internal_note_field()
    is_public = models.BooleanField(_("public"), default=True)
    sources = sources_field()

    objects = PartnershipQuerySet.as_manager()

    def also_shown_by(self) -> set[int]:
        """Return the other municipalities whose public pages show this record.

        The partner municipality's page of this municipality shows it as the
        other side's confirmation (`selectors.counterparts`). One query.
        """
        if not self.partner_place_id:
            return set()
        municipalities = self._meta.get_field("municipality").related_model
        return set(
            municipalities._default_manager.filter(
                place_id=self.partner_place_id
            ).values_list("pk", flat=True)
        )

    date_ranges = (("started", "ended"),)
    # Written from the events only; clean() refuses any other value.
    derived_fields = ("status", "started", "ended")
    checked_in_clean = frozenset(
        {
            "partnership_has_one_partner",
            "partnership_unique_kind_per_partner_place",
            "partnership_unique_kind_per_partner_organisation",
        }
    )

    slug_unique_within = "municipality"

    class Meta:
        ordering = [
            "municipality",
            models.F("group__order").asc(nulls_last=True),
            "started",
            "slug",
        ]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        indexes = [
            models.Index(fields=["municipality", "kind", "status"]),
            # The back office's list and the API's, in their order.
            models.Index(
                fields=["municipality", "started", "slug"],
                name="partnership_list_order",
            ),
        ]
        constraints = [
            slug_unique_rule("partnership", "municipality"),
            *partial_date_range_rules("partnership", "started", "ended"),
            check_rule(
                "partnership_has_one_partner",
                Q(partner_place__isnull=False, partner_organisation=None)
                | Q(partner_place=None, partner_organisation__isnull=False),
                _("Choose the partner: a place or an organisation, not both."),
            ),
            unique_rule(
                "partnership_unique_kind_per_partner_place",
                ["municipality", "kind", "partner_place"],
                _(
                    "There is already a partnership of this kind with this partner "
                    "place."
                ),
            ),
            unique_rule(
                "partnership_unique_kind_per_partner_organisation",
                ["municipality", "kind", "partner_organisation"],
                _(
                    "There is already a partnership of this kind with this partner "
                    "organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_name} ({self.get_kind_display()})"

    @property
    def partner(self) -> Place | Organisation | None:
        return self.partner_place or self.partner_organisation

    @property
    def partner_name(self) -> str:
        partner = self.partner
        return str(partner) if partner else ""

    @property
    def started_date(self) -> PartialDate | None:
        return PartialDate.parse(self.started) if self.started else None

    def kinds_over_time(self) -> list[tuple[str, str]]:
        """Return each kind the partnership has been, newest first, with the date
        (ISO text) it became that: [("sister_city", "2026-12-02"),
        ("cooperation", "2019")].

        The first kind dates from the start; each change of kind is an event.
        Uses the prefetched events when there are any.
        """
        changes = sorted(
            (
                event
                for event in self.events.all()
                if event.kind == EventKind.KIND_CHANGED and event.date
            ),
            key=lambda event: event.date,
        )
        if not changes:
            return [(self.kind, self.started)]
        kinds = [(changes[0].kind_before, self.started)]
        kinds += [(event.kind_after, event.date) for event in changes]
        return list(reversed(kinds))

    @property
    def kind_history(self) -> list[tuple[str, str]]:
        """Return `kinds_over_time()` with the kinds' labels, for templates."""
        labels = dict(PartnershipKind.choices)
        return [
            (str(labels.get(kind, kind)), since)
            for kind, since in self.kinds_over_time()
        ]

    @property
    def ended_date(self) -> PartialDate | None:
        return PartialDate.parse(self.ended) if self.ended else None

    def clean(self) -> None:
        if self.partner_place_id and self.partner_organisation_id:
            raise field_error(
                "partner_organisation",
                _("Choose the partner: a place or an organisation, not both."),
                "two_partners",
            )
        if not self.partner_place_id and not self.partner_organisation_id:
            raise field_error(
                "partner_place",
                _("Choose the partner: a place or an organisation."),
                "no_partner",
            )
        duplicate = (
            Partnership.objects.filter(
                municipality_id=self.municipality_id,
                kind=self.kind,
                partner_place_id=self.partner_place_id,
                partner_organisation_id=self.partner_organisation_id,
            )
            .exclude(pk=self.pk)
            .exists()
        )
        if self.municipality_id and duplicate:
            field = "partner_place" if self.partner_place_id else "partner_organisation"
            raise field_error(
                field,
                _(
                    "%(municipality)s already has a %(kind)s partnership with "
                    "%(partner)s."
                )
                % {
                    "municipality": self.municipality,
                    "kind": self.get_kind_display(),
                    "partner": self.partner,
                },
                "duplicate_partnership",
            )
        events = list(self.events.all()) if self.pk else []
        derived = derive_status(events)
        if self.status == PartnershipStatus.TERMINATED and not any(
            event.kind == EventKind.TERMINATED and event.date for event in events
        ):
            raise field_error(
                "status",
                _(
                    "A terminated partnership needs a dated termination event: "
                    "add the event with the date and the decision."
                ),
                "termination_undated",
            )
        if self.status != derived.status:
            raise field_error(
                "status",
                _(
                    "The status follows from the events and cannot be set by "
                    "hand: add an event to change it."
                ),
                "status_by_hand",
            )


class DerivedStatus:
    """The status, start and end that a partnership's events add up to."""

    def __init__(self, status: str, started: str, ended: str) -> None:
        self.status = status
        self.started = started
        self.ended = ended


def sort_events(events: Iterable[PartnershipEvent]) -> list[PartnershipEvent]:
    # An event not saved yet comes after the saved events of the same date.
    return sorted(
        events, key=lambda event: (event.date, event.pk is None, event.pk or 0)
    )


def derive_status(events: Iterable[PartnershipEvent]) -> DerivedStatus:
    """Return the status that dated events lead to, refusing an impossible sequence.

    Raises a ValidationError naming the event that cannot follow the status before it
    (a partnership cannot be resumed before it was limited, nor limited once ended).
    """
    status: str = PartnershipStatus.NONE
    started = ended = ""
    for event in sort_events(events):
        allowed_from, target = EVENT_TRANSITIONS[event.kind]
        if status not in allowed_from:
            raise field_error(
                "kind",
                _(
                    "A partnership whose status is “%(status)s” cannot be "
                    "“%(event)s” (event of %(date)s)."
                )
                % {
                    "status": PartnershipStatus(status).label,
                    "event": EventKind(event.kind).label,
                    "date": event.date,
                },
                "invalid_transition",
            )
        if target is not None:
            status = target
        if event.kind == EventKind.ESTABLISHED and (not started or ended):
            started, ended = event.date, ""
        if event.kind == EventKind.TERMINATED:
            ended = event.date
    return DerivedStatus(status, started, ended)


class PartnershipEventQuerySet(RegisterQuerySet["PartnershipEvent"]):
    """An event is as public as its partnership."""

    public_flag = None
    public_parents = ("partnership",)
    municipality_path = "partnership__municipality"


class PartnershipEvent(DomainModel):
    """A dated change in a partnership's life, with the decision behind it."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = PartialDateField(_("date"))
    decided_by = models.CharField(
        _("decided by"),
        max_length=200,
        blank=True,
        help_text=_("The deciding body, e.g. the City Council."),
    )
    reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    reason = models.TextField(
        _("public reason"),
        blank=True,
        help_text=_("Shown on the public site, word for word."),
    )
    internal_reason = models.TextField(
        _("internal reason"),
        blank=True,
        help_text=_(
            "What staff need to know about the decision. Never shown to the public."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    kind_before = models.CharField(
        _("kind before"),
        max_length=20,
        choices=PartnershipKind.choices,
        blank=True,
        help_text=_("For a change of kind: what the partnership was until then."),
    )
    kind_after = models.CharField(
        _("kind after"),
        max_length=20,
        choices=PartnershipKind.choices,
        blank=True,
        help_text=_("For a change of kind: what it is from then on."),
    )
    source = source_field()

    objects = PartnershipEventQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "date", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *partial_date_rules("partnershipevent", "date"),
            check_rule(
                "partnershipevent_has_date", ~Q(date=""), _("An event needs a date.")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @property
    def date_value(self) -> PartialDate:
        return PartialDate.parse(self.date)

    def clean(self) -> None:
        changes_kind = self.kind == EventKind.KIND_CHANGED
        for field in ("kind_before", "kind_after"):
            if changes_kind and not getattr(self, field):
                raise field_error(
                    field,
                    _("A change of kind says what it was and what it became."),
                    "kind_change_incomplete",
                )
            if not changes_kind and getattr(self, field):
                raise field_error(
                    field,
                    _("Only a change of kind has a kind before and after."),
                    "kind_change_on_other_event",
                )
        if changes_kind and self.kind_before == self.kind_after:
            raise field_error(
                "kind_after",
                _("A change of kind needs another kind."),
                "kind_unchanged",
            )


class AgreementQuerySet(RegisterQuerySet["Agreement"]):
    """An agreement is public when it is marked public and so is its partnership."""

    public_parents = ("partnership",)
    municipality_path = "partnership__municipality"


class Agreement(DomainModel):
    """A dated instrument under a partnership: letter of intent, MoU, agreement."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    kind = models.CharField(_("type"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    signed_on = PartialDateField(_("signed"), blank=True)
    signatories = models.TextField(
        _("signatories"), blank=True, help_text=_("One per line.")
    )
    topics = models.TextField(_("topics"), blank=True, help_text=_("One per line."))
    valid_from = PartialDateField(_("valid from"), blank=True)
    valid_until = PartialDateField(_("valid until"), blank=True)
    document = models.FileField(_("document"), upload_to="agreements/", blank=True)
    document_url = models.URLField(_("document address"), max_length=500, blank=True)
    decided_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The body that approved it, e.g. the City Council."),
    )
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=200,
        blank=True,
        help_text=_("The decision that approved it: case number, meeting and item."),
    )
    is_public = models.BooleanField(_("public"), default=True)
    source = source_field()

    objects = AgreementQuerySet.as_manager()

    date_ranges = (("valid_from", "valid_until"),)

    class Meta:
        ordering = ["partnership", "signed_on", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            *partial_date_range_rules(
                "agreement", "valid_from", "valid_until", "signed_on"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.signed_on}".strip()

    @property
    def expired(self) -> bool:
        return has_passed(self.valid_until, timezone.localdate())

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class NetworkMembershipQuerySet(RegisterQuerySet["NetworkMembership"]):
    """A membership is public when it is marked public."""


class NetworkMembership(DomainModel):
    """A home municipality's membership of a city network, since a date, in a role."""

    municipality = municipality_field(related_name="network_memberships")
    network = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    since = PartialDateField(_("member since"), blank=True)
    until = PartialDateField(_("member until"), blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    sources = sources_field()

    objects = NetworkMembershipQuerySet.as_manager()

    date_ranges = (("since", "until"),)

    class Meta:
        ordering = ["municipality", "network__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            *partial_date_range_rules("networkmembership", "since", "until"),
            unique_rule(
                "networkmembership_unique",
                ["municipality", "network"],
                _("This municipality is already a member of this network."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.network)


class PartnerProfileQuerySet(RegisterQuerySet["PartnerProfile"]):
    """A seeking-partners profile is public once the municipality publishes it."""

    public_flag = "is_published"


def validate_languages(value: str) -> None:
    """Refuse anything but ISO 639-1 codes separated by spaces or commas."""
    codes = language_codes(value)
    if not codes or any(
        len(code) != 2 or not code.isascii() or not code.isalpha() for code in codes
    ):
        raise ValidationError(
            _("Give languages as two-letter codes, such as: da en de."),
            code="not_language_codes",
        )


def language_codes(value: str) -> list[str]:
    return [code.lower() for code in value.replace(",", " ").split() if code]


class PartnerProfile(DomainModel):
    """A home municipality's opt-in profile: it seeks new partners, on these
    themes, in these languages, of this size, for these kinds of exchange.

    Only published profiles are matched with each other (`partnerships.matching`).
    """

    municipality = models.OneToOneField(
        "places.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.CASCADE,
        related_name="partner_profile",
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Other municipalities of the platform may find and match it."),
    )
    description = models.TextField(_("what we seek"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="partner_profiles"
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        validators=[validate_languages],
        help_text=_("Two-letter codes, such as: da en de."),
    )
    size = models.CharField(
        _("size of partner sought"),
        max_length=10,
        choices=PartnerSize.choices,
        default=PartnerSize.ANY,
    )
    exchange_kinds = models.JSONField(
        _("kinds of exchange"),
        default=list,
        blank=True,
        help_text=_('A list of kinds, such as ["staff", "schools"].'),
    )

    objects = PartnerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("seeking-partners profile")
        verbose_name_plural = _("seeking-partners profiles")

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def language_list(self) -> list[str]:
        return language_codes(self.languages)

    def clean(self) -> None:
        kinds = self.exchange_kinds
        if not isinstance(kinds, list) or any(
            kind not in ExchangeKind.values for kind in kinds
        ):
            raise field_error(
                "exchange_kinds",
                _("Choose kinds of exchange from: %(kinds)s.")
                % {"kinds": ", ".join(ExchangeKind.values)},
                "unknown_exchange_kind",
            )
