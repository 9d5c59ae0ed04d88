"""The addresses of Twinning: the back office, the health check, the language switch."""

from django.contrib import admin
from django.urls import include, path

from twinning.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
