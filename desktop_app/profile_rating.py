"""RAG ratings against a comparator and trends over periods: plain arithmetic, no storage.

The RAG rule (used everywhere a rating is shown, in the app and in reports):
    compare the council's value with the comparator (statistical neighbours' average unless
    another series is named) as a relative difference, (value - comparator) / |comparator|;
    - amber: within 5% either side (equal included);
    - green: better by more than 5%;
    - red:   worse by more than 5%;
    "better" means higher when the indicator's `higher_is_better` is true and lower when it is
    false. Context indicators (`higher_is_better` null: demand, rates per 10,000) and missing
    values get no rating. A comparator of 0 is compared by absolute difference (within 0.05).

The trend rule: the least-squares slope of the council's values over the periods that have one,
as a share of their mean per year; under 2% a year either way is "stable", otherwise "rising" or
"falling", judged "improving" or "worsening" by `higher_is_better` ("context" when it is null).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Rag = Literal["green", "amber", "red"]
Direction = Literal["rising", "falling", "stable"]
Judgement = Literal["improving", "worsening", "stable", "context"]

RAG_TOLERANCE = 0.05
TREND_TOLERANCE = 0.02
RAG_LABELS: dict[str, str] = {"green": "Green", "amber": "Amber", "red": "Red"}


def relative_difference(value: float, comparator: float) -> float:
    """(value - comparator) / |comparator|; the plain difference when the comparator is 0."""
    if comparator == 0:
        return value - comparator
    return (value - comparator) / abs(comparator)


def rag_rating(
    value: float | None,
    comparator: float | None,
    higher_is_better: bool | None,
    tolerance: float = RAG_TOLERANCE,
) -> Rag | None:
    """Green, amber or red by the rule in this module's docstring; None when not rated."""
    if value is None or comparator is None or higher_is_better is None:
        return None
    if not (math.isfinite(value) and math.isfinite(comparator)):
        return None
    difference = relative_difference(value, comparator)
    if abs(difference) <= tolerance:
        return "amber"
    better = difference > 0 if higher_is_better else difference < 0
    return "green" if better else "red"


@dataclass(frozen=True)
class Trend:
    direction: Direction
    judgement: Judgement
    change_per_year: float  # slope as a share of the mean, e.g. 0.04 = rising 4% a year
    periods: int  # how many values it was computed from

    @property
    def arrow(self) -> str:
        return {"rising": "↑", "falling": "↓", "stable": "→"}[self.direction]

    @property
    def label(self) -> str:
        if self.judgement == "context":
            return self.direction.capitalize()
        return self.judgement.capitalize()


def trend_of(
    values: Sequence[float | None],
    higher_is_better: bool | None,
    tolerance: float = TREND_TOLERANCE,
) -> Trend | None:
    """The trend of values in period order (None for a period with no value); None when fewer
    than two periods have a value."""
    points = [(float(index), value) for index, value in enumerate(values) if value is not None]
    if len(points) < 2:
        return None
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    relative = slope / abs(mean_y) if mean_y else slope
    direction: Direction = "rising" if relative > 0 else "falling"
    if abs(relative) < tolerance:
        direction = "stable"
    judgement: Judgement
    if higher_is_better is None:
        judgement = "context"
    elif direction == "stable":
        judgement = "stable"
    else:
        judgement = "improving" if (direction == "rising") == higher_is_better else "worsening"
    return Trend(direction, judgement, relative, count)


TREND_PERIODS = 3
"""A trend is read over the last three years up to the year shown: long enough not to be one
year's noise, short enough to say where this year stands (a slope over a decade of figures can
point the other way from the last two years)."""


def recent_trend(
    values: Sequence[float | None], end: int, higher_is_better: bool | None
) -> Trend | None:
    """``trend_of`` over the ``TREND_PERIODS`` periods ending at index ``end`` (inclusive) of
    ``values`` (period order); None when fewer than two of them have a value."""
    if end < 0:
        return None
    return trend_of(values[max(0, end - TREND_PERIODS + 1) : end + 1], higher_is_better)


def format_value(value: float | None, unit: str) -> str:
    """A value as a table shows it: one decimal place at most, with % for percentages."""
    if value is None:
        return "–"
    text = (
        f"{value:.1f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{value:.0f}"
    )
    return f"{text}%" if unit == "%" else text
