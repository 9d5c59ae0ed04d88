"""Recording a partnership's life: events, status, history, and lost updates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from twinning.core.services import StaleVersionError
from twinning.partnerships.choices import EventKind, PartnershipStatus
from twinning.partnerships.models import Partnership
from twinning.partnerships.selectors import partnerships_active_on
from twinning.partnerships.services import (
    partnership_add_event,
    partnership_event_delete,
    partnership_terminate,
    partnership_update,
)

pytestmark = pytest.mark.django_db


def get(slug):
    return Partnership.objects.get(slug=slug)


def active_on(day):
    return partnerships_active_on(Partnership.objects.all(), day=day)


def test_terminating_a_partnership_records_the_decision_and_ends_it(editor):
    partnership = get("rostock")

    event = partnership_terminate(
        partnership=partnership,
        actor=editor,
        on="2026-11-12",
        decided_by="City Council",
        reference="Case 2026-123",
        reason="Ended by mutual agreement",
    )

    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.TERMINATED
    assert partnership.ended == "2026-11-12"
    assert event.decided_by == "City Council"
    assert not Partnership.objects.current().filter(slug="rostock").exists()


def test_a_terminated_partnership_leaves_the_list_of_those_active_today(editor):
    partnership = get("rostock")
    assert active_on(dt.date(2026, 11, 29)).filter(pk=partnership.pk).exists()

    partnership_terminate(
        partnership=partnership,
        actor=editor,
        on="2026-11-12",
        decided_by="City Council",
    )

    assert not active_on(dt.date(2026, 11, 29)).filter(pk=partnership.pk)
    assert active_on(dt.date(2000, 1, 1)).filter(pk=partnership.pk).exists()


def test_a_limited_partnership_is_active_again_once_resumed(editor):
    harbin = get("harbin")
    assert harbin.status == PartnershipStatus.LIMITED

    partnership_add_event(
        partnership=harbin, actor=editor, kind=EventKind.RESUMED, date="2026-06"
    )

    harbin.refresh_from_db()
    assert harbin.status == PartnershipStatus.ACTIVE


def test_removing_an_event_derives_the_status_again(editor):
    harbin = get("harbin")
    limited = harbin.events.get(kind=EventKind.LIMITED)

    partnership_event_delete(event=limited, actor=editor)

    harbin.refresh_from_db()
    assert harbin.status == PartnershipStatus.ACTIVE


def test_history_records_each_change_with_the_acting_user(editor):
    partnership = get("turku")

    partnership_update(
        partnership=partnership,
        actor=editor,
        expected_version=partnership.version,
        description_en="Turku: Finland's oldest city.",
    )

    newest = partnership.history.first()
    assert newest.history_user == editor
    assert newest.description_en == "Turku: Finland's oldest city."
    assert partnership.history.count() >= 2


def test_history_keeps_every_language(editor):
    partnership = get("turku")
    with translation.override("en"):
        partnership_update(
            partnership=partnership,
            actor=editor,
            expected_version=partnership.version,
            description_da="Turku er Finlands ældste by.",
        )

    assert partnership.history.first().description_da == "Turku er Finlands ældste by."


def test_the_second_of_two_editors_saving_the_same_version_is_refused(editor, viewer):
    first_editor_copy = get("bergen")
    second_editor_copy = get("bergen")
    version_read = first_editor_copy.version

    partnership_update(
        partnership=first_editor_copy,
        actor=editor,
        expected_version=version_read,
        description_en="First editor's text.",
    )
    with pytest.raises(StaleVersionError) as error:
        partnership_update(
            partnership=second_editor_copy,
            actor=editor,
            expected_version=version_read,
            description_en="Second editor's text.",
        )

    assert "Someone else changed this partnership" in " ".join(error.value.messages)
    bergen = get("bergen")
    assert bergen.description_en == "First editor's text."
    assert bergen.version == version_read + 1


def test_an_event_recorded_against_an_old_version_is_refused(editor):
    partnership = get("kujalleq")
    version_read = partnership.version
    partnership_update(
        partnership=get("kujalleq"),
        actor=editor,
        expected_version=version_read,
        internal_note="Changed meanwhile.",
    )

    with pytest.raises(ValidationError):
        partnership_add_event(
            partnership=partnership,
            actor=editor,
            kind=EventKind.LIMITED,
            date="2026-01",
            expected_version=version_read,
        )

    assert get("kujalleq").status == PartnershipStatus.ACTIVE
