from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.admin import (
    ServiceFormSet,
    TranslatedRegisterAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
    VersionedModelForm,
)
from twinning.core.services import allowed_fields
from twinning.partnerships.choices import AgreementKind, ExchangeKind, PartnershipKind
from twinning.partnerships.models import (
    Agreement,
    NetworkMembership,
    PartnerProfile,
    Partnership,
    PartnershipEvent,
    PartnershipGroup,
    Theme,
    derive_status,
)
from twinning.partnerships.selectors import twinnings_to_settle
from twinning.partnerships.services import (
    AgreementFields,
    EventFields,
    partnership_events_change,
    partnership_promote,
)
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


class PromotionForm(forms.Form):
    """The decision to make a partnership another kind, and the agreement signed."""

    to_kind = forms.ChoiceField(
        label=_("new kind"),
        choices=PartnershipKind.choices,
        initial=PartnershipKind.SISTER_CITY,
    )
    on = forms.DateField(
        label=_("date of the decision"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    decided_by = forms.CharField(
        label=_("decided by"),
        max_length=200,
        help_text=_("The deciding body, e.g. the City Council."),
    )
    reference = forms.CharField(
        label=_("decision reference"),
        max_length=200,
        required=False,
        help_text=_("Case number, meeting and item."),
    )
    agreement_kind = forms.ChoiceField(
        label=_("agreement signed"),
        choices=[("", _("no agreement")), *AgreementKind.choices],
        initial=AgreementKind.SISTER_CITY,
        required=False,
    )
    agreement_signed_on = forms.DateField(
        label=_("signed"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    agreement_title = forms.CharField(
        label=_("title of the agreement"), max_length=300, required=False
    )
    agreement_valid_until = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("agreement_kind") and not cleaned.get("agreement_signed_on"):
            self.add_error(
                "agreement_signed_on", _("Say when the agreement was signed.")
            )
        return cleaned


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
    # The table fits a 1280-pixel screen: narrow texts, two lines each.
    formfield_overrides = {
        **TranslatedTabularInline.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 13})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 8})},
    }

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "source" and field is not None:
            # select2 takes its width from a data attribute: no inline style,
            # which the Content-Security-Policy refuses.
            field.widget.attrs["data-width"] = "10em"
        return field

    class Media:
        css = {"all": ["partnerships/admin/events.css"]}


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
        "decided_by",
        "decision_reference",
    ]
    model = Agreement
    fields = [
        ("kind", "signed_on", "is_public"),
        "title",
        "signatories",
        "topics",
        ("valid_from", "valid_until"),
        ("decided_by", "decision_reference"),
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
    # At scale (100,000 partnerships) the model's ordering, through the group's
    # order, sorts the whole table; this one follows an index (by the
    # municipality's id: "municipality" would sort by its name, through a join
    # of every row). The list counts the filtered records only, not the whole
    # table a second time.
    ordering = ["municipality_id", "started", "slug"]
    show_full_result_count = False
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
        promote = self.admin_site.admin_view(self.promote_view)
        return [
            path("settle/", settle, name="partnerships_partnership_settle"),
            path(
                "<path:object_id>/promote/",
                promote,
                name="partnerships_partnership_promote",
            ),
            *super().get_urls(),
        ]

    def promote_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Make a partnership another kind by a dated decision, in one step."""
        partnership = self.get_object(request, object_id)
        if partnership is None:
            raise Http404
        if not self.has_change_permission(request, partnership):
            raise PermissionDenied
        today = timezone.localdate()
        initial = {
            "on": today,
            "agreement_signed_on": today,
            "to_kind": PartnershipKind.SISTER_CITY
            if partnership.kind != PartnershipKind.SISTER_CITY
            else PartnershipKind.COOPERATION,
        }
        form = PromotionForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            agreement: AgreementFields | None = None
            if data["agreement_kind"]:
                agreement = {
                    "kind": data["agreement_kind"],
                    "signed_on": data["agreement_signed_on"].isoformat(),
                    "valid_from": data["agreement_signed_on"].isoformat(),
                    "valid_until": data["agreement_valid_until"].isoformat()
                    if data["agreement_valid_until"]
                    else "",
                    "title_da": data["agreement_title"],
                    "title_en": data["agreement_title"],
                }
            try:
                partnership_promote(
                    partnership=partnership,
                    actor=request.user,
                    to_kind=data["to_kind"],
                    on=data["on"].isoformat(),
                    decided_by=data["decided_by"],
                    reference=data["reference"],
                    agreement=agreement,
                )
            except ValidationError as error:
                for messages_ in error.message_dict.values():
                    for message in messages_:
                        form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("%(partner)s is now a %(kind)s, since %(date)s.")
                    % {
                        "partner": partnership.partner_name,
                        "kind": partnership.get_kind_display(),
                        "date": formats.date_format(data["on"]),
                    },
                )
                return HttpResponseRedirect(
                    reverse(
                        "admin:partnerships_partnership_change", args=[partnership.pk]
                    )
                )
        return TemplateResponse(
            request,
            "admin/partnerships/partnership/promote.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": partnership,
                "title": _("Change the kind of %(partner)s")
                % {"partner": partnership.partner_name},
                "form": form,
            },
        )

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
    slug_from = "name"


@admin.register(PartnershipGroup)
class PartnershipGroupAdmin(TranslatedRegisterAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name_da", "name_en"]
    slug_from = "name"


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(TranslatedRegisterAdmin):
    public_fields = ["network", "since", "until", "role", "description"]
    list_display = ["network", "municipality", "since", "role", "is_public"]
    list_filter = ["municipality", "is_public"]
    search_fields = ["network__name_da", "network__name_en"]
    list_select_related = ["network", "municipality"]
    autocomplete_fields = ["network"]
    filter_horizontal = ["sources"]


class PartnerProfileForm(VersionedModelForm):
    exchange_kinds = forms.MultipleChoiceField(
        label=_("kinds of exchange"),
        choices=ExchangeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@admin.register(PartnerProfile)
class PartnerProfileAdmin(TranslatedRegisterAdmin):
    form = PartnerProfileForm
    list_display = ["municipality", "is_published", "languages", "size"]
    list_filter = ["is_published", "size"]
    filter_horizontal = ["themes"]
