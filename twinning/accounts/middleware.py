"""Hold a signed-in session that still owes its second factor at the door."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from twinning.accounts.second_factor import has_second_factor, must_verify

# What a session that owes its second factor may still reach: signing in and out,
# the second-factor pages themselves, and what those pages load.
OPEN_PREFIXES = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/second-factor/",
    "/admin/jsi18n/",
    "/i18n/",
    "/site.css",
    "/healthz",
    "/favicon.ico",
)


class SecondFactorMiddleware:
    """Send a session that must prove a second factor to do so, wherever it goes.

    Every path is closed to it but `OPEN_PREFIXES`, so no back-office page (nor
    one added later) can be reached with a password alone. A user who has a
    factor is asked for a code; an administrator who has none is sent to set one
    up. Comes after django-otp's middleware, which marks verified sessions.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if must_verify(request.user) and not path.startswith(
            (*OPEN_PREFIXES, settings.STATIC_URL)
        ):
            name = (
                "second-factor-verify"
                if has_second_factor(request.user)
                else "second-factor-setup"
            )
            target = reverse(name)
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)
