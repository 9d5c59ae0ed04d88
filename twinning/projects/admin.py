from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from twinning.core.admin import (
    RegisterTabularInline,
    ServiceFormSet,
    ServiceWritesMixin,
    TranslatedRegisterAdmin,
    TranslatedTabularInline,
)
from twinning.projects.models import (
    Participation,
    PhaseDateClaim,
    Post,
    PostHolding,
    Programme,
    Project,
    ProjectPhase,
    ProjectSector,
    Sector,
    validate_sector_percentages,
)
from twinning.projects.services import project_set_sectors


class SectorFormSet(ServiceFormSet):
    """Refuse sector percentages that do not add up to 100, and save the shares
    together through `project_set_sectors`, which holds that rule."""

    def save_through_services(self, request: HttpRequest) -> None:
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        if not any(form.has_changed() for form in self.forms):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("sector")
            and not (self.can_delete and self._should_delete_form(form))
        ]
        project_set_sectors(
            project=self.instance,
            actor=request.user,
            sectors={
                form.cleaned_data["sector"].code: form.cleaned_data["percentage"]
                for form in kept
            },
        )

    def clean(self) -> None:
        super().clean()
        percentages = [
            form.cleaned_data["percentage"]
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and form.cleaned_data.get("percentage") is not None
        ]
        try:
            validate_sector_percentages(percentages)
        except ValidationError as error:
            raise ValidationError(error.message_dict["percentage"]) from error


class ProjectSectorInline(RegisterTabularInline):
    public_fields = ["sector", "percentage"]
    model = ProjectSector
    formset = SectorFormSet
    fields = ["sector", "percentage"]
    autocomplete_fields = ["sector"]


class ProjectPhaseInline(TranslatedTabularInline):
    public_fields = ["number", "title", "focus", "started", "ended"]
    model = ProjectPhase
    fields = ["number", "title", "focus", "started", "ended", "source"]
    autocomplete_fields = ["source"]
    show_change_link = True


class ParticipationInline(TranslatedTabularInline):
    public_fields = ["organisation", "role"]
    model = Participation
    fields = ["organisation", "role", "note"]
    autocomplete_fields = ["organisation"]


class PostInline(TranslatedTabularInline):
    model = Post
    fields = ["title", "organisation", "slug", "source"]
    autocomplete_fields = ["organisation", "source"]
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(TranslatedRegisterAdmin):
    public_fields = [
        "title",
        "programme",
        "partnership",
        "status",
        "started",
        "ended",
        "summary",
        "description",
        "budget_amount",
        "budget_currency",
        "budget_value_date",
        "iati_identifier",
        "sources",
    ]
    list_display = ["title", "partnership", "programme", "status", "started", "ended"]
    list_filter = ["status", "programme", "municipality", "is_public"]
    search_fields = ["title_da", "title_en", "slug", "iati_identifier"]
    list_select_related = [
        "programme",
        "partnership__partner_place",
        "partnership__partner_organisation",
    ]
    autocomplete_fields = ["partnership", "programme"]
    filter_horizontal = ["sources"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [ProjectPhaseInline, ProjectSectorInline, ParticipationInline, PostInline]


@admin.register(Programme)
class ProgrammeAdmin(TranslatedRegisterAdmin):
    list_display = ["name", "funder"]
    search_fields = ["name_da", "name_en"]
    autocomplete_fields = ["funder"]
    filter_horizontal = ["sources"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Sector)
class SectorAdmin(ServiceWritesMixin, admin.ModelAdmin):
    """OECD DAC sector codes: reference data, loaded from IATI's Sector codelist."""

    list_display = ["code", "name", "category"]
    search_fields = ["code", "name_da", "name_en"]


class PhaseDateClaimInline(TranslatedTabularInline):
    model = PhaseDateClaim
    fields = ["started", "ended", "source", "note"]
    autocomplete_fields = ["source"]


@admin.register(ProjectPhase)
class ProjectPhaseAdmin(TranslatedRegisterAdmin):
    list_display = ["__str__", "project", "number", "started", "ended", "dates_settled"]
    list_filter = ["project"]
    search_fields = ["title_da", "title_en", "project__title_da", "project__title_en"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "source"]
    inlines = [PhaseDateClaimInline]

    @admin.display(boolean=True, description=_("dates settled"))
    def dates_settled(self, obj: ProjectPhase) -> bool:
        return not obj.dates_unsettled


class PostHoldingInline(RegisterTabularInline):
    model = PostHolding
    fields = ["contact", "started", "ended"]
    autocomplete_fields = ["contact"]


@admin.register(Post)
class PostAdmin(TranslatedRegisterAdmin):
    list_display = ["title", "organisation", "project"]
    search_fields = ["title_da", "title_en", "organisation__name_da"]
    list_select_related = ["organisation", "project"]
    autocomplete_fields = ["project", "organisation", "source"]
    inlines = [PostHoldingInline]
