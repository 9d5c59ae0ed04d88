import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from twinning.core.dates import (
    PartialDate,
    Precision,
    ends_before_start,
    exact_iso_date,
)


@pytest.mark.parametrize(
    ("text", "precision", "english", "danish"),
    [
        ("1946", Precision.YEAR, "1946", "1946"),
        ("2009-10", Precision.MONTH, "October 2009", "oktober 2009"),
        ("2022-03-09", Precision.DAY, "9 March 2022", "9. marts 2022"),
        ("1962~", Precision.CIRCA, "c. 1962", "ca. 1962"),
        ("196X", Precision.DECADE, "the 1960s", "1960'erne"),
        ("196X-early", Precision.DECADE, "the early 1960s", "begyndelsen af 1960'erne"),
        ("196X-mid", Precision.DECADE, "the mid-1960s", "midten af 1960'erne"),
        ("198X-late", Precision.DECADE, "the late 1980s", "slutningen af 1980'erne"),
    ],
)
def test_a_partial_date_is_printed_at_its_precision(text, precision, english, danish):
    date = PartialDate.parse(text)

    assert date.precision is precision
    assert date.isoformat() == text
    assert date.format("en") == english
    assert date.format("da") == danish


def test_a_partial_date_prints_in_the_active_language():
    with translation.override("da"):
        assert PartialDate.parse("2022-04").format() == "april 2022"


@pytest.mark.parametrize(
    "text",
    ["22", "2022-13", "2022-02-30", "2022/03/09", "March 2022", "19XX", "196X-soon"],
)
def test_text_that_is_no_partial_date_is_refused_with_the_value(text):
    with pytest.raises(ValidationError) as error:
        PartialDate.parse(text)

    assert text in str(error.value)


def test_a_partial_date_knows_the_first_and_last_day_it_can_mean():
    assert str(PartialDate.parse("2024-02").earliest) == "2024-02-01"
    assert str(PartialDate.parse("2024-02").latest) == "2024-02-29"
    assert str(PartialDate.parse("2021").latest) == "2021-12-31"
    assert str(PartialDate.parse("196X").earliest) == "1960-01-01"
    assert str(PartialDate.parse("196X").latest) == "1969-12-31"
    assert str(PartialDate.parse("196X-early").latest) == "1963-12-31"
    assert str(PartialDate.parse("196X-late").earliest) == "1966-01-01"
    assert str(PartialDate.parse("1962~").latest) == "1962-12-31"


def test_approximate_dates_sort_among_the_exact_ones_as_their_text_does():
    texts = ["1970", "196X-early", "1969", "1962~", "1962-12-31", "1963", "196X"]
    dates = sorted(PartialDate.parse(text) for text in texts)

    assert [date.isoformat() for date in dates] == sorted(texts)
    assert [date.isoformat() for date in dates][:2] == ["1962-12-31", "1962~"]
    assert [date.isoformat() for date in dates][-1] == "1970"


def test_machines_get_only_dates_they_can_read():
    assert exact_iso_date("2009-10") == "2009-10"
    assert exact_iso_date("196X-early") is None
    assert exact_iso_date("1962~") is None
    assert exact_iso_date("") is None


@pytest.mark.parametrize(
    ("start", "end", "before"),
    [
        ("2022-04", "2022", False),
        ("2022-04", "2022-03", True),
        ("2022-04-02", "2022-04-01", True),
        ("2022", "2022-01-01", False),
        ("2023", "2022-12-31", True),
        ("", "2022", False),
        ("2022", "", False),
    ],
)
def test_an_end_is_before_a_start_only_when_no_day_of_it_can_follow(start, end, before):
    assert ends_before_start(start, end) is before


def test_the_back_office_forms_name_the_approximate_forms_in_danish():
    from twinning.partnerships.models import PartnershipEvent

    field = PartnershipEvent._meta.get_field("date").formfield()
    with translation.override("da"):
        assert "196X (1960'erne)" in str(field.help_text)
    assert "1962~ (about 1962)" in str(field.help_text)
