"""The open-data downloads at fixed addresses, and the page that lists them.

Every download is drawn from the register as it is now and holds public records
only (see `selectors`). Each carries Last-Modified (the newest change to what it
could show) and answers a conditional request with 304 before it builds anything;
each may be fetched from any web page (CORS), since there is nothing private in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import Promise
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from twinning.activities.selectors import calendar_feed_find
from twinning.exports import (
    calendar_feed,
    features,
    iati,
    selectors,
    staff_calendar,
    tables,
)
from twinning.places.models import Municipality
from twinning.places.selectors import home_municipality

CSV_MEDIA_TYPE = "text/csv; charset=utf-8; header=present"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
DEFAULT_MAX_AGE = 3600
API_DOCS = "/api/v1/docs"


def open_data_licence() -> dict[str, str]:
    """Return the licence of the open data: setting TWINNING_OPEN_DATA_LICENCE.

    The setting is a dict with "name" and "url"; without it, CC BY 4.0.
    """
    licence = getattr(settings, "TWINNING_OPEN_DATA_LICENCE", None) or DEFAULT_LICENCE
    return {"name": str(licence["name"]), "url": str(licence.get("url", ""))}


def open_data_municipality(request: HttpRequest) -> Municipality:
    """Return the home municipality whose open data this site publishes, or 404."""
    municipality = home_municipality(request.get_host())
    if municipality is None:
        raise Http404("No home municipality is set up yet.")
    return municipality


def bad_parameter(name: str, detail: str) -> JsonResponse:
    """Return a 400 problem (RFC 9457) naming the query parameter that is wrong."""
    return JsonResponse(
        {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": detail,
            "invalid-params": [{"name": name, "reason": detail}],
        },
        status=400,
        content_type="application/problem+json",
    )


def download(
    request: HttpRequest,
    *,
    file_name: str,
    content_type: str,
    build: Callable[[Municipality], bytes],
) -> HttpResponse:
    """Answer with the file `build` makes, or 304 if the client's copy is current."""
    municipality = open_data_municipality(request)
    changed = selectors.open_data_last_changed(municipality=municipality)
    last_modified = int(changed.timestamp()) if changed is not None else None
    not_modified = get_conditional_response(request, last_modified=last_modified)
    if not_modified is None:
        response = HttpResponse(build(municipality), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{municipality.slug}-{file_name}"'
        )
    else:
        response = not_modified
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=getattr(settings, "TWINNING_OPEN_DATA_MAX_AGE", DEFAULT_MAX_AGE),
    )
    response["Access-Control-Allow-Origin"] = "*"
    licence = open_data_licence()
    if licence["url"]:
        response["Link"] = f'<{licence["url"]}>; rel="license"'
    return response


@require_safe
def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    """Serve a table as CSV, ";"-separated unless `?sep=,` asks for commas."""
    separator = request.GET.get("sep", ";")
    if separator not in tables.SEPARATORS:
        return bad_parameter(
            "sep",
            "The parameter “sep” must be “;” (the default) or “,”, "
            f"not “{separator[:20]}”.",
        )
    build_table = tables.TABLES[table]
    return download(
        request,
        file_name=f"{table}.csv",
        content_type=CSV_MEDIA_TYPE,
        build=lambda municipality: tables.table_csv(
            build_table(municipality=municipality), delimiter=separator
        ),
    )


@require_safe
def table_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    """Serve a table as an XLSX workbook."""
    build_table = tables.TABLES[table]

    def build(municipality: Municipality) -> bytes:
        return tables.table_xlsx(
            build_table(municipality=municipality),
            title=f"{municipality.name}: {table}",
            author=municipality.name,
        )

    return download(
        request,
        file_name=f"{table}.xlsx",
        content_type=XLSX_MEDIA_TYPE,
        build=build,
    )


@require_safe
def partners_geojson(request: HttpRequest) -> HttpResponse:
    """Serve the partner places as GeoJSON (RFC 7946)."""
    return download(
        request,
        file_name="partners.geojson",
        content_type=features.MEDIA_TYPE,
        build=lambda municipality: features.partners_geojson(municipality=municipality),
    )


@require_safe
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """Serve the calendar of activities and deadlines, in `?lang=` (Danish first)."""
    languages = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in languages:
        return bad_parameter(
            "lang",
            f"The parameter “lang” must be one of {', '.join(languages)}, "
            f"not “{language[:20]}”.",
        )
    host = request.get_host().rsplit(":", 1)[0]
    return download(
        request,
        file_name=f"calendar-{language}.ics"
        if language != settings.LANGUAGE_CODE
        else "calendar.ics",
        content_type=f"{calendar_feed.MEDIA_TYPE}; charset=utf-8",
        build=lambda municipality: calendar_feed.calendar_ics(
            municipality=municipality,
            language=language,
            host=host,
            absolute=request.build_absolute_uri,
        ),
    )


@require_safe
def staff_calendar_view(request: HttpRequest, secret: str) -> HttpResponse:
    """Serve a member of staff's private calendar at its secret address.

    404 for an address that never was; 410 Gone for one that was revoked, or whose
    owner may no longer sign in, so that calendar programs stop asking.
    """
    feed = calendar_feed_find(secret=secret)
    if feed is None:
        raise Http404("No such calendar.")
    if feed.is_revoked or not (feed.user.is_active and feed.user.is_staff):
        return HttpResponse(
            _("This calendar address has been revoked."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    response = HttpResponse(
        staff_calendar.staff_calendar_ics(
            user=feed.user,
            language=language,
            host=request.get_host().rsplit(":", 1)[0],
            absolute=request.build_absolute_uri,
        ),
        content_type=f"{calendar_feed.MEDIA_TYPE}; charset=utf-8",
    )
    # Private to its owner: no shared cache keeps it, no search engine lists it.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def iati_activities(request: HttpRequest) -> HttpResponse:
    """Serve the public projects as IATI 2.03 activities."""
    return download(
        request,
        file_name="iati-activities.xml",
        content_type=f"{iati.MEDIA_TYPE}; charset=utf-8",
        build=lambda municipality: iati.iati_activities_xml(municipality=municipality),
    )


@dataclass(frozen=True)
class DownloadLink:
    """One file of a download: its address, name and media type."""

    url: str
    file_name: str
    media_type: str
    label: str | Promise = ""


@dataclass(frozen=True)
class Download:
    """One download on the open-data page, in its formats."""

    key: str
    title: str | Promise
    description: str | Promise
    formats: str | Promise
    links: list[DownloadLink]


TABLE_DESCRIPTIONS: dict[str, tuple[Promise, Promise]] = {
    "partnerships": (
        _("Partnerships"),
        _(
            "One row per public partnership: the partner, kind, status, since when, "
            "group, themes and description."
        ),
    ),
    "activities": (
        _("Activities"),
        _(
            "One row per public activity, such as delegation visits and agreement "
            "signings: kind, title, dates, partnership or project, place and purpose."
        ),
    ),
    "results": (
        _("Results"),
        _(
            "One row per public result of a partnership or project: kind, title, "
            "description, date and value."
        ),
    ),
    "places": (
        _("Places"),
        _(
            "One row per place the other tables name: names, kind, country, "
            "population, coordinates, GeoNames and Wikidata ids."
        ),
    ),
}


def open_data_downloads(*, language: str, has_projects: bool) -> list[Download]:
    """Return the downloads the open-data page lists, in the page's language."""
    downloads = []
    for key, (title, description) in TABLE_DESCRIPTIONS.items():
        csv_url = reverse("exports:table-csv", kwargs={"table": key})
        downloads.append(
            Download(
                key=key,
                title=title,
                description=description,
                formats=_("CSV and XLSX"),
                links=[
                    DownloadLink(csv_url, f"{key}.csv", "text/csv"),
                    DownloadLink(
                        reverse("exports:table-xlsx", kwargs={"table": key}),
                        f"{key}.xlsx",
                        XLSX_MEDIA_TYPE,
                    ),
                    DownloadLink(
                        f"{csv_url}?sep=,",
                        f"{key}.csv",
                        "text/csv",
                        _("comma-separated"),
                    ),
                ],
            )
        )
    downloads.append(
        Download(
            key="partners-geojson",
            title=_("Partners on a map"),
            description=_(
                "One point per partner place, with its names, country and the kind "
                "and status of its partnerships."
            ),
            formats=_("GeoJSON (RFC 7946)"),
            links=[
                DownloadLink(
                    reverse("exports:partners-geojson"),
                    "partners.geojson",
                    features.MEDIA_TYPE,
                )
            ],
        )
    )
    calendar_url = reverse("exports:calendar")
    if language != settings.LANGUAGE_CODE:
        calendar_url += f"?lang={language}"
    downloads.append(
        Download(
            key="calendar",
            title=_("Calendar"),
            description=_(
                "Public activities at their dates, and the deadlines of EU funding "
                "calls. Subscribe to it with the address of the link, and your "
                "calendar stays up to date."
            ),
            formats=_("iCalendar (RFC 5545)"),
            links=[
                DownloadLink(calendar_url, "calendar.ics", calendar_feed.MEDIA_TYPE)
            ],
        )
    )
    downloads.append(
        Download(
            key="iati-activities",
            title=_("Projects (IATI)"),
            description=_(
                "The public development projects as IATI activities: organisations "
                "in their roles, countries, sectors, dates, budgets and results."
            ),
            formats=_("IATI 2.03 XML"),
            links=[
                DownloadLink(
                    reverse("exports:iati-activities"),
                    "iati-activities.xml",
                    iati.MEDIA_TYPE,
                )
            ]
            if has_projects
            else [],
        )
    )
    return downloads


class OpenDataView(TemplateView):
    """The open-data page: the downloads, their licence and source, and the API.

    It is drawn in the public pages' look (its template extends theirs).
    """

    template_name = "exports/open_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self.municipality = open_data_municipality(self.request)
        context["municipality"] = self.municipality
        context.update(self.page_context())
        context["json_ld"] = self.json_ld(context)
        return context

    def page_context(self) -> dict[str, Any]:
        municipality = self.municipality
        language = self.request.LANGUAGE_CODE
        has_projects = (
            selectors.open_data_projects(municipality=municipality)
            .exclude(started="")
            .exists()
        )
        downloads = open_data_downloads(language=language, has_projects=has_projects)
        calendar = next(item for item in downloads if item.key == "calendar")
        changed = selectors.open_data_page_updated(municipality=municipality)
        return {
            "downloads": downloads,
            "calendar_address": self.request.build_absolute_uri(calendar.links[0].url),
            "licence": open_data_licence(),
            "api_docs_url": API_DOCS,
            # Whole seconds: HTML's <time datetime> takes at most milliseconds.
            "last_updated": changed.replace(microsecond=0) if changed else None,
        }

    def json_ld(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        municipality = self.municipality
        publisher = {"@type": "GovernmentOrganization", "name": municipality.name}
        if municipality.website:
            publisher["url"] = municipality.website
        licence = context["licence"]
        modified: dt.datetime | None = context["last_updated"]
        datasets = []
        for item in context["downloads"]:
            dataset: dict[str, Any] = {
                "@type": "Dataset",
                "name": f"{item.title} – {municipality.name}",
                "description": str(item.description),
                "creator": publisher,
                "isAccessibleForFree": True,
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "encodingFormat": link.media_type,
                        "contentUrl": self.request.build_absolute_uri(link.url),
                    }
                    for link in item.links
                ],
            }
            if licence["url"]:
                dataset["license"] = licence["url"]
            if modified is not None:
                dataset["dateModified"] = modified.isoformat(timespec="seconds")
            datasets.append(dataset)
        return [
            {
                "@context": "https://schema.org",
                "@type": "DataCatalog",
                "name": str(_("Open data")) + f" – {municipality.name}",
                "url": self.request.build_absolute_uri(),
                "publisher": publisher,
                "dataset": datasets,
            }
        ]
