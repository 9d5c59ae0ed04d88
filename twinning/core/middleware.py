"""Middleware of the site's own: bounded request bodies; how long a session lasts."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "twinning_signed_in_at"
SEEN_AT = "twinning_seen_at"
# The time of the last request is written at most this often, so that not every
# request saves the session.
SEEN_RESOLUTION = 60


def note_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Start a new session's clocks as its user signs in (`user_logged_in`)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SIGNED_IN_AT] = now
        session[SEEN_AT] = now


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


API_PREFIX = "/api/"


class BodyLimitMiddleware:
    """Answer 413 to a request whose body is larger than its limit, unread.

    The API's limit is `TWINNING_API_MAX_BODY_BYTES`, answered as an RFC 9457
    problem document like every API error; anything else is held to
    `TWINNING_MAX_REQUEST_BYTES` (room for an import file and its form). The
    length is the one the request declares; a body sent without one is held to
    `DATA_UPLOAD_MAX_MEMORY_SIZE` when it is read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        api = request.path_info.startswith(API_PREFIX)
        limit = (
            settings.TWINNING_API_MAX_BODY_BYTES
            if api
            else settings.TWINNING_MAX_REQUEST_BYTES
        )
        if length > limit:
            return body_too_large(limit, api=api)
        return self.get_response(request)


def body_too_large(limit: int, *, api: bool) -> HttpResponse:
    """Return the 413 answer: a problem document for the API, text elsewhere."""
    detail = _(
        "The request body is larger than %(limit)s bytes, the most this accepts."
    ) % {"limit": limit}
    if not api:
        return HttpResponse(
            detail, status=413, content_type="text/plain; charset=utf-8"
        )
    problem = {
        "type": "about:blank",
        "title": "Content Too Large",
        "status": 413,
        "detail": detail,
    }
    return HttpResponse(
        json.dumps(problem, ensure_ascii=False),
        status=413,
        content_type="application/problem+json; charset=utf-8",
    )
