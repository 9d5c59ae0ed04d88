from django.contrib import admin

from twinning.core.admin import (
    PartialDateRangeFilter,
    RegisterTabularInline,
    TranslatedRegisterAdmin,
)
from twinning.results.models import Indicator, IndicatorPeriod, Result


@admin.register(Result)
class ResultAdmin(TranslatedRegisterAdmin):
    public_fields = [
        "kind",
        "title",
        "description",
        "partnership",
        "project",
        "activity",
        "achieved_on",
        "value",
        "currency",
        "evidence",
    ]
    list_display = [
        "title",
        "kind",
        "partnership",
        "project",
        "achieved_on",
        "value",
        "currency",
    ]
    list_filter = [
        ("achieved_on", PartialDateRangeFilter),
        "kind",
        "is_public",
        ("partnership", admin.RelatedOnlyFieldListFilter),
        "municipality",
    ]
    search_fields = ["title_da", "title_en", "slug", "organisations__name_da"]
    list_select_related = [
        "project",
        "partnership__partner_place",
        "partnership__partner_organisation",
    ]
    autocomplete_fields = ["partnership", "project", "activity", "organisations"]
    filter_horizontal = ["sources"]
    prepopulated_fields = {"slug": ["title_en"]}


class IndicatorPeriodInline(RegisterTabularInline):
    public_fields = ["period_start", "period_end", "target_value", "actual_value"]
    model = IndicatorPeriod
    fields = ["period_start", "period_end", "target_value", "actual_value", "comment"]


@admin.register(Indicator)
class IndicatorAdmin(TranslatedRegisterAdmin):
    public_fields = [
        "title",
        "description",
        "measure",
        "ascending",
        "baseline_year",
        "baseline_value",
    ]
    list_display = ["title", "project", "measure", "baseline_year", "baseline_value"]
    list_filter = ["measure"]
    search_fields = ["title_da", "title_en", "project__title_da", "project__title_en"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "source"]
    inlines = [IndicatorPeriodInline]
