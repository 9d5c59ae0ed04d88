"""The addresses of Twinning.

Public pages live under /da/ and /en/ (the same English slugs in both); "/" sends a
visitor to the language of the browser, Danish by default.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from twinning.accounts.oidc import sso_callback, sso_start
from twinning.core.views import healthz, site_css
from twinning.public.sitemaps import SITEMAPS
from twinning.public.views import favicon, robots_txt

# Every refusal, the back office's included, in the back office's look.
handler403 = "twinning.staff.views.permission_denied"
# A missing page, and a failure, in the public site's look and language.
handler404 = "twinning.public.views.page_not_found"
handler500 = "twinning.public.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("site.css", site_css, name="site-css"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/imports/", include("twinning.imports.urls")),
    path("admin/second-factor/", include("twinning.accounts.urls")),
    # Single sign-on (OpenID Connect), when a provider is set (`accounts.oidc`).
    path("oidc/authenticate/", sso_start, name="oidc_authentication_init"),
    path("oidc/callback/", sso_callback, name="oidc_authentication_callback"),
    # A new password by e-mail; the admin's login page links to it. The link in
    # the mail leads to /admin/reset/..., which a session owing its second factor
    # cannot reach, but a person who is not signed in can.
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("twinning.api.urls")),
    path("open-data/", include("twinning.exports.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
]
urlpatterns += i18n_patterns(
    path("staff/reports/", include("twinning.reports.urls")),
    path("staff/", include("twinning.staff.urls")),
    path("open-data/", include("twinning.exports.page_urls")),
    path("", include("twinning.public.urls")),
)
