from django.contrib import admin

from twinning.core.admin import TranslatedRegisterAdmin, TranslatedTabularInline
from twinning.eu.models import (
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    PartnerSearch,
)


class EUOfficeServiceInline(TranslatedTabularInline):
    public_fields = ["description"]
    model = EUOfficeService
    fields = ["order", "description"]


@admin.register(EUOffice)
class EUOfficeAdmin(TranslatedRegisterAdmin):
    public_fields = ["name", "description", "address", "phone", "email", "website"]
    list_display = ["name", "phone", "email", "website"]
    search_fields = ["name_da", "name_en"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["municipalities", "sources"]
    inlines = [EUOfficeServiceInline]


@admin.register(FundingOpportunity)
class FundingOpportunityAdmin(TranslatedRegisterAdmin):
    public_fields = [
        "programme",
        "call_identifier",
        "title",
        "description",
        "opens",
        "deadline",
        "status",
        "themes",
        "url",
    ]
    list_display = ["title", "programme", "deadline", "status", "is_public"]
    list_filter = ["status", "programme", "themes", "municipality"]
    search_fields = ["title_da", "title_en", "call_identifier", "programme"]
    date_hierarchy = "deadline"
    filter_horizontal = ["themes"]
    autocomplete_fields = ["partnerships", "projects"]
    prepopulated_fields = {"slug": ["title_en"]}


@admin.register(PartnerSearch)
class PartnerSearchAdmin(TranslatedRegisterAdmin):
    list_display = ["title", "kind", "programme", "deadline", "status"]
    list_filter = ["kind", "status", "municipality"]
    search_fields = ["title_da", "title_en", "programme"]
    autocomplete_fields = [
        "organisation",
        "funding_opportunity",
        "partnerships",
        "projects",
    ]
    prepopulated_fields = {"slug": ["title_en"]}
