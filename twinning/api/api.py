"""Twinning's REST API, version 1: open data, and writes with personal tokens.

The OpenAPI 3.1 description is at /api/v1/openapi.json and the interactive docs at
/api/v1/docs (Swagger UI, served from this site's static files: no CDN). Every
error is an RFC 9457 problem document, declared in the description as
`application/problem+json` on each operation that can give it.
"""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.openapi.docs import DocsBase
from ninja.openapi.schema import OpenAPISchema

from twinning.api import contacts, eu, partnerships, places, projects
from twinning.api.auth import REALM, www_authenticate
from twinning.api.problems import (
    PROBLEM_MEDIA_TYPE,
    TITLES,
    FieldProblem,
    Location,
    ProblemError,
    field_problem,
    is_duplicate,
    problem_response,
    validation_problems,
)
from twinning.core.middleware import body_too_large
from twinning.core.services import StaleVersionError

DESCRIPTION = """
The international relations of the home municipality as open data: partnerships
and their history, agreements, projects, activities, results, network memberships
and EU funding opportunities. Reads need no key and return public records only.

**Lists** return `{"items": [...], "count": N}`; page with `limit` (1–500, 50 by
default) and `offset`. The order is stable.

**Texts** come in Danish and English: `{"da": ..., "en": ...}`. **Dates** known
only to the year or month come with their precision:
`{"value": "1946", "precision": "year"}`.

**Writes** take a personal API token, made in the back office:
`Authorization: Bearer <token>`. The token acts with its owner's role: a viewer's
token cannot write (403). An unknown or revoked token gets 401.

**Updates** need `If-Match` with the record's `ETag` from a read. Without it the
update is refused with 428; when the record changed since it was read, with 412,
and nothing is written.

**Errors** are RFC 9457 problem documents (`application/problem+json`); refused
fields and parameters are named in `errors`.
"""


class LocalSwagger(DocsBase):
    """Swagger UI from this site's static files, never a CDN.

    The files are django-ninja's own (`ninja/static/ninja/`); they are served when
    "ninja" is among the INSTALLED_APPS.
    """

    def render_page(
        self, request: HttpRequest, api: NinjaAPI, **kwargs: Any
    ) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # Swagger UI otherwise sends the description to validator.swagger.io.
            "validatorUrl": None,
        }
        return render(request, "api/docs.html", {"api": api, "settings": settings})


class TwinningAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI description declares problem documents as such."""

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                if "requestBody" in operation:
                    # Bodies over the limit (`TWINNING_API_MAX_BODY_BYTES`).
                    operation["responses"]["413"] = {
                        "description": TITLES[413],
                        "content": {
                            PROBLEM_MEDIA_TYPE: {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    }
                for status, response in operation["responses"].items():
                    if int(status) < 400:
                        continue
                    response["description"] = TITLES.get(
                        int(status), response["description"]
                    )
                    content = response.get("content", {})
                    if "application/json" in content:
                        content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
                    if int(status) == 401:
                        response["headers"] = {
                            "WWW-Authenticate": {
                                "description": "How to authenticate: " + REALM,
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        }
        return schema

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)


api = TwinningAPI(
    title="Twinning API",
    version="1",
    description=DESCRIPTION,
    docs=LocalSwagger(),
    urls_namespace="api",
)
api.add_router("", places.router)
api.add_router("", partnerships.router)
api.add_router("", projects.router)
api.add_router("", eu.router)
api.add_router("", contacts.router)


# --- Errors as problem documents ------------------------------------------------------


@api.exception_handler(ProblemError)
def on_problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
    return problem_response(
        exc.status, exc.detail, errors=exc.errors, headers=exc.headers
    )


@api.exception_handler(RequestValidationError)
def on_invalid_request(
    request: HttpRequest, exc: RequestValidationError
) -> HttpResponse:
    """Answer a request that does not fit the description: 422, naming each field."""
    errors: list[FieldProblem] = []
    for error in exc.errors:
        location, *path = error.get("loc", ()) or ("body",)
        if location == "body" and path:
            path = path[1:]  # the view's name for the body, not the client's
        if location not in ("body", "query", "path", "header"):
            location = "query"
        errors.append(
            field_problem(path, str(error.get("msg", "")), cast(Location, location))
        )
    return problem_response(
        422, _("Some fields or parameters are not valid: see errors."), errors=errors
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        401,
        _(
            "This needs a valid personal API token: Authorization: Bearer <token>. "
            "Tokens are made and revoked in the back office."
        ),
        headers={"WWW-Authenticate": www_authenticate(request)},
    )


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # A body sent without its length, found too large as it was read; one with
    # its length is refused before that (`core.middleware.BodyLimitMiddleware`).
    return body_too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, api=True)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own: 400 for a body that is not JSON, for one.
    return problem_response(exc.status_code, str(exc))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, str(exc) or _("Not found."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(403, str(exc) or _("Your role does not allow this."))


@api.exception_handler(StaleVersionError)
def on_stale_version(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
    return problem_response(412, " ".join(exc.messages))


@api.exception_handler(DjangoValidationError)
def on_refused_by_service(
    request: HttpRequest, exc: DjangoValidationError
) -> HttpResponse:
    """Answer a service's refusal: 409 for a duplicate, else 422; naming the fields."""
    duplicate = is_duplicate(exc)
    return problem_response(
        409 if duplicate else 422,
        _("This would duplicate a record: see errors.")
        if duplicate
        else _("Some fields are not valid: see errors."),
        errors=validation_problems(exc),
    )


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # The services validate first; what the database still refuses is a record
    # made at the same moment by someone else.
    return problem_response(
        409, _("This conflicts with a record saved at the same time. Try again.")
    )


def not_found(request: HttpRequest, unmatched: str = "") -> HttpResponse:
    """Answer an address under the API that names no operation."""
    return problem_response(
        404,
        _("The API has no such address. See %(docs)s.")
        % {"docs": reverse("api:openapi-view")},
    )
