"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API gives is a problem document: `type`, `title`, `status`,
`detail`, and for a request whose fields or parameters were refused an `errors`
list that names each (`field`, where it was: `location`, and for the body a JSON
pointer) with its message. `type` is "about:blank": the status says what kind of
problem it is, and `title` is the status's name (RFC 9457, section 4.2.1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from ninja import Schema
from pydantic import Field

PROBLEM_MEDIA_TYPE = "application/problem+json"

# RFC 9110's names of the statuses (Python's `http` module still says 422 "Entity").
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    428: "Precondition Required",
}

Location = Literal["body", "query", "path", "header"]

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)

# Codes of the validation errors that mean "this exists already": answered 409.
DUPLICATE_CODES = frozenset({"unique", "unique_together", "duplicate_partnership"})


class FieldProblem(Schema):
    """One refused field or parameter and why."""

    field: str = Field(
        description="The field or parameter, dotted for a nested field "
        "(`title.en`); empty for the request as a whole."
    )
    location: Location
    pointer: str | None = Field(
        None, description="For the body: a JSON pointer to the field (`#/title/en`)."
    )
    detail: str


class Problem(Schema):
    """An RFC 9457 problem details document."""

    type: str = Field("about:blank", description="A URI reference for the kind.")
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = Field(
        default_factory=list,
        description="For refused input: each field or parameter with its message.",
    )


class ProblemError(Exception):
    """Raised anywhere in a view to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Iterable[FieldProblem] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})


def problem_response(
    status: int,
    detail: str,
    *,
    errors: Iterable[FieldProblem] = (),
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Return a problem document as a response."""
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": str(detail),
    }
    listed = [error.model_dump() for error in errors]
    if listed:
        problem["errors"] = listed
    response = HttpResponse(
        json.dumps(problem, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_MEDIA_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def body_field(path: Iterable[str | int]) -> FieldProblem:
    """Return an (empty) problem about the body field at `path`."""
    parts = [str(part) for part in path]
    return FieldProblem(
        field=".".join(parts),
        location="body",
        pointer="#/"
        + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)
        if parts
        else "#",
        detail="",
    )


def field_problem(
    path: Iterable[str | int], detail: str, location: Location = "body"
) -> FieldProblem:
    """Return a problem naming the field (or parameter) at `path`."""
    if location == "body":
        return body_field(path).model_copy(update={"detail": detail})
    return FieldProblem(
        field=".".join(str(part) for part in path),
        location=location,
        pointer=None,
        detail=detail,
    )


def validation_problems(
    error: ValidationError, fields: Mapping[str, str] | None = None
) -> list[FieldProblem]:
    """Return the fields a Django ValidationError names, with their messages.

    `fields` maps a model field to the request's field where the names differ; a
    language's column of a translated field is named as the request names it
    (`title_en` → `title.en`).
    """
    fields = fields or {}
    problems = []
    if not hasattr(error, "error_dict"):
        return [field_problem([], message) for message in error.messages]
    for name, errors in error.error_dict.items():
        field = "" if name == NON_FIELD_ERRORS else fields.get(name, name)
        base, _sep, language = field.rpartition("_")
        if base and language in LANGUAGE_CODES:
            field = f"{base}.{language}"
        path = field.split(".") if field else []
        for message in ValidationError(errors).messages:
            problems.append(field_problem(path, message))
    return problems


def is_duplicate(error: ValidationError) -> bool:
    """Tell whether a ValidationError says the record exists already."""
    if hasattr(error, "error_dict"):
        nested = [e for errors in error.error_dict.values() for e in errors]
    else:
        nested = list(error.error_list)
    return any(e.code in DUPLICATE_CODES for e in nested)


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """Return the `response=` entries that declare these problem statuses."""
    return dict.fromkeys(statuses, Problem)
