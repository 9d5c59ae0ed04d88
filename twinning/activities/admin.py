"""The back office of activities: a visit is recorded on one form, in one save.

The activity's change form carries its programme, participants, budget, gifts and
follow-ups as inline tables; a guest who is not yet a contact person is added on
the participant row itself (with the legal basis for keeping their data), so that
no other page needs to be opened first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import (
    Activity,
    BudgetLine,
    CalendarFeed,
    FollowUp,
    Gift,
    Participant,
    ProgrammeStop,
)
from twinning.activities.services import calendar_feed_create, calendar_feed_revoke
from twinning.contacts.choices import LegalBasis
from twinning.contacts.services import contact_create
from twinning.core.admin import (
    PartialDateRangeFilter,
    RegisterAdmin,
    RegisterTabularInline,
    ServiceFormSet,
    TranslatedRegisterAdmin,
    VersionedModelForm,
)

# How long a guest's data is kept unless staff choose otherwise.
GUEST_RETENTION = dt.timedelta(days=3 * 365)


class ParticipantForm(VersionedModelForm):
    """A participant row: an organisation, a known contact person, or a new guest."""

    written_by_form: ClassVar[frozenset[str]] = frozenset(
        {"guest_name", "guest_legal_basis", "guest_retain_until"}
    )

    guest_name = forms.CharField(
        label=_("or a new guest"),
        max_length=200,
        required=False,
        help_text=_("Name of a person not yet among the contact persons."),
    )
    guest_legal_basis = forms.ChoiceField(
        label=_("legal basis"),
        choices=LegalBasis.choices,
        initial=LegalBasis.PUBLIC_TASK,
        required=False,
    )
    guest_retain_until = forms.DateField(
        label=_("keep until"),
        required=False,
        widget=forms.DateInput(attrs={"size": 10}),
    )

    class Meta:
        model = Participant
        fields = ["organisation", "contact", "role", "headcount"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guest_retain_until"].initial = (
            timezone.localdate() + GUEST_RETENTION
        )
        for name in self.written_by_form:
            field = self.fields[name]
            field.widget.attrs.setdefault("aria-label", str(field.label))

    @property
    def adds_guest(self) -> bool:
        return bool((self.cleaned_data or {}).get("guest_name", "").strip())

    def has_changed(self) -> bool:
        # The retention date and legal basis have initial values: a row is only
        # "filled in" when something else on it is.
        changed = set(self.changed_data) - {"guest_legal_basis", "guest_retain_until"}
        return bool(changed)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("guest_name", "").strip():
            return cleaned
        if cleaned.get("contact"):
            self.add_error(
                "guest_name",
                _("Choose a contact person or add a new guest, not both."),
            )
        if not cleaned.get("guest_legal_basis"):
            self.add_error(
                "guest_legal_basis", _("A guest's data needs a legal basis.")
            )
        if not cleaned.get("guest_retain_until"):
            self.add_error(
                "guest_retain_until",
                _("Say until when the guest's data may be kept."),
            )
        return cleaned

    def _get_validation_exclusions(self) -> Any:
        exclusions = super()._get_validation_exclusions()
        if (getattr(self, "cleaned_data", None) or {}).get("guest_name"):
            # The contact person is made with the row, when it is saved.
            exclusions.add("contact")
        return exclusions


class ParticipantFormSet(ServiceFormSet):
    """Participant rows, which may make a new guest a contact person first."""

    def save_through_services(self, request: HttpRequest) -> None:
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.has_changed() or not form.adds_guest:
                continue
            data = form.cleaned_data
            contact = contact_create(
                actor=request.user,
                municipality=self.instance.municipality,
                name=data["guest_name"].strip(),
                organisation=data.get("organisation"),
                legal_basis=data["guest_legal_basis"],
                retain_until=data["guest_retain_until"],
                source=str(self.instance),
            )
            form.instance.contact = contact
            if form.instance.pk and "contact" not in form.changed_data:
                form.changed_data.append("contact")
        super().save_through_services(request)


class ProgrammeStopInline(RegisterTabularInline):
    model = ProgrammeStop
    fields = ["starts_at", "ends_at", "venue", "host", "description"]


class ParticipantInline(RegisterTabularInline):
    model = Participant
    form = ParticipantForm
    formset = ParticipantFormSet
    fields = [
        "organisation",
        "contact",
        "guest_name",
        "guest_legal_basis",
        "guest_retain_until",
        "role",
        "headcount",
    ]
    autocomplete_fields = ["organisation", "contact"]


class BudgetLineInline(RegisterTabularInline):
    model = BudgetLine
    fields = ["kind", "description", "planned", "actual", "currency", "paid_by"]


class GiftInline(RegisterTabularInline):
    model = Gift
    fields = [
        "direction",
        "description",
        "estimated_value",
        "currency",
        "counterpart",
        "exchanged_on",
    ]


def colleagues(request: HttpRequest) -> Any:
    """Return the members of staff who share a municipality with the user."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    if request.user.is_superuser:
        return users.order_by("username")
    own = request.user.municipalities.values("pk")
    return users.filter(municipalities__in=own).distinct().order_by("username")


class ResponsibleChoicesMixin:
    """Offer as responsible only colleagues, and the user first of all."""

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "responsible":
            kwargs["queryset"] = colleagues(request)
            kwargs.setdefault("initial", request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class FollowUpInline(ResponsibleChoicesMixin, RegisterTabularInline):
    model = FollowUp
    fields = ["description", "responsible", "responsible_note", "due", "status"]


class MineFilter(admin.SimpleListFilter):
    title = _("responsible")
    parameter_name = "responsible"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [("mine", _("mine")), ("nobody", _("nobody"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "mine":
            return queryset.filter(responsible=request.user)
        if self.value() == "nobody":
            return queryset.filter(responsible=None)
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = _("due")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [
            ("overdue", _("overdue")),
            ("week", _("due within a week")),
            ("open", _("all open")),
        ]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "week":
            return queryset.due_by(today + dt.timedelta(days=7))
        if self.value() == "open":
            return queryset.open()
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(ResponsibleChoicesMixin, RegisterAdmin):
    """The list of follow-ups: mine, overdue, by partnership."""

    list_display = [
        "description_short",
        "activity",
        "partnership",
        "responsible",
        "due",
        "status",
        "overdue",
    ]
    list_filter = [
        MineFilter,
        DueFilter,
        "status",
        ("activity__partnership", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["description", "responsible_note", "activity__title_da"]
    list_select_related = [
        "activity__partnership__partner_place",
        "activity__partnership__partner_organisation",
        "responsible",
    ]
    autocomplete_fields = ["activity"]
    fields = [
        "activity",
        "description",
        "responsible",
        "responsible_note",
        "due",
        "status",
        "done_on",
    ]
    ordering = ["due", "id"]

    @admin.display(description=_("what"), ordering="description")
    def description_short(self, obj: FollowUp) -> str:
        return str(obj)

    @admin.display(description=_("partnership"))
    def partnership(self, obj: FollowUp) -> str:
        return obj.activity.partnership.partner_name if obj.activity.partnership else ""

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj: FollowUp) -> bool:
        return obj.is_overdue


class ActivityDatesFilter(PartialDateRangeFilter):
    """Filter by the days an activity lasted, from its start until its end."""

    end_field = "ended"


@admin.register(Activity)
class ActivityAdmin(TranslatedRegisterAdmin):
    public_fields = [
        "kind",
        "title",
        "partnership",
        "project",
        "started",
        "ended",
        "place",
        "purpose",
        "outcome",
    ]
    list_display = [
        "title",
        "kind",
        "started",
        "ended",
        "place",
        "partnership",
        "is_public",
    ]
    list_filter = [
        ("started", ActivityDatesFilter),
        "kind",
        "is_public",
        ("partnership", admin.RelatedOnlyFieldListFilter),
        "municipality",
    ]
    search_fields = ["title_da", "title_en", "slug", "place__name_da", "place__name_en"]
    list_select_related = [
        "place",
        "partnership__partner_place",
        "partnership__partner_organisation",
    ]
    autocomplete_fields = ["partnership", "project", "place"]
    filter_horizontal = ["sources"]
    slug_from = "title"
    # What a visit is and when first, then what it is for, then what stays with
    # staff; its programme, people, costs, gifts and follow-ups follow as tables.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "kind",
                    "title",
                    "slug",
                    ("started", "ended"),
                    "partnership",
                    "project",
                    "place",
                    "is_public",
                ]
            },
        ),
        (_("Purpose and outcome"), {"fields": ["purpose", "outcome"]}),
        (_("For staff only"), {"fields": ["internal_note", "sources"]}),
    ]
    formfield_overrides = {
        **TranslatedRegisterAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }

    class Media:
        css = {"all": ["activities/admin/visit.css"]}

    inlines = [
        ProgrammeStopInline,
        ParticipantInline,
        BudgetLineInline,
        GiftInline,
        FollowUpInline,
    ]


class CalendarFeedForm(forms.ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["name"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """A member of staff's own calendar addresses: make one, see them, revoke one.

    The address is shown once, when it is made; afterwards only its first
    characters are, so that a forgotten address is revoked and a new one made.
    """

    form = CalendarFeedForm
    list_display = ["__str__", "user", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["user", "name", "prefix", "created_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> Any:
        feeds = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return feeds
        return feeds.filter(user=request.user)

    def _is_staff(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_staff(request) and (
            obj is None or obj.user_id == request.user.pk or request.user.is_superuser
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ["name"]

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        issued = calendar_feed_create(
            user=request.user, name=form.cleaned_data.get("name", "")
        )
        obj.__dict__.update(issued.feed.__dict__)
        address = request.build_absolute_uri(
            reverse("exports:staff-calendar", args=[issued.secret])
        )
        self.message_user(
            request,
            _(
                "Your calendar address: %(address)s — add it to your calendar "
                "program as a subscription. It is shown only now; keep it to "
                "yourself."
            )
            % {"address": address},
            messages.SUCCESS,
        )

    def response_add(self, request: HttpRequest, obj: Any, **kwargs: Any) -> Any:
        # The default message would repeat the record's name; ours says it all.
        return HttpResponseRedirect(reverse("admin:activities_calendarfeed_changelist"))

    @admin.action(description=_("Revoke the chosen calendar addresses"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for feed in queryset:
            calendar_feed_revoke(feed=feed)
        self.message_user(request, _("Revoked: they no longer work."))
