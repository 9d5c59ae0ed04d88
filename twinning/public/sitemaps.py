"""The sitemap: every public page in Danish and English."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from twinning.partnerships.selectors import partnerships_public
from twinning.projects.selectors import projects_public
from twinning.public.selectors import public_municipality

STATIC_PAGES = (
    "public:overview",
    "public:networks",
    "public:eu-office",
    "public:map",
    "public:timeline",
    "open_data:page",
    "public:accessibility",
    "public:privacy",
    "public:sitemap",
)


class MunicipalitySitemap(Sitemap):
    """A sitemap of the municipality whose site the request's host is."""

    host: str | None = None

    def get_urls(self, page: Any = 1, site: Any = None, protocol: Any = None) -> Any:
        self.host = getattr(site, "domain", None)
        return super().get_urls(page=page, site=site, protocol=protocol)

    def municipality(self) -> Any:
        return public_municipality(self.host)


class PublicPagesSitemap(Sitemap):
    """The fixed pages."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return list(STATIC_PAGES)

    def location(self, item: str) -> str:
        return reverse(item)


class PartnerSitemap(MunicipalitySitemap):
    """A page per partner."""

    i18n = True
    alternates = True

    def items(self) -> list[Any]:
        partners = {}
        for partnership in partnerships_public(municipality=self.municipality()):
            partner = partnership.partner
            if partner is not None:
                partners[partner.slug] = partnership
        return list(partners.values())

    def location(self, item: Any) -> str:
        return reverse("public:partner", kwargs={"slug": item.partner.slug})

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ProjectSitemap(MunicipalitySitemap):
    """A page per project."""

    i18n = True
    alternates = True

    def items(self) -> list[Any]:
        return list(projects_public(municipality=self.municipality()))

    def location(self, item: Any) -> str:
        return reverse("public:project", kwargs={"slug": item.slug})

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


SITEMAPS = {
    "pages": PublicPagesSitemap,
    "partners": PartnerSitemap,
    "projects": ProjectSitemap,
}
