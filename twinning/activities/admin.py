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
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.activities.models import (
    Activity,
    BudgetLine,
    FollowUp,
    Gift,
    Participant,
    ProgrammeStop,
)
from twinning.contacts.choices import LegalBasis
from twinning.contacts.services import contact_create
from twinning.core.admin import (
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


class FollowUpInline(RegisterTabularInline):
    model = FollowUp
    fields = ["description", "responsible", "due", "done_on"]


@admin.register(Activity)
class ActivityAdmin(TranslatedRegisterAdmin):
    list_display = [
        "title",
        "kind",
        "started",
        "ended",
        "place",
        "partnership",
        "is_public",
    ]
    list_filter = ["kind", "is_public", "municipality"]
    search_fields = ["title_da", "title_en", "slug", "place__name_da", "place__name_en"]
    list_select_related = [
        "place",
        "partnership__partner_place",
        "partnership__partner_organisation",
    ]
    autocomplete_fields = ["partnership", "project", "place"]
    filter_horizontal = ["sources"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [
        ProgrammeStopInline,
        ParticipantInline,
        BudgetLineInline,
        GiftInline,
        FollowUpInline,
    ]
