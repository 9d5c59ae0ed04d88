"""The council report on the staff workspace, under /da/staff/reports/."""

from django.urls import path

from twinning.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.CouncilReportView.as_view(), name="council"),
]
