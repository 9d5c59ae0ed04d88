"""The open-data page, under /da/open-data/ and /en/open-data/."""

from django.urls import path

from twinning.exports import views

app_name = "open_data"

urlpatterns = [
    path("", views.OpenDataView.as_view(), name="page"),
]
