"""What "active on a day" means: evidence that it had begun by then, no ending."""

from __future__ import annotations

import datetime as dt

import pytest

from twinning.partnerships.choices import EventKind
from twinning.partnerships.models import Partnership
from twinning.partnerships.selectors import partnerships_active_on, partnerships_on
from twinning.partnerships.services import partnership_add_event, partnership_terminate
from twinning.partnerships.tests.factories import PartnershipFactory
from twinning.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 12, 31)


@pytest.fixture
def roskilde():
    return MunicipalityFactory(slug="roskilde")


def with_events(municipality, editor, *events):
    partnership = PartnershipFactory(municipality=municipality)
    for kind, date in events:
        if kind == EventKind.TERMINATED:
            partnership_terminate(
                partnership=partnership, actor=editor, on=date, decided_by="Council"
            )
        else:
            partnership_add_event(
                partnership=partnership, actor=editor, kind=kind, date=date
            )
    return partnership


def active(municipality, day=DAY):
    found = partnerships_active_on(
        Partnership.objects.for_municipality(municipality), day=day
    )
    return {p.pk: p for p in found}


def test_a_partnership_only_confirmed_as_going_on_is_active_with_that_date(
    roskilde, editor
):
    confirmed = with_events(roskilde, editor, (EventKind.CONFIRMED, "2023-10-12"))

    found = active(roskilde)

    assert confirmed.pk in found
    assert found[confirmed.pk].last_evidence == "2023-10-12"
    assert found[confirmed.pk].status_on == "active"


def test_the_latest_evidence_by_the_day_travels_with_it(roskilde, editor):
    limited = with_events(
        roskilde,
        editor,
        (EventKind.ESTABLISHED, "1984"),
        (EventKind.EXPANDED, "2010"),
        (EventKind.LIMITED, "2021"),
        (EventKind.RESUMED, "2026-03"),
    )

    assert active(roskilde)[limited.pk].last_evidence == "2021"
    assert active(roskilde)[limited.pk].status_on == "limited"
    assert active(roskilde, dt.date(2015, 1, 1))[limited.pk].last_evidence == "2010"


def test_an_ending_before_the_day_leaves_it_out_and_one_after_does_not(
    roskilde, editor
):
    ended = with_events(
        roskilde,
        editor,
        (EventKind.ESTABLISHED, "1989"),
        (EventKind.TERMINATED, "2022-03-09"),
    )

    assert ended.pk not in active(roskilde)
    assert ended.pk in active(roskilde, dt.date(2022, 3, 8))


def test_not_yet_begun_an_intent_or_no_events_is_not_active(roskilde, editor):
    later = with_events(roskilde, editor, (EventKind.ESTABLISHED, "2026-02"))
    intent = with_events(roskilde, editor, (EventKind.INTENT, "2025-05"))
    nothing = PartnershipFactory(municipality=roskilde)

    found = active(roskilde)

    assert not {later.pk, intent.pk, nothing.pk} & found.keys()
    on = {
        p.pk: p.status_on
        for p in partnerships_on(
            Partnership.objects.for_municipality(roskilde), day=DAY
        )
    }
    assert on == {later.pk: "", intent.pk: "intent", nothing.pk: ""}


def test_a_start_known_to_the_year_counts_from_within_that_year(roskilde, editor):
    this_year = with_events(roskilde, editor, (EventKind.ESTABLISHED, "2025"))

    assert this_year.pk in active(roskilde, dt.date(2025, 1, 1))
    assert this_year.pk not in active(roskilde, dt.date(2024, 12, 31))
