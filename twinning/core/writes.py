"""The guard that keeps services the only write path (see `core/services.py`).

A service runs with a flag set in its context; `DomainModel.save()` and `.delete()`,
and the register's querysets' bulk writes, call `check_write_allowed` and refuse to
run without it. It lives apart from `services.py` so that the models can use it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from twinning.core import generations
from twinning.core.checking import current_check

P = ParamSpec("P")
R = TypeVar("R")

_in_service: ContextVar[bool] = ContextVar("in_service", default=False)


class WriteOutsideService(RuntimeError):
    """A domain model was written by code that is not a service."""


def service(function: Callable[P, R]) -> Callable[P, R]:
    """Make a function a service: it runs in one transaction and may write models."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _in_service.set(True)
        changes = generations.begin()
        succeeded = False
        # A dry run (`checking.checking_only()`) saves nothing: no savepoint to undo.
        atomic = transaction.atomic() if current_check() is None else _no_savepoint
        try:
            with atomic:
                result = function(*args, **kwargs)
            succeeded = True
            return result
        finally:
            _in_service.reset(token)
            # The public pages this service's writes change are stale from now.
            generations.finish(changes, succeeded=succeeded)

    return run


_no_savepoint = contextlib.nullcontext()


def check_write_allowed(model: Any) -> None:
    """Refuse a write that does not come through a service."""
    if not _in_service.get():
        raise WriteOutsideService(
            f"{model._meta.label} is written through its app's services only."
        )


def record_written(record: Any) -> None:
    """Tell the page generations that `record` is saved or about to be deleted."""
    generations.record_written(record)


def rows_written(queryset: Any) -> None:
    """Tell the page generations that a queryset's rows are updated or deleted."""
    generations.rows_written(queryset)


def records_written(records: Any) -> None:
    """Tell the page generations that records are created or updated in bulk."""
    generations.records_written(records)


@contextlib.contextmanager
def writing_around_services() -> Iterator[None]:
    """Let the block write models without a service: for tests only.

    A test uses it to show that the database's own constraints hold against code
    that skips the services, or to set up a state no service would make. The
    application never does (a test of the write path checks that).
    """
    token = _in_service.set(True)
    try:
        yield
    finally:
        _in_service.reset(token)
