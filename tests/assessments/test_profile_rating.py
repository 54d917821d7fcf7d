"""The RAG and trend rules a reader of the data profile relies on."""

from __future__ import annotations

import pytest

from desktop_app.profile_rating import format_value, rag_rating, recent_trend, trend_of


@pytest.mark.parametrize(
    ("value", "neighbours", "higher_is_better", "expected"),
    [
        (93, 80, True, "green"),  # timeliness well above neighbours
        (70, 80, True, "red"),
        (82, 80, True, "amber"),  # within 5%
        (80, 80, True, "amber"),  # equal
        (84, 80, True, "amber"),  # exactly 5% is still amber
        (24, 21, False, "red"),  # re-referrals: higher is worse
        (15, 21, False, "green"),
        (21.5, 21, False, "amber"),
        (580, 540, None, None),  # context measure: not rated
        (None, 540, True, None),
        (12, None, True, None),
    ],
)
def test_rag_against_neighbours(
    value: float | None,
    neighbours: float | None,
    higher_is_better: bool | None,
    expected: str | None,
) -> None:
    assert rag_rating(value, neighbours, higher_is_better) == expected


def test_rag_with_a_zero_comparator_uses_the_plain_difference() -> None:
    assert rag_rating(0.0, 0.0, False) == "amber"
    assert rag_rating(1.0, 0.0, False) == "red"


def test_trend_judges_direction_by_higher_is_better() -> None:
    rising = [76, 79, 83, 85, 88]
    improving = trend_of(rising, True)
    assert improving is not None
    assert (improving.direction, improving.judgement, improving.arrow) == (
        "rising",
        "improving",
        "↑",
    )
    worsening = trend_of(rising, False)
    assert worsening is not None and worsening.judgement == "worsening"
    context = trend_of(rising, None)
    assert context is not None and (context.judgement, context.label) == ("context", "Rising")


def test_trend_is_stable_under_two_percent_a_year_and_skips_gaps() -> None:
    stable = trend_of([88, 88.5, None, 88, 89], True)
    assert stable is not None and (stable.direction, stable.periods) == ("stable", 4)
    assert trend_of([None, 5.0, None], True) is None


def test_values_are_shown_with_units() -> None:
    assert format_value(24.0, "%") == "24%"
    assert format_value(22.4, "%") == "22.4%"
    assert format_value(16.5, "cases") == "16.5"
    assert format_value(None, "%") == "–"


def test_the_trend_shown_for_a_year_is_read_over_the_years_up_to_it() -> None:
    """A new user's trial: a decade's slope said "worsening" for a year that fell (lower is
    better), and the first year showed a trend too."""
    second_plans = [12.0, 13.0, 14.0, 15.5, 16.0, 17.5, 18.0, 18.7, 17.5, 17.0]  # lower is better
    last = len(second_plans) - 1
    assert trend_of(second_plans, False).judgement == "worsening"  # type: ignore[union-attr]
    recent = recent_trend(second_plans, last, False)
    assert recent is not None and recent.judgement == "improving" and recent.periods == 3
    assert recent_trend(second_plans, 0, False) is None  # one year has no trend
    assert recent_trend(second_plans, 3, False).judgement == "worsening"  # type: ignore[union-attr]


def test_the_data_profile_opens_on_the_latest_well_filled_year() -> None:
    """After importing the DfE's tables the newest year may hold only the workforce figures; the
    profile opens on the latest year with at least half the figures of the fullest one."""
    from types import SimpleNamespace

    from desktop_app.store.repositories.data_profile import ProfileTable

    indicators = [SimpleNamespace(id=f"i{n}") for n in range(6)]
    values = {(f"i{n}", "2023-24", "council"): 1.0 for n in range(6)}
    values |= {(f"i{n}", "2024-25", "council"): 1.0 for n in range(4)}
    values |= {("i5", "2025-26", "council"): 1.0}
    table = ProfileTable(indicators, ["2023-24", "2024-25", "2025-26"], values, "")  # type: ignore[arg-type]
    assert table.latest_period() == "2025-26"
    assert table.period_to_show() == "2024-25"
    assert ProfileTable([], [], {}, "").period_to_show() is None
