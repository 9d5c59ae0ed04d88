"""The staff tests' portfolios built once for a module, for modules that only read them.

A module imports these fixtures to take the place of conftest.py's, which build them
afresh for every test. Each test still runs in a savepoint of its own: what a test
writes is gone for the next.
"""

from __future__ import annotations

from typing import Any

import pytest

from twinning.places.models import Municipality
from twinning.staff.tests.conftest import Portfolio, make_roskilde, portfolio


@pytest.fixture(scope="module")
def roskilde(module_records: Any) -> Municipality:
    return make_roskilde()


@pytest.fixture(scope="module")
def roskilde_portfolio(roskilde: Municipality) -> Portfolio:
    return portfolio(roskilde, "Roskilde")


@pytest.fixture(scope="module")
def aarhus_portfolio(module_records: Any) -> Portfolio:
    return portfolio(Municipality.objects.get(slug="aarhus"), "Aarhus")
