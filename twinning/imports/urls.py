"""The import page of the back office, at /admin/imports/ (mounted before the admin).

`admin_view` sends an anonymous visitor to the admin's login page and refuses anyone
who is not staff; the view itself refuses staff who may not import (viewers).
"""

from django.contrib import admin
from django.urls import path

from twinning.imports.views import TableImportView

app_name = "imports"

urlpatterns = [
    path("", admin.site.admin_view(TableImportView.as_view()), name="import"),
]
