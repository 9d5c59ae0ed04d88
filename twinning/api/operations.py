"""How the API's operations are declared: paged lists, records, creations.

Every list is registered alike (`list_operation`: ninja's paginator, the problems a
list can answer with, its URL named after the function), every detail alike
(`detail_operation`: the record's ETag in the schema), and a public record found by
its slug is one operation made by `public_detail`, so that the lists and details of
all the models answer in the same way. A creation (`create_operation`) takes a
personal token and answers 201 with the new record's ETag and address (`created`).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from ninja import Router
from ninja.pagination import paginate

from twinning.accounts.models import User
from twinning.api.auth import acting_user, token_auth
from twinning.api.pagination import ListPagination, shown_one
from twinning.api.preconditions import ETAG_HEADER, LOCATION_HEADER, etag
from twinning.api.problems import problems
from twinning.api.schemas import MunicipalityQuery, SlugPath
from twinning.api.selectors import api_municipality, writable_municipality
from twinning.places.models import Municipality

M = TypeVar("M", bound=Model)
View = TypeVar("View", bound=Callable[..., Any])

DETAIL_HEADERS = {"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}}
CREATED_HEADERS = {
    "responses": {201: {"headers": {"ETag": ETAG_HEADER, "Location": LOCATION_HEADER}}}
}
# What a creation may answer besides 201: a malformed or invalid record, no or a
# weak token, a named record that is not there, a slug that is taken.
CREATE_PROBLEMS = (400, 401, 403, 404, 409, 422)


def _operation(
    method: Callable[..., Any], path: str, response: dict[int, Any], **options: Any
) -> Callable[[View], View]:
    """Register a view with `method` (`router.get`), its URL named after it."""

    def register(view: View) -> View:
        operation: View = method(
            path, response=response, url_name=view.__name__, **options
        )(view)
        return operation

    return register


def list_operation(
    router: Router,
    path: str,
    schema: Any,
    *,
    codes: tuple[int, ...] = (404, 422),
    **options: Any,
) -> Callable[[View], View]:
    """Register a paged list of `schema` at `path`.

    `codes` are the problems it may answer with; `options` go to ninja (`auth`).
    """
    register = _operation(
        router.get, path, {200: list[schema], **problems(*codes)}, **options
    )
    return lambda view: register(paginate(ListPagination)(view))


def detail_operation(
    router: Router,
    path: str,
    schema: Any,
    *,
    codes: tuple[int, ...] = (404, 422),
    **options: Any,
) -> Callable[[View], View]:
    """Register one record of `schema` at `path`, answered with its ETag."""
    response = {200: schema, **problems(*codes)}
    return _operation(
        router.get, path, response, openapi_extra=DETAIL_HEADERS, **options
    )


def public_detail(
    router: Router,
    path: str,
    schema: Any,
    *,
    name: str,
    doc: str,
    records: Callable[..., QuerySet[M]],
    show: Callable[[M], Any],
    kind: str,
    missing: Promise,
    slug_field: str = "slug",
    key: Callable[[M], str] | None = None,
    scoped: bool = True,
) -> Callable[..., Any]:
    """Register the operation that returns one public record by its slug.

    `records(municipality=...)` are the public records of the municipality the
    request is about (`scoped`), or `records()` for reference data shared by all.
    `slug_field` is the field the slug is looked up in ("network__slug"); `kind`
    and `key` make the ETag; `missing` is the 404's detail. `name` and `doc` are
    the operation's id and description, as a function's name and docstring are.
    """

    def found(queryset: QuerySet[M], slug: str, response: HttpResponse) -> Any:
        return shown_one(
            queryset.filter(**{slug_field: slug}),
            response,
            kind=kind,
            show=show,
            missing=str(missing),
            **({"key": key} if key else {}),
        )

    def scoped_view(
        request: HttpRequest,
        response: HttpResponse,
        slug: SlugPath,
        municipality: MunicipalityQuery = None,
    ) -> Any:
        home: Municipality | None = api_municipality(request, municipality)
        return found(records(municipality=home), slug, response)

    def shared_view(
        request: HttpRequest, response: HttpResponse, slug: SlugPath
    ) -> Any:
        return found(records(), slug, response)

    view: Callable[..., Any] = scoped_view if scoped else shared_view
    view.__name__ = view.__qualname__ = name
    view.__doc__ = doc
    return detail_operation(router, path, schema)(view)


def create_operation(router: Router, path: str, schema: Any) -> Callable[[View], View]:
    """Register the creation of a `schema` record at `path`, with a personal token."""
    response = {201: schema, **problems(*CREATE_PROBLEMS)}
    return _operation(
        router.post, path, response, auth=token_auth, openapi_extra=CREATED_HEADERS
    )


def writer_and_home(
    request: HttpRequest, municipality: str | None, *permissions: str
) -> tuple[User, Municipality]:
    """Return the token's user, if their role may write, and where they write."""
    user = acting_user(request, *permissions)
    return user, writable_municipality(request, municipality, user=user)


def created(response: HttpResponse, record: Any, *, kind: str, detail: str) -> None:
    """Answer with a new record's ETag and address (of the operation `detail`)."""
    response["ETag"] = etag(kind, record.slug, record.version)
    response["Location"] = reverse(f"api:{detail}", kwargs={"slug": record.slug})
