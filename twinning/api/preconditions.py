"""ETags from a record's version, and the If-Match that every update must send.

A record's ETag is strong and names the record and its version:
`"partnership-bergen-v3"`. Naming the record means that an ETag read from one
record cannot pass for another's at the same version.

An update (PATCH) without If-Match is refused with 428 Precondition Required
(RFC 6585): the API will not let a client overwrite a change it has not seen. An
If-Match that names another version than the stored one is refused with 412
Precondition Failed, and nothing is written. `*` is not accepted either: it would
match any version and so protect nothing.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from django.http import HttpRequest
from django.utils.translation import gettext as _

from twinning.api.problems import ProblemError

ETAG_HEADER = {
    "description": "The record's version, to send back as If-Match with an update.",
    "required": True,
    "schema": {"type": "string", "examples": ['"partnership-bergen-v3"']},
}
LOCATION_HEADER = {
    "description": "The address of the record just made.",
    "required": True,
    "schema": {"type": "string"},
}


def if_match_parameter(*, required: bool) -> dict[str, Any]:
    """Return the OpenAPI declaration of the If-Match header."""
    if required:
        description = (
            "The ETag of the record as you read it. Without it the update is "
            "refused (428); when the record has changed since, it is refused "
            "(412) and nothing is written."
        )
    else:
        description = (
            "Optional: the ETag of the partnership as you read it; when the "
            "partnership has changed since, the request is refused (412)."
        )
    return {
        "in": "header",
        "name": "If-Match",
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }


def etag(kind: str, slug: str, version: int) -> str:
    """Return the strong ETag of a record at a version."""
    return f'"{kind}-{slug}-v{version}"'


def _listed_tags(value: str) -> list[str]:
    # Entity tags are quoted and contain no comma, so a comma separates them.
    return [tag.strip() for tag in value.split(",") if tag.strip()]


@overload
def expected_version(
    request: HttpRequest, *, kind: str, slug: str, version: int, required: Literal[True]
) -> int: ...


@overload
def expected_version(
    request: HttpRequest, *, kind: str, slug: str, version: int, required: bool
) -> int | None: ...


def expected_version(
    request: HttpRequest, *, kind: str, slug: str, version: int, required: bool
) -> int | None:
    """Return the version the request's If-Match names, refusing a stale one.

    Raises 428 when If-Match is required and missing (or `*`), and 412 when it
    names no ETag of the record's current version. Returns None when If-Match is
    optional and missing.
    """
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        if not required:
            return None
        raise ProblemError(
            428,
            _(
                "Send the record's ETag as If-Match: read the record, then send its "
                "ETag with your change, so that no one else's change is overwritten."
            ),
        )
    current = etag(kind, slug, version)
    # A weak tag never matches: If-Match compares strongly (RFC 9110, 13.1.1).
    if current not in _listed_tags(value):
        raise ProblemError(
            412,
            _(
                "The record has changed since you read it (its ETag is now %(etag)s). "
                "Nothing was written: read it again, then send your change with the "
                "new ETag."
            )
            % {"etag": current},
            headers={"ETag": current},
        )
    return version
