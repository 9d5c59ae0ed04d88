"""Generations: what the public page cache and the published site learn of writes.

Every home municipality has a generation, and so has the reference data the whole
platform shares (places, organisations, themes, sources, site hosts, the
municipalities themselves). A generation is a token in the cache, not a counter:
each write replaces it with a new random token, so two app servers that change
the same municipality at once cannot lose one another's change (an increment by
get-and-set could), and any token a page was cached under either is still the
current one or the page is stale.

The models report their writes here (`ServiceWrittenModel.save()` and `.delete()`,
the register's bulk writes); a service collects them and, when it returns, gives
each municipality it touched a new generation: at once, and again when the
outermost transaction commits. The first lets a reader inside the same
transaction (a test, a nested call) see the change; the second makes sure that no
page read between the first and the commit, from data not yet committed, outlives
the commit.

What a write touches is found from the model's queryset: `municipality_path`
leads to the record's home municipalities; reference data (no path) touches the
whole platform. A model may name more (`Partnership.also_shown_by()`: the partner
municipality's page shows the other side's record). Records never public
(contact persons, follow-ups) touch nothing.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
PLATFORM = "platform"
_KEY = "twinning:generation:{}"


def key(scope: int | str) -> str:
    """Return the cache key of a municipality's generation or the platform's."""
    return _KEY.format(scope)


def new_token() -> str:
    return secrets.token_hex(8)


def current(scopes: Iterable[int | str]) -> dict[int | str, str]:
    """Return the generation of each scope, making one for a scope that has none."""
    scopes = list(scopes)
    cache = caches[CACHE_ALIAS]
    found = cache.get_many([key(scope) for scope in scopes])
    tokens: dict[int | str, str] = {}
    missing: dict[str, str] = {}
    for scope in scopes:
        token = found.get(key(scope))
        if token is None:
            token = new_token()
            missing[key(scope)] = token
        tokens[scope] = token
    if missing:
        # A generation never expires; a cache that evicts one anyway only makes
        # the pages cached under it stale, never a stale page current.
        cache.set_many(missing, timeout=None)
    return tokens


def renew(scopes: Iterable[int | str]) -> None:
    """Give each scope a new generation: every page cached under the old is stale."""
    scopes = set(scopes)
    if not scopes:
        return
    try:
        caches[CACHE_ALIAS].set_many(
            {key(scope): new_token() for scope in scopes}, timeout=None
        )
    except Exception:
        # The cache is down: pages are then rendered afresh (see the page cache);
        # a cache that comes back with old tokens could serve old pages, so say so.
        logger.exception("Could not renew the page generations of %s.", scopes)


@dataclass
class _Changes:
    scopes: set[int | str] = field(default_factory=set)
    records: list[Any] = field(default_factory=list)


_changes: ContextVar[_Changes | None] = ContextVar("generation_changes", default=None)


def scopes_of(record: Any) -> set[int | str]:
    """Return what a write of `record` touches: municipalities' pks, or the platform."""
    queryset = type(record)._default_manager.get_queryset()
    if getattr(queryset, "never_public", False):
        return set()
    if getattr(record, "touches_platform", False):
        return {PLATFORM}
    path = getattr(queryset, "municipality_path", None)
    if path is None:
        return {PLATFORM}
    scopes: set[int | str] = set()
    if path == "pk":
        scopes.add(record.pk)
    else:
        *hops, last = path.split("__")
        target: Any = record
        for hop in hops:
            target = getattr(target, hop, None)
            if target is None:
                break
        if target is not None:
            if last == "municipalities":
                if target.pk is not None:
                    scopes.update(target.municipalities.values_list("pk", flat=True))
            else:
                municipality_id = getattr(target, f"{last}_id", None)
                if municipality_id is not None:
                    scopes.add(municipality_id)
    also = getattr(record, "also_shown_by", None)
    if callable(also):
        scopes.update(also())
    return scopes


def record_written(record: Any) -> None:
    """Note that `record` was saved or is about to be deleted."""
    changes = _changes.get()
    scopes = scopes_of(record)
    if changes is None:
        # Not inside a service (a test writing around them): renew at once.
        renew(scopes)
        return
    changes.scopes |= scopes
    changes.records.append(record)


def rows_written(queryset: Any) -> None:
    """Note an update or delete of a queryset's rows, before it is made.

    One query finds the home municipalities of the rows; reference data renews
    the platform.
    """
    model = queryset.model
    if getattr(queryset, "never_public", False):
        return
    path = getattr(queryset, "municipality_path", None)
    if path is None or getattr(model, "touches_platform", False):
        _note({PLATFORM})
        return
    if hasattr(model, "also_shown_by"):
        # A record's own rule says who else shows it: read the rows (a few, as a
        # service updates them; past a thousand, the platform is renewed instead).
        rows = list(queryset.order_by()[:1001])
        if len(rows) > 1000:
            _note({PLATFORM})
        else:
            records_written(rows)
        return
    found = queryset.order_by().values_list(path, flat=True).distinct()
    _note({pk for pk in found if pk is not None})


def records_written(records: Iterable[Any]) -> None:
    """Note a bulk create or update of `records` (past a thousand: the platform)."""
    records = list(records)
    if len(records) > 1000:
        if records and not getattr(
            type(records[0])._default_manager.get_queryset(), "never_public", False
        ):
            _note({PLATFORM})
        return
    scopes: set[int | str] = set()
    for record in records:
        scopes |= scopes_of(record)
    _note(scopes)


def _note(scopes: set[int | str]) -> None:
    changes = _changes.get()
    if changes is None:
        renew(scopes)
    else:
        changes.scopes |= scopes


def begin() -> _Changes | None:
    """Start collecting writes for the outermost service; None inside another."""
    if _changes.get() is not None:
        return None
    changes = _Changes()
    _changes.set(changes)
    return changes


def finish(changes: _Changes | None, *, succeeded: bool) -> None:
    """End the outermost service: renew what its writes touched."""
    if changes is None:
        return
    _changes.set(None)
    if not succeeded:
        return
    scopes = set(changes.scopes)
    # Saved records are looked at again: a many-to-many set after the save (an
    # EU office's municipalities) names municipalities the save did not know.
    for record in changes.records:
        if record.pk is not None:
            scopes |= scopes_of(record)
    renew(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: renew(scopes))
