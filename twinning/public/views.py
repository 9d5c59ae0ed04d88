"""The public pages: overview, partners, projects, networks, EU office, map, timeline.

Every page is drawn from the register as it is now, in the active language, works
without JavaScript, and carries schema.org JSON-LD and Open Graph tags.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.generic import TemplateView

from twinning.core.dates import exact_iso_date
from twinning.eu.choices import OpportunityStatus
from twinning.eu.selectors import (
    eu_offices_public,
    funding_opportunities_public,
    partner_searches_public,
)
from twinning.partnerships.choices import PartnershipKind, PartnershipStatus
from twinning.partnerships.selectors import network_memberships_public
from twinning.places.models import Place
from twinning.places.selectors import twin_towns_of
from twinning.places.worldmap import spread_markers, world_map
from twinning.public import selectors
from twinning.public.search import search_public
from twinning.public.sitemaps import PartnerSitemap, ProjectSitemap


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


class PublicPageView(TemplateView):
    """A public page: finds the home municipality and fills the common context."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self.municipality = selectors.public_municipality(self.request.get_host())
        context["municipality"] = self.municipality
        context.update(self.page_context())
        context.setdefault("json_ld", self.json_ld(context))
        return context

    def page_context(self) -> dict[str, Any]:
        return {}

    def json_ld(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        return [organisation_json_ld(self.request, self.municipality)]


def organisation_json_ld(request: HttpRequest, municipality: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": municipality.name,
        "url": municipality.website or absolute(request, reverse("public:overview")),
    }
    if municipality.place and municipality.place.latitude is not None:
        data["location"] = place_json_ld(municipality.place)
    return data


def place_json_ld(place: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "City",
        "name": place.name,
        "address": {"@type": "PostalAddress", "addressCountry": place.country},
    }
    if place.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    same_as = []
    if place.geonames_id:
        same_as.append(f"https://www.geonames.org/{place.geonames_id}")
    if place.wikidata_id:
        same_as.append(f"https://www.wikidata.org/wiki/{place.wikidata_id}")
    if same_as:
        data["sameAs"] = same_as
    return data


class OverviewView(PublicPageView):
    template_name = "public/overview.html"

    def page_context(self) -> dict[str, Any]:
        page = selectors.overview(
            municipality=self.municipality, number=self.kwargs.get("number", 1)
        )
        return {"page": page, "last_updated": page.last_updated}


class PartnerView(PublicPageView):
    template_name = "public/partner.html"

    def page_context(self) -> dict[str, Any]:
        page = selectors.partner_page(
            municipality=self.municipality, slug=self.kwargs["slug"]
        )
        place = page.place
        locator = None
        if place is not None and place.latitude is not None:
            world = world_map()
            x, y = world.point(float(place.latitude), float(place.longitude))
            # Only the region around the partner, not the world behind a 300-unit
            # window: the page stays a few kilobytes.
            locator = world.region(x=x, y=y, width=300, height=180)
        twin_towns = (
            twin_towns_of(page.partner, exclude=[self.municipality.place])
            if isinstance(page.partner, Place)
            else []
        )
        return {
            "page": page,
            "last_updated": page.last_updated,
            "locator": locator,
            "twin_towns": twin_towns,
        }

    def json_ld(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        page = context["page"]
        if page.place is not None and page.partner == page.place:
            partner = place_json_ld(page.place)
        else:
            partner = {"@type": "Organization", "name": page.partner.name}
        partner["url"] = self.request.build_absolute_uri()
        return [partner, organisation_json_ld(self.request, self.municipality)]


class ProjectView(PublicPageView):
    template_name = "public/project.html"

    def page_context(self) -> dict[str, Any]:
        project, activities, results, updated = selectors.project_page(
            municipality=self.municipality, slug=self.kwargs["slug"]
        )
        return {
            "project": project,
            "activities": activities,
            "results": results,
            "last_updated": updated,
        }

    def json_ld(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        project = context["project"]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Project",
            "name": project.title,
            "description": project.summary or project.description,
            "url": self.request.build_absolute_uri(),
            "parentOrganization": organisation_json_ld(self.request, self.municipality),
        }
        funders = [
            p.organisation.name
            for p in project.participations.all()
            if p.role == "funding"
        ]
        if funders:
            data["funder"] = [
                {"@type": "Organization", "name": name} for name in funders
            ]
        if founded := exact_iso_date(project.started):
            data["foundingDate"] = founded
        return [data]


class NetworksView(PublicPageView):
    template_name = "public/networks.html"

    def page_context(self) -> dict[str, Any]:
        memberships = list(network_memberships_public(municipality=self.municipality))
        return {
            "memberships": memberships,
            "last_updated": selectors.page_updated(
                [self.municipality, *memberships, *(m.network for m in memberships)],
                municipality=self.municipality,
            ),
        }


class EUOfficeView(PublicPageView):
    template_name = "public/eu_office.html"

    def page_context(self) -> dict[str, Any]:
        offices = list(eu_offices_public(municipality=self.municipality))
        calls = list(
            funding_opportunities_public(
                municipality=self.municipality, status=OpportunityStatus.OPEN
            )
        )
        searches = list(partner_searches_public(municipality=self.municipality))
        return {
            "offices": offices,
            "calls": calls,
            "partner_searches": searches,
            "last_updated": selectors.page_updated(
                [
                    *offices,
                    *(s for o in offices for s in o.services.all()),
                    *calls,
                    *searches,
                ],
                municipality=self.municipality,
            ),
        }

    def json_ld(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "@context": "https://schema.org",
                "@type": "GovernmentOffice",
                "name": office.name,
                "telephone": office.phone,
                "email": office.email,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": ", ".join(office.address_lines[:-1]),
                    "addressLocality": office.address_lines[-1]
                    if office.address_lines
                    else "",
                },
            }
            for office in context["offices"]
        ]


KIND_COLOURS = {
    PartnershipKind.SISTER_CITY: "#004c97",
    PartnershipKind.COOPERATION: "#6a1b9a",
    PartnershipKind.SECTOR_COOPERATION: "#00695c",
    PartnershipKind.PROJECT: "#8a4b00",
}


# Marker sizes in map units (the map is MAP_WIDTH wide), in two layouts; site.css
# shows one by the screen's width. A phone 375 px wide draws the map 343 px wide,
# 0.343 px a unit: a marker 38 units in radius is 26 px across, and markers 88 units
# apart leave 4 px between them, room for the focus ring. From 64em (1024 px) the
# map is at least 912 px wide: 15 units make 27 px, 34 apart leave 4 px.
MARKER_LAYOUTS = {"narrow": (38, 88), "wide": (15, 34)}


class MapView(PublicPageView):
    template_name = "public/map.html"

    def page_context(self) -> dict[str, Any]:
        partnerships, updated = selectors.map_partnerships(
            municipality=self.municipality
        )
        world = world_map()
        located = [
            partnership
            for partnership in partnerships
            if partnership.latitude is not None and partnership.longitude is not None
        ]
        home = self.municipality.place
        home_point = (
            world.point(float(home.latitude), float(home.longitude))
            if home and home.latitude is not None
            else None
        )
        points = [world.point(p.latitude, p.longitude) for p in located]
        layouts = {
            name: [
                {"radius": radius, "place": place}
                for place in spread_markers(
                    points,
                    spacing=spacing,
                    width=world.width,
                    height=world.height,
                    keep_clear=[home_point] if home_point else [],
                )
            ]
            for name, (radius, spacing) in MARKER_LAYOUTS.items()
        }
        markers = [
            {
                "partnership": partnership,
                "country": partnership.located_in,
                "layouts": [(name, places[index]) for name, places in layouts.items()],
                "colour": KIND_COLOURS.get(partnership.kind, "#333333"),
                "ended": partnership.status == PartnershipStatus.TERMINATED,
                "limited": partnership.status
                in (PartnershipStatus.LIMITED, PartnershipStatus.SUSPENDED),
            }
            for index, partnership in enumerate(located)
        ]
        kinds_in_use = {marker["partnership"].kind for marker in markers}
        legend = [
            {"label": label, "colour": KIND_COLOURS[value]}
            for value, label in PartnershipKind.choices
            if value in kinds_in_use
        ]
        return {
            "world": world,
            "markers": markers,
            "home_point": home_point,
            # The lines from a moved marker back to its place, in each layout.
            "leaders": [
                (name, [item["place"] for item in places if item["place"].moved])
                for name, places in layouts.items()
            ],
            "legend": legend,
            "any_ended": any(marker["ended"] for marker in markers),
            "last_updated": updated,
        }


class TimelineView(PublicPageView):
    template_name = "public/timeline.html"

    def page_context(self) -> dict[str, Any]:
        decades, updated = selectors.timeline(municipality=self.municipality)
        return {"decades": decades, "last_updated": updated}

    def json_ld(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": f"{event.get_kind_display()}: {event.partnership.partner_name}",
                **(
                    {"startDate": start}
                    if (start := exact_iso_date(event.date))
                    else {}
                ),
                "organizer": {
                    "@type": "GovernmentOrganization",
                    "name": self.municipality.name,
                },
            }
            for _decade, events in context["decades"]
            for event in events
        ]


class SearchView(PublicPageView):
    template_name = "public/search.html"

    def page_context(self) -> dict[str, Any]:
        query = self.request.GET.get("q", "").strip()[:200]
        results = search_public(
            municipality=self.municipality,
            query=query,
            language=self.request.LANGUAGE_CODE,
        )
        return {"query": query, "results": results, "last_updated": None}


class AccessibilityView(PublicPageView):
    template_name = "public/accessibility.html"

    def page_context(self) -> dict[str, Any]:
        return {
            "statement_date": settings.TWINNING_ACCESSIBILITY_STATEMENT_DATE,
            "was_statement_url": settings.TWINNING_WAS_STATEMENT_URL,
        }


class PrivacyView(PublicPageView):
    """What the public pages do with a visitor's data: nothing kept, no cookies."""

    template_name = "public/privacy.html"


class SitemapView(PublicPageView):
    """Every public page, as a page for people (the XML one is for search engines)."""

    template_name = "public/sitemap.html"

    def page_context(self) -> dict[str, Any]:
        partners = PartnerSitemap()
        partners.host = self.request.get_host()
        projects = ProjectSitemap()
        projects.host = partners.host
        return {
            "partners": sorted(
                (
                    (partnership.partner.name, partners.location(partnership))
                    for partnership in partners.items()
                ),
                key=lambda pair: pair[0],
            ),
            "projects": [
                (project.title, projects.location(project))
                for project in projects.items()
            ],
        }


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer 404 in the site's look and language, with ways on.

    The project's handler for every missing page. Without a home municipality
    (nothing loaded yet) there is no site to show it in: Django's plain page.
    """
    try:
        municipality = selectors.public_municipality(request.get_host())
    except Http404:
        return defaults.page_not_found(request, exception)
    page = loader.render_to_string(
        "public/404.html", {"municipality": municipality}, request
    )
    return HttpResponse(page, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 500 in the site's language, reading nothing from the database."""
    page = loader.render_to_string("500.html", {}, None)
    return HttpResponse(page, status=500)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Allow every page but the back office, and name the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import redirect

    return redirect(static("public/favicon.svg"), permanent=True)
