"""The data profile: indicator values per period for a council and its comparators.

Each value belongs to a council, an indicator, a period ("2025-26") and a series: the council's
own figure, its statistical neighbours' average, the region or England. The shipped indicator
catalogue (`desktop_app/data/indicators.yaml`) is stored on first use; users add their own.

CSV exchange (`data template` / `data import`): a header row with exactly the columns
`indicator,period,series,value`, then one row per value. Import is all or nothing: the first bad
row (unknown indicator or series, a period that is not like 2025-26, a non-numeric value, the same
indicator/period/series twice) refuses the whole file, naming the row and column. A row with an
empty value is skipped (the template lists every indicator; fill in what you have).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from desktop_app.profile_rating import Rag, Trend, rag_rating, recent_trend
from desktop_app.store.models import Indicator, IndicatorValue, PublishedProfile
from desktop_app.store.repositories.assessments import AssessmentError, check_period

SERIES: tuple[str, ...] = ("council", "neighbours", "region", "england")
SERIES_LABELS = {
    "council": "Council",
    "neighbours": "Statistical neighbours",
    "region": "Region",
    "england": "England",
}
_IN_A_SENTENCE = {"neighbours": "statistical neighbours", "region": "region", "england": "England"}
CSV_COLUMNS: tuple[str, ...] = ("indicator", "period", "series", "value")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class ProfileImportError(ValueError):
    """A CSV the import refused; `row` counts the header as row 1."""

    def __init__(self, row: int, column: str, problem: str) -> None:
        super().__init__(
            f"Row {row}, column {column}: {problem}; nothing was imported, so fix the file "
            "and import it again."
        )
        self.row = row
        self.column = column


def load_catalogue() -> list[dict[str, Any]]:
    """The shipped indicators as dicts (id, title, unit, higher_is_better, description)."""
    text = resources.files("desktop_app").joinpath("data/indicators.yaml").read_text("utf-8")
    loaded = yaml.safe_load(text)
    return [dict(item) for item in loaded["indicators"]]


def ensure_catalogue(session: Session) -> int:
    """Store the shipped indicators that are not stored yet; how many were added."""
    known = set(session.exec(select(Indicator.id)))
    added = 0
    for order, item in enumerate(load_catalogue()):
        if item["id"] in known:
            continue
        session.add(
            Indicator(
                id=item["id"],
                title=item["title"],
                unit=str(item.get("unit") or ""),
                higher_is_better=item.get("higher_is_better"),
                description=str(item.get("description") or "").strip(),
                sort_order=order,
            )
        )
        added += 1
    session.flush()
    return added


def list_indicators(session: Session) -> list[Indicator]:
    return list(
        session.exec(select(Indicator).order_by(col(Indicator.sort_order), col(Indicator.title)))
    )


def indicator_id_for(title: str) -> str:
    """A stable id from a title: lower case words joined by underscores."""
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return slug[:60] or "indicator"


def add_indicator(
    session: Session,
    title: str,
    *,
    unit: str = "",
    higher_is_better: bool | None = None,
    description: str = "",
) -> Indicator:
    """The user's own indicator, after the catalogue in order."""
    title = title.strip()
    if not title:
        raise AssessmentError("Give the indicator a title.")
    base = indicator_id_for(title)
    indicator_id, suffix = base, 2
    while session.get(Indicator, indicator_id) is not None:
        indicator_id, suffix = f"{base}_{suffix}", suffix + 1
    last = session.exec(select(Indicator.sort_order).order_by(col(Indicator.sort_order).desc()))
    indicator = Indicator(
        id=indicator_id,
        title=title,
        unit=unit.strip(),
        higher_is_better=higher_is_better,
        description=description.strip(),
        user_defined=True,
        sort_order=(last.first() or 0) + 1,
    )
    session.add(indicator)
    session.flush()
    return indicator


def set_value(
    session: Session,
    organisation_id: int,
    indicator_id: str,
    period: str,
    series: str,
    value: float | None,
) -> None:
    """Store (or with None remove) one value."""
    if series not in SERIES:
        raise AssessmentError(f'"{series}" is not a series; use one of {", ".join(SERIES)}.')
    existing = session.exec(
        select(IndicatorValue).where(
            IndicatorValue.organisation_id == organisation_id,
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.period == period,
            IndicatorValue.series == series,
        )
    ).first()
    if value is None:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(
            IndicatorValue(
                organisation_id=organisation_id,
                indicator_id=indicator_id,
                period=check_period(period),
                series=series,
                value=value,
            )
        )
    else:
        existing.value = value
        session.add(existing)
    session.flush()


def current_data_period(today: date | None = None) -> str:
    """The latest full year (April to March) that has ended: in November 2026, "2025-26"."""
    today = today or date.today()
    start = today.year - 2 if today.month < 4 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def template_csv(indicator_ids: Sequence[str], period: str) -> str:
    """The CSV to fill: every indicator and series for the period, values empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for indicator_id in indicator_ids:
        for series in SERIES:
            writer.writerow([indicator_id, period, series, ""])
    return out.getvalue()


@dataclass(frozen=True)
class ProfileValue:
    indicator_id: str
    period: str
    series: str
    value: float


def read_profile_csv(text: str, indicator_ids: set[str]) -> list[ProfileValue]:
    """Every filled row of the CSV, or ProfileImportError for the first bad one."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ProfileImportError(1, "indicator", "the header row is missing")
    header = [cell.strip().lower() for cell in rows[0]]
    for name in header:
        if name not in CSV_COLUMNS:
            raise ProfileImportError(1, name or "(blank)", f"only {','.join(CSV_COLUMNS)} belong")
    for name in CSV_COLUMNS:
        if name not in header:
            raise ProfileImportError(1, name, "the column is missing from the header")
    position = {name: header.index(name) for name in CSV_COLUMNS}
    seen: dict[tuple[str, str, str], int] = {}
    values: list[ProfileValue] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in position.items()}
        if cells["indicator"] not in indicator_ids:
            raise ProfileImportError(
                number, "indicator", f'"{cells["indicator"]}" is not an indicator in the catalogue'
            )
        try:
            period = check_period(cells["period"])
        except AssessmentError:
            raise ProfileImportError(
                number, "period", f'"{cells["period"]}" is not a period like 2025-26'
            ) from None
        if cells["series"] not in SERIES:
            raise ProfileImportError(
                number,
                "series",
                f'"{cells["series"]}" is not one of {", ".join(SERIES)}',
            )
        raw = cells["value"]
        if raw == "":
            continue
        if not _NUMBER.match(raw) or not math.isfinite(float(raw)):
            raise ProfileImportError(
                number, "value", f'"{raw}" is not a number (write digits only, e.g. 12.5)'
            )
        key = (cells["indicator"], period, cells["series"])
        if key in seen:
            raise ProfileImportError(
                number, "indicator", f"the same indicator, period and series is on row {seen[key]}"
            )
        seen[key] = number
        values.append(ProfileValue(key[0], period, key[2], float(raw)))
    return values


def import_profile_csv(session: Session, path: Path, organisation_id: int) -> int:
    """Store every value of the file or none of them; how many values were stored."""
    ensure_catalogue(session)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProfileImportError(
            1, "indicator", "the file is not UTF-8 text (save it as CSV UTF-8)"
        ) from None
    values = read_profile_csv(text, {item.id for item in list_indicators(session)})
    for item in values:
        set_value(session, organisation_id, item.indicator_id, item.period, item.series, item.value)
    return len(values)


@dataclass
class ProfileTable:
    """All of a council's values, with ratings and trends worked out on request."""

    indicators: list[Indicator]
    periods: list[str]  # oldest first
    values: dict[tuple[str, str, str], float]
    # Which neighbours' figure the published figures show ("mean" or "median"); "" when the
    # values were entered by hand (whatever figure the user typed).
    neighbours_shown: str = ""

    @property
    def neighbours_label(self) -> str:
        """How the neighbours' series is named: "statistical neighbours' median" etc."""
        if self.neighbours_shown in {"mean", "median"}:
            return f"statistical neighbours' {self.neighbours_shown}"
        return "statistical neighbours"

    def value(self, indicator_id: str, period: str, series: str = "council") -> float | None:
        return self.values.get((indicator_id, period, series))

    def rating(self, indicator: Indicator, period: str, against: str = "neighbours") -> Rag | None:
        return rag_rating(
            self.value(indicator.id, period),
            self.value(indicator.id, period, against),
            indicator.higher_is_better,
        )

    def over_periods(self, indicator_id: str, series: str = "council") -> list[float | None]:
        return [self.value(indicator_id, period, series) for period in self.periods]

    def trend(self, indicator: Indicator, period: str | None = None) -> Trend | None:
        """The council's trend over the last ``TREND_PERIODS`` years up to ``period`` (the
        latest when None); None with fewer than two values."""
        periods = self.periods
        end = periods.index(period) if period in periods else len(periods) - 1
        return recent_trend(self.over_periods(indicator.id), end, indicator.higher_is_better)

    def latest_period(self) -> str | None:
        return self.periods[-1] if self.periods else None

    def period_to_show(self) -> str | None:
        """The latest period with at least half as many of the council's figures as its
        best-covered period: the DfE publishes tables at different times, so the newest year
        may hold only the workforce figures, an almost empty first view."""
        counts = {
            period: sum(
                1 for indicator in self.indicators if self.value(indicator.id, period) is not None
            )
            for period in self.periods
        }
        if not counts:
            return None
        best = max(counts.values())
        return next(
            (period for period in reversed(self.periods) if counts[period] * 2 >= best),
            self.latest_period(),
        )


def profile_table(session: Session, organisation_id: int) -> ProfileTable:
    rows = session.exec(
        select(IndicatorValue).where(IndicatorValue.organisation_id == organisation_id)
    )
    values = {(row.indicator_id, row.period, row.series): row.value for row in rows}
    periods = sorted({period for _, period, _ in values})
    published = session.get(PublishedProfile, organisation_id)
    shown = published.neighbours_shown if published is not None else ""
    return ProfileTable(list_indicators(session), periods, values, shown)


def profile_rows(table: ProfileTable, period: str | None = None) -> list[dict[str, Any]]:
    """One plain row per indicator and period (for `data list` and tables)."""
    rows: list[dict[str, Any]] = []
    for indicator in table.indicators:
        for each in [period] if period else table.periods:
            if not any(table.value(indicator.id, each, series) is not None for series in SERIES):
                continue
            trend = table.trend(indicator, each)
            rows.append(
                {
                    "indicator": indicator.id,
                    "title": indicator.title,
                    "unit": indicator.unit,
                    "period": each,
                    **{series: table.value(indicator.id, each, series) for series in SERIES},
                    "rag": table.rating(indicator, each),
                    "trend": None if trend is None else trend.label,
                }
            )
    return rows


def citation(table: ProfileTable, indicator: Indicator, period: str) -> str:
    """One sentence citing an indicator in an answer, e.g. "Re-referrals within 12 months: 24% in
    2025-26 (statistical neighbours 21%, region 22.4%, England 22%; red against neighbours;
    worsening over 5 years)."""
    from desktop_app.profile_rating import format_value

    def shown(series: str) -> str:
        return format_value(table.value(indicator.id, period, series), indicator.unit)

    words = {**_IN_A_SENTENCE, "neighbours": table.neighbours_label}
    comparators = ", ".join(
        f"{words[series]} {shown(series)}"
        for series in SERIES[1:]
        if table.value(indicator.id, period, series) is not None
    )
    notes = [comparators] if comparators else []
    rating = table.rating(indicator, period)
    if rating is not None:
        notes.append(f"{rating} against neighbours")
    trend = table.trend(indicator, period)
    if trend is not None:
        notes.append(f"{trend.label.lower()} over {trend.periods} years")
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"{indicator.title}: {shown('council')} in {period}{tail}."
