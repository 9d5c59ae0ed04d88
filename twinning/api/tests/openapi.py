"""The API's own OpenAPI description, loaded by schemathesis from the app in process.

Requests go through the project's WSGI application in the test's own thread, so
they use the test's database connection and its transaction: what they write is
rolled back with the test.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from twinning.config.wsgi import application


def load_schema() -> Any:
    """Return the description as schemathesis reads it from the app in process."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = load_schema()

# No server error, and every response as the description declares it: its status,
# media type, headers and body.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
