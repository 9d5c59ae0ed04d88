"""Which events an import adds to reach a partnership's status, start and end."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from twinning.imports.events import plan_events

TODAY = "2025-11-29"


@dataclass
class Event:
    kind: str
    date: str
    pk: int


def plan(existing=(), *, status, started="", ended=""):
    return [
        (kind, date)
        for kind, date, _undated in plan_events(
            list(existing), status=status, started=started, ended=ended, today=TODAY
        )
    ]


def test_a_start_becomes_an_established_event():
    assert plan(status="active", started="1946") == [("established", "1946")]


def test_a_termination_is_dated_by_the_end():
    assert plan(status="terminated", started="1989", ended="2022-03-09") == [
        ("established", "1989"),
        ("terminated", "2022-03-09"),
    ]


def test_a_partnership_begun_and_ended_in_one_year_keeps_its_order():
    assert plan(status="terminated", started="1990", ended="1990") == [
        ("established", "1990"),
        ("terminated", "1990"),
    ]


def test_a_termination_without_a_start_follows_a_confirmation():
    assert plan(status="terminated", ended="2020") == [
        ("confirmed", "2020"),
        ("terminated", "2020"),
    ]


def test_a_limitation_is_dated_the_day_of_the_import():
    assert plan(status="limited", started="1984") == [
        ("established", "1984"),
        ("limited", TODAY),
    ]


def test_an_undated_event_comes_after_a_later_recorded_one():
    existing = [Event("established", "2030", 1)]

    assert plan(existing, status="suspended", started="2030") == [("suspended", "2030")]


def test_a_limited_partnership_active_again_is_resumed():
    existing = [Event("established", "1984", 1), Event("limited", "2021", 2)]

    assert plan(existing, status="active", started="1984") == [("resumed", TODAY)]


def test_a_terminated_partnership_established_again_starts_anew():
    existing = [Event("established", "1989", 1), Event("terminated", "2022", 2)]

    assert plan(existing, status="active", started="2025") == [("established", "2025")]


def test_nothing_is_added_when_the_history_already_gives_the_status():
    existing = [Event("established", "1946", 1)]

    assert plan(existing, status="active", started="1946") == []


@pytest.mark.parametrize(
    ("status", "started", "ended"),
    [("active", "1950", ""), ("", "", ""), ("intent", "", "")],
)
def test_a_history_is_never_rewritten(status, started, ended):
    existing = [Event("established", "1946", 1)]

    with pytest.raises(ValidationError, match="only adds events"):
        plan(existing, status=status, started=started, ended=ended)
