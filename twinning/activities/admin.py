from django.contrib import admin

from twinning.activities.models import Activity, FollowUp, Participant
from twinning.core.admin import RegisterTabularInline, TranslatedRegisterAdmin


class ParticipantInline(RegisterTabularInline):
    model = Participant
    fields = ["organisation", "contact", "role", "headcount"]
    autocomplete_fields = ["organisation", "contact"]


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
    inlines = [ParticipantInline, FollowUpInline]
