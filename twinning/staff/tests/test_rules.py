"""The rules that find what needs attention, at the precision of partial dates."""

from __future__ import annotations

import datetime as dt

import pytest

from twinning.activities.selectors import activities_coming, follow_ups_due
from twinning.activities.services import activity_create, follow_up_create
from twinning.partnerships.models import Agreement
from twinning.partnerships.selectors import agreements_expired, partnerships_dormant
from twinning.partnerships.services import agreement_create
from twinning.projects.selectors import stale_phase_claims

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def expired_titles(aarhus, today=TODAY):
    return {a.title for a in agreements_expired(municipalities=[aarhus], today=today)}


def test_an_agreement_valid_this_month_has_not_expired(aarhus_portfolio, aarhus):
    for until in ("2026-12", "2026-11", "2026"):
        agreement_create(
            actor=None,
            partnership=aarhus_portfolio.dormant,
            kind="cooperation",
            title=f"Until {until}",
            valid_until=until,
        )

    titles = expired_titles(aarhus)

    assert "Until 2026-11" in titles
    assert "Until 2026-12" not in titles
    assert "Until 2026" not in titles


def test_an_agreement_replaced_by_a_valid_one_is_not_stale(aarhus_portfolio, aarhus):
    lively = aarhus_portfolio.lively
    agreement_create(
        actor=None,
        partnership=lively,
        kind="friendship",
        title="Renewed friendship",
        signed_on="2024-01-01",
        valid_until="2030",
    )

    assert aarhus_portfolio.names["agreement"] not in expired_titles(aarhus)


def test_kiels_agreement_expired_in_may_2024(aarhus):
    kiel = Agreement.objects.get(partnership__slug="kiel")

    assert kiel.valid_until == "2024-05"
    assert kiel.title in expired_titles(aarhus)
    assert kiel.title not in expired_titles(aarhus, dt.date(2024, 5, 31))


def test_an_activity_of_this_month_is_still_coming(aarhus_portfolio, aarhus):
    lively = aarhus_portfolio.lively
    for slug, started in (("this-month", "2026-12"), ("last-month", "2026-11")):
        activity_create(
            actor=None,
            municipality=aarhus,
            slug=slug,
            kind="meeting",
            title=slug,
            partnership=lively,
            started=started,
        )

    coming = {a.slug for a in activities_coming(municipalities=[aarhus], today=TODAY)}

    assert "this-month" in coming
    assert "last-month" not in coming


def test_a_follow_up_done_is_no_longer_due(aarhus_portfolio, aarhus):
    activity = activity_create(
        actor=None,
        municipality=aarhus,
        slug="done-meeting",
        kind="meeting",
        title="Done meeting",
        started="2026-11-01",
    )
    follow_up_create(
        actor=None,
        activity=activity,
        description="Already sent",
        due=TODAY - dt.timedelta(days=5),
        done_on=TODAY - dt.timedelta(days=6),
    )

    due = {
        f.description
        for f in follow_ups_due(
            municipalities=[aarhus], by=TODAY + dt.timedelta(days=14)
        )
    }

    assert "Already sent" not in due


def test_a_partnership_with_a_recent_activity_is_not_dormant(aarhus):
    dormant = {
        p.slug for p in partnerships_dormant(municipalities=[aarhus], today=TODAY)
    }
    assert "kiel" in dormant
    activity_create(
        actor=None,
        municipality=aarhus,
        slug="kiel-visit-2025",
        kind="meeting",
        title="Kiel meeting",
        partnership=aarhus.partnerships.get(slug="kiel"),
        started="2025-03",
    )

    dormant = {
        p.slug for p in partnerships_dormant(municipalities=[aarhus], today=TODAY)
    }
    assert "kiel" not in dormant


def test_tshwanes_phase_was_to_start_before_today_but_not_in_2021(aarhus):
    def stale(today):
        return [
            str(phase)
            for phase in stale_phase_claims(municipalities=[aarhus], today=today)
        ]

    assert stale(TODAY) == ["Phase 2"]
    assert stale(dt.date(2021, 6, 1)) == []
