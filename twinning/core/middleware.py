"""Middleware of the site's own: how long a signed-in session lasts."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "twinning_signed_in_at"
SEEN_AT = "twinning_seen_at"
# The time of the last request is written at most this often, so that not every
# request saves the session.
SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """End a signed-in session 8 hours after it began and after an hour idle.

    `SESSION_COOKIE_AGE` is the longest a session lives, counted from signing in;
    `TWINNING_SESSION_IDLE_SECONDS` is how long it survives without a request.
    A session past either limit is signed out before the view runs, so the
    request is answered as for anyone not signed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            session = request.session
            now = int(time.time())
            signed_in_at = session.get(SIGNED_IN_AT)
            seen_at = session.get(SEEN_AT)
            if signed_in_at is None:
                session[SIGNED_IN_AT] = now
                session[SEEN_AT] = now
            elif (
                now - int(signed_in_at) > settings.SESSION_COOKIE_AGE
                or now - int(seen_at or 0) > settings.TWINNING_SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif now - int(seen_at or 0) >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)
