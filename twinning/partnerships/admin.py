from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from twinning.core.admin import (
    ServiceFormSet,
    TranslatedRegisterAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
)
from twinning.core.services import allowed_fields
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
    Theme,
    derive_status,
)
from twinning.partnerships.selectors import twinnings_to_settle
from twinning.partnerships.services import EventFields, partnership_events_change
from twinning.places.models import Municipality


def _event_fields(form: Any, names: Any) -> EventFields:
    """Return what an event row says, as the event services take it."""
    allowed = allowed_fields(EventFields) - {"partnership"}
    return EventFields(
        **{  # type: ignore[typeddict-item]
            name: getattr(form.instance, name)
            for name in names
            if name in allowed and name in form.fields
        }
    )


class EventFormSet(ServiceFormSet):
    """Refuse a set of events that no partnership could go through in that order,
    and save the events together, so that their status is derived once."""

    def save_through_services(self, request: HttpRequest) -> None:
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        removed, changed = [], []
        for form in self.initial_forms:
            if self.can_delete and self._should_delete_form(form):
                removed.append(form.instance)
            elif form.has_changed():
                version = form.cleaned_data.get("expected_version") or 0
                changed.append(
                    (form.instance, version, _event_fields(form, form.changed_data))
                )
                self.changed_objects.append((form.instance, form.changed_data))
        added = [
            _event_fields(form, form.fields)
            for form in self.extra_forms
            if form.has_changed()
            and not (self.can_delete and self._should_delete_form(form))
        ]
        self.new_objects = partnership_events_change(
            partnership=self.instance,
            actor=request.user,
            add=added,
            change=changed,
            remove=removed,
        )
        self.deleted_objects = removed

    def clean(self) -> None:
        super().clean()
        events = [
            form.instance
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and form.cleaned_data.get("kind")
            and form.cleaned_data.get("date")
        ]
        try:
            derive_status(events)
        except ValidationError as error:
            raise ValidationError(
                [
                    message
                    for messages in error.message_dict.values()
                    for message in messages
                ]
            ) from error


class PartnershipEventInline(TranslatedTabularInline):
    public_fields = ["kind", "date", "decided_by", "reference", "reason", "source"]
    model = PartnershipEvent
    formset = EventFormSet
    fields = [
        "kind",
        "date",
        "decided_by",
        "reference",
        "reason",
        "internal_reason",
        "source",
    ]
    autocomplete_fields = ["source"]
    verbose_name_plural = _("events (the status follows from these)")


class AgreementInline(TranslatedStackedInline):
    public_fields = [
        "kind",
        "title",
        "signed_on",
        "signatories",
        "topics",
        "valid_from",
        "valid_until",
        "document",
        "document_url",
        "decision_reference",
    ]
    model = Agreement
    fields = [
        ("kind", "signed_on", "is_public"),
        "title",
        "signatories",
        "topics",
        ("valid_from", "valid_until"),
        ("document", "document_url"),
        "source",
    ]
    autocomplete_fields = ["source"]


@admin.register(Partnership)
class PartnershipAdmin(TranslatedRegisterAdmin):
    # The description's own help text says it is shown on the public pages.
    public_fields = ["partner_place", "partner_organisation", "kind", "group", "themes"]
    list_display = [
        "partner_name",
        "partner_country",
        "kind",
        "status",
        "started_display",
        "group",
        "is_public",
    ]
    list_filter = ["kind", "status", "group", "themes", "is_public", "municipality"]
    search_fields = [
        "partner_place__name_da",
        "partner_place__name_en",
        "partner_place__names__name",
        "partner_organisation__name_da",
        "partner_organisation__name_en",
        "slug",
    ]
    list_select_related = ["partner_place", "partner_organisation", "group"]
    autocomplete_fields = ["partner_place", "partner_organisation"]
    filter_horizontal = ["themes", "sources"]
    readonly_fields = ["status", "started", "ended"]
    inlines = [PartnershipEventInline, AgreementInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    ("partner_place", "partner_organisation"),
                    ("kind", "group"),
                    "slug",
                    ("status", "started", "ended"),
                    "is_public",
                ]
            },
        ),
        (_("Descriptions"), {"fields": ["description", "internal_note", "themes"]}),
        (_("Sources"), {"fields": ["sources"]}),
    ]

    def get_urls(self) -> Any:
        settle = self.admin_site.admin_view(self.settle_view)
        return [
            path("settle/", settle, name="partnerships_partnership_settle"),
            *super().get_urls(),
        ]

    def settle_view(self, request: HttpRequest) -> HttpResponse:
        """List the twinnings whose other side, on the platform, records otherwise."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        own = Municipality.objects.for_user(request.user)
        return TemplateResponse(
            request,
            "admin/partnerships/partnership/settle.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Twinnings to settle"),
                "twinnings": twinnings_to_settle(municipalities=own),
            },
        )

    @admin.display(description=_("partner"), ordering="partner_place__name")
    def partner_name(self, obj: Partnership) -> str:
        return obj.partner_name

    @admin.display(description=_("country"))
    def partner_country(self, obj: Partnership) -> str:
        partner = obj.partner
        return getattr(partner, "country", "") or ""

    @admin.display(description=_("since"), ordering="started")
    def started_display(self, obj: Partnership) -> str:
        date = obj.started_date
        return date.format() if date else "—"


@admin.register(Theme)
class ThemeAdmin(TranslatedRegisterAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_da", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(PartnershipGroup)
class PartnershipGroupAdmin(TranslatedRegisterAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name_da", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(TranslatedRegisterAdmin):
    public_fields = ["network", "since", "until", "role", "description"]
    list_display = ["network", "municipality", "since", "role", "is_public"]
    list_filter = ["municipality", "is_public"]
    search_fields = ["network__name_da", "network__name_en"]
    list_select_related = ["network", "municipality"]
    autocomplete_fields = ["network"]
    filter_horizontal = ["sources"]
