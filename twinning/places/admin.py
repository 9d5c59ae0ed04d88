from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from twinning.core.admin import RegisterTabularInline, TranslatedRegisterAdmin
from twinning.places.models import (
    Municipality,
    Organisation,
    Place,
    PlaceName,
    SiteHost,
)


class PlaceNameInline(RegisterTabularInline):
    model = PlaceName
    fields = ["name", "language", "kind", "valid_from", "valid_until", "source"]
    autocomplete_fields = ["source"]


@admin.register(Place)
class PlaceAdmin(TranslatedRegisterAdmin):
    list_display = ["name", "country", "kind", "population", "geonames_id"]
    list_filter = ["kind", "country"]
    search_fields = ["name_da", "name_en", "names__name", "slug", "wikidata_id"]
    slug_from = "name"
    autocomplete_fields = ["successor"]
    filter_horizontal = ["sources"]
    inlines = [PlaceNameInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "successor"]}),
        (
            _("Facts from GeoNames and Wikidata"),
            {
                "fields": [
                    "population",
                    "latitude",
                    "longitude",
                    "coordinates_note",
                    "geonames_id",
                    "wikidata_id",
                ]
            },
        ),
        (_("Sources"), {"fields": ["sources"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(TranslatedRegisterAdmin):
    list_display = ["name", "kind", "country", "place", "iati_type"]
    list_filter = ["kind", "iati_type", "country"]
    search_fields = ["name_da", "name_en", "slug"]
    slug_from = "name"
    autocomplete_fields = ["place"]
    filter_horizontal = ["sources"]
    list_select_related = ["place"]


class SiteHostInline(RegisterTabularInline):
    model = SiteHost
    fields = ["host"]
    verbose_name_plural = _("host names of the public site")


@admin.register(Municipality)
class MunicipalityAdmin(TranslatedRegisterAdmin):
    inlines = [SiteHostInline]
    list_display = ["name", "place", "website"]
    search_fields = ["name_da", "name_en"]
    autocomplete_fields = ["place", "organisation"]
    filter_horizontal = ["sources"]
