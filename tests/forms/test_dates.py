"""Dates as people type them (14/05/2026, 14 May 2026, 2026-05-14), stored ISO, shown "14 May 2026"."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from forms.dates import display_date, long_date, parse_date_text


def test_uk_typing_is_understood_day_first() -> None:
    assert parse_date_text("14/05/2026") == date(2026, 5, 14)
    assert parse_date_text("4/5/2026") == date(2026, 5, 4)
    assert parse_date_text(" 14.05.2026 ") == date(2026, 5, 14)
    assert parse_date_text("2026-05-14") == date(2026, 5, 14)
    assert parse_date_text("14 May 2026") == date(2026, 5, 14)
    assert parse_date_text("14 sept 2026") == date(2026, 9, 14)
    assert long_date(date(2026, 5, 14)) == "14 May 2026"
    assert display_date("2026-05-14") == "14 May 2026"


def test_half_typed_or_impossible_dates_are_not_guessed() -> None:
    for text in ("14/05/26", "14/05", "31/02/2026", "14052026", "14 Ma 2026", "", "next week"):
        assert parse_date_text(text) is None, text
    assert display_date("not a date") == "not a date"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_reads_back_in_each_way_it_is_written(value: date) -> None:
    assert parse_date_text(long_date(value)) == value
    assert parse_date_text(value.strftime("%d/%m/%Y")) == value
    assert parse_date_text(value.isoformat()) == value


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_none_never_an_error(text: str) -> None:
    result = parse_date_text(text)
    assert result is None or isinstance(result, date)


def test_dates_people_read_have_no_leading_zero() -> None:
    from datetime import date, datetime

    from forms.answer_words import people_date, people_moment

    assert people_date(date(2026, 11, 6)) == "6 November 2026"
    assert people_date(date(2026, 11, 6), short=True) == "6 Nov 2026"
    assert people_date("2026-05-14") == "14 May 2026"
    assert people_date("2026-11-06T09:05:00", short=True) == "6 Nov 2026"
    assert people_date("soon") == "soon"
    moment = datetime(2026, 11, 6, 9, 5, 7)
    assert people_moment(moment) == "6 Nov 2026 09:05"
    assert people_moment(moment, year=False) == "6 Nov 09:05"
    assert people_moment(moment, seconds=True) == "6 Nov 2026 09:05:07"
