"""Views that belong to no domain: the health check, the site's colour."""

import re

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

# A CSS colour as the setting may give it: #rgb, #rrggbb (with or without alpha).
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
DEFAULT_COLOUR = "#004c97"


@require_GET
@cache_control(max_age=3600, public=True)
def site_css(request: HttpRequest) -> HttpResponse:
    """Return the style sheet that gives the site the municipality's colour.

    A file rather than an inline style, which the Content-Security-Policy refuses.
    A setting that is not a hexadecimal colour falls back to the default, so the
    setting can never put anything else into the style sheet.
    """
    colour = getattr(settings, "TWINNING_COLOUR", DEFAULT_COLOUR)
    if not COLOUR.fullmatch(colour):
        colour = DEFAULT_COLOUR
    return HttpResponse(
        f":root {{ --municipality-colour: {colour}; }}\n",
        content_type="text/css; charset=utf-8",
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the app can query its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
