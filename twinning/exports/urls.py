"""The open-data downloads at fixed addresses under /open-data/ (no language prefix).

The tables: partnerships, activities, results and places, each as `.csv` and
`.xlsx`; then partners.geojson, calendar.ics and iati-activities.xml. Beside them,
each member of staff's private calendar at its secret address.
"""

from django.urls import path, re_path

from twinning.exports import tables, views

app_name = "exports"

TABLE = "(?P<table>{})".format("|".join(tables.TABLES))

urlpatterns = [
    re_path(rf"^{TABLE}\.csv$", views.table_csv, name="table-csv"),
    re_path(rf"^{TABLE}\.xlsx$", views.table_xlsx, name="table-xlsx"),
    path("partners.geojson", views.partners_geojson, name="partners-geojson"),
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("iati-activities.xml", views.iati_activities, name="iati-activities"),
    # A member of staff's private calendar, at a secret address: not open data.
    path(
        "staff-calendar/<str:secret>.ics",
        views.staff_calendar_view,
        name="staff-calendar",
    ),
]
