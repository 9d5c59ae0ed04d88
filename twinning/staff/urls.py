"""The staff workspace, under /da/staff/ and /en/staff/."""

from django.urls import path

from twinning.staff import views, views_eu

app_name = "staff"

urlpatterns = [
    path("", views.AttentionView.as_view(), name="attention"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("partners/<slug:slug>/", views.PartnerFileView.as_view(), name="partner"),
    path(
        "partners/<slug:slug>/review/",
        views.PartnerReviewView.as_view(),
        name="partner-review",
    ),
    path("eu/", views_eu.EUPipelineView.as_view(), name="eu"),
    path("matchmaking/", views_eu.MatchmakingView.as_view(), name="matchmaking"),
    path(
        "eu/applications/<int:application>/activities/<int:activity>/participants.xlsx",
        views_eu.ParticipantReportView.as_view(),
        name="eu-participants",
    ),
]
