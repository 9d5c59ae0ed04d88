"""Template context every page of the site shares, whichever face draws it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Return the site's look (the municipality's logo and colour) and the name of
    the identity provider for single sign-on, if there is one (settings)."""
    return {
        "site": {
            "logo": getattr(settings, "TWINNING_LOGO", ""),
            "colour": getattr(settings, "TWINNING_COLOUR", "#004c97"),
        },
        # The identity provider's name on the staff login, when one is set (not
        # under "site", which the admin's login page uses for the site itself).
        "sso_name": getattr(settings, "TWINNING_OIDC_NAME", "")
        if getattr(settings, "OIDC_RP_CLIENT_ID", "")
        else "",
    }
