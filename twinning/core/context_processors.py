"""Template context every page of the site shares, whichever face draws it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Return the site's look: the municipality's logo and colour (settings)."""
    return {
        "site": {
            "logo": getattr(settings, "TWINNING_LOGO", ""),
            "colour": getattr(settings, "TWINNING_COLOUR", "#004c97"),
        }
    }
