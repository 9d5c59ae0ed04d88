"""A change of kind is a dated event: a cooperation promoted to a sister city."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from twinning.core.tests.test_admin_pages import in_language
from twinning.partnerships.choices import EventKind, PartnershipStatus
from twinning.partnerships.models import Partnership
from twinning.partnerships.services import partnership_promote, partnership_terminate

pytestmark = pytest.mark.django_db


def kiel(aarhus):
    return Partnership.objects.get(municipality=aarhus, slug="kiel")


def test_promoting_records_the_decision_and_keeps_the_status(aarhus, editor):
    partnership = kiel(aarhus)
    started, status = partnership.started, partnership.status

    event = partnership_promote(
        partnership=partnership,
        actor=editor,
        on="2026-12-02",
        decided_by="City Council",
        reference="Case 2026-4711, item 7",
        agreement={"kind": "sister_city", "signed_on": "2026-12-02"},
    )

    partnership.refresh_from_db()
    assert partnership.kind == "sister_city"
    assert (partnership.status, partnership.started) == (status, started)
    assert (event.kind, event.date) == (EventKind.KIND_CHANGED, "2026-12-02")
    assert (event.kind_before, event.kind_after) == ("cooperation", "sister_city")
    assert event.reference == "Case 2026-4711, item 7"
    agreement = partnership.agreements.get(signed_on="2026-12-02")
    assert agreement.decision_reference == "Case 2026-4711, item 7"
    assert agreement.decided_by == "City Council"
    assert partnership.kinds_over_time() == [
        ("sister_city", "2026-12-02"),
        ("cooperation", started),
    ]


def test_promoting_to_the_same_kind_is_refused_and_writes_nothing(aarhus, editor):
    partnership = kiel(aarhus)
    events = partnership.events.count()

    with pytest.raises(ValidationError) as refused:
        partnership_promote(
            partnership=partnership,
            actor=editor,
            to_kind="cooperation",
            on="2026-12-02",
            decided_by="City Council",
        )

    assert "to_kind" in refused.value.message_dict
    assert partnership.events.count() == events


def test_an_ended_partnership_cannot_be_promoted(aarhus, editor):
    partnership = kiel(aarhus)
    partnership_terminate(
        partnership=partnership, actor=editor, on="2026-01-01", decided_by="Council"
    )

    with pytest.raises(ValidationError):
        partnership_promote(
            partnership=partnership,
            actor=editor,
            on="2026-12-02",
            decided_by="City Council",
        )

    partnership.refresh_from_db()
    assert partnership.kind == "cooperation"
    assert partnership.status == PartnershipStatus.TERMINATED


def test_the_public_page_says_since_when_it_has_been_each_kind(client, aarhus, editor):
    partnership_promote(
        partnership=kiel(aarhus),
        actor=editor,
        on="2026-12-02",
        decided_by="City Council",
    )

    english = client.get("/en/partners/kiel/").content.decode()
    danish = client.get("/da/partners/kiel/").content.decode()

    assert "sister city since 2 December 2026, cooperation since 29 May 2019" in english
    assert "venskabsby siden 2. december 2026, samarbejde siden 29. maj 2019" in danish


def test_the_promotion_page_records_the_change_with_todays_agreement(
    editor_client, aarhus
):
    partnership = kiel(aarhus)
    url = reverse("admin:partnerships_partnership_promote", args=[partnership.pk])
    today = timezone.localdate().isoformat()

    page = in_language(editor_client, "en").get(url)
    response = editor_client.post(
        url,
        {
            "to_kind": "sister_city",
            "on": today,
            "decided_by": "City Council",
            "reference": "Case 2026-4711",
            "agreement_kind": "sister_city",
            "agreement_signed_on": today,
            "agreement_title": "Sister city agreement Aarhus–Kiel",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.kind == "sister_city"
    assert partnership.agreements.filter(
        signed_on=today, decision_reference="Case 2026-4711"
    ).exists()


def test_the_promotion_page_is_refused_to_a_viewer(viewer_client, aarhus):
    partnership = kiel(aarhus)
    url = reverse("admin:partnerships_partnership_promote", args=[partnership.pk])

    response = viewer_client.post(
        url, {"to_kind": "sister_city", "on": "2026-12-02", "decided_by": "Council"}
    )

    assert response.status_code == 403
    partnership.refresh_from_db()
    assert partnership.kind == "cooperation"
