"""Public pages, under /da/ and /en/ with the same English slugs in both."""

from django.urls import path

from twinning.public import views

app_name = "public"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("page/<int:number>/", views.OverviewView.as_view(), name="overview-page"),
    path("partners/<slug:slug>/", views.PartnerView.as_view(), name="partner"),
    path("projects/<slug:slug>/", views.ProjectView.as_view(), name="project"),
    path("networks/", views.NetworksView.as_view(), name="networks"),
    path("eu-office/", views.EUOfficeView.as_view(), name="eu-office"),
    path("map/", views.MapView.as_view(), name="map"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("sitemap/", views.SitemapView.as_view(), name="sitemap"),
]
