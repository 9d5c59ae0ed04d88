from django.contrib import admin

from twinning.core.admin import (
    RegisterTabularInline,
    TranslatedRegisterAdmin,
    TranslatedTabularInline,
)
from twinning.eu.models import (
    Application,
    EUOffice,
    EUOfficeService,
    FundingOpportunity,
    ParticipantList,
    PartnerSearch,
    PolicyWarning,
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
        "deadline_time_zone",
        "status",
        "themes",
        "budget",
        "max_grant",
        "currency",
        "eligibility",
        "min_direct_participants",
        "min_invited_participants",
        "min_countries",
        "url",
    ]
    list_display = ["title", "programme", "deadline", "status", "is_public"]
    list_filter = ["status", "programme", "themes", "municipality"]
    search_fields = ["title_da", "title_en", "call_identifier", "programme"]
    date_hierarchy = "deadline"
    filter_horizontal = ["themes"]
    autocomplete_fields = ["partnerships", "projects"]
    slug_from = "title"


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
    filter_horizontal = ["themes"]
    slug_from = "title"


class ParticipantListInline(RegisterTabularInline):
    model = ParticipantList
    fields = ["activity", "town", "participation", "participants", "signed", "scan"]
    autocomplete_fields = ["activity", "town"]
    extra = 0


@admin.register(Application)
class ApplicationAdmin(TranslatedRegisterAdmin):
    list_display = ["title", "call", "outcome", "submitted_on", "requested", "granted"]
    list_filter = ["outcome", "municipality"]
    search_fields = ["title_da", "title_en", "call__call_identifier"]
    autocomplete_fields = [
        "call",
        "lead",
        "partner_places",
        "partner_organisations",
        "partnerships",
        "partner_search",
        "project",
        "activities",
    ]
    filter_horizontal = ["partner_municipalities"]
    inlines = [ParticipantListInline]
    slug_from = "title"


@admin.register(PolicyWarning)
class PolicyWarningAdmin(TranslatedRegisterAdmin):
    list_display = ["topic", "date", "source", "is_public"]
    list_filter = ["municipality"]
    search_fields = ["topic_da", "topic_en", "source"]
    date_hierarchy = "date"
    autocomplete_fields = ["partnerships", "office"]
    filter_horizontal = ["themes"]
    slug_from = "topic"
