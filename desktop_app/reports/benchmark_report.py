"""The benchmark PDF: for each indicator, the council's rank and quartile among its region's LAs
and its statistical neighbours over the years, and the distribution as a chart (one column of
dots per year: every LA of the group, the council marked, the group's median as a bar)."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop_app.profile_rating import format_value
from desktop_app.reports.base import GREY, NAVY, RULE, TEAL, ReportDocument

if TYPE_CHECKING:
    from collections.abc import Sequence

    from audit_tool.published.benchmark import IndicatorBenchmark
    from audit_tool.published.figures import LocalAuthority

COUNCIL = colors.HexColor("#b3261e")


def distribution_drawing(indicator: IndicatorBenchmark, width: float = 170 * mm) -> Drawing:
    """Dots for every ranked LA of the group per year, the council in red, the median a bar."""
    height = 55 * mm
    drawing = Drawing(width, height)
    years = indicator.years
    values = [entry.value for year in years for entry in year.entries if entry.value is not None]
    if not years or not values:
        return drawing
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    left, bottom, top = 16 * mm, 10 * mm, height - 6 * mm

    def y_of(value: float) -> float:
        return float(bottom + (value - low) / (high - low) * (top - bottom))

    for fraction in (0.0, 0.5, 1.0):
        value = low + fraction * (high - low)
        drawing.add(Line(left, y_of(value), width, y_of(value), strokeColor=RULE))
        drawing.add(
            String(
                left - 2,
                y_of(value) - 3,
                format_value(value, indicator.unit),
                fontSize=7,
                fillColor=GREY,
                textAnchor="end",
            )
        )
    step = (width - left) / len(years)
    for index, year in enumerate(years):
        x = left + step * (index + 0.5)
        ranked = [entry.value for entry in year.entries if entry.value is not None]
        for entry in year.entries:
            if entry.value is None or entry.is_council:
                continue
            drawing.add(Circle(x, y_of(entry.value), 1.6, fillColor=TEAL, strokeColor=None))
        if ranked:
            middle = y_of(statistics.median(ranked))
            drawing.add(Line(x - 5, middle, x + 5, middle, strokeColor=NAVY, strokeWidth=1.5))
        council = next((e for e in year.entries if e.is_council and e.value is not None), None)
        if council is not None and council.value is not None:
            drawing.add(
                Circle(x, y_of(council.value), 3, fillColor=COUNCIL, strokeColor=colors.white)
            )
        drawing.add(String(x, 2, year.period, fontSize=6.5, fillColor=GREY, textAnchor="middle"))
    return drawing


def write_benchmark_pdf(
    authority: LocalAuthority,
    neighbour_model: str,
    neighbours: Sequence[tuple[str, str]],
    indicators: Sequence[IndicatorBenchmark],
    out: Path,
) -> int:
    """Write the benchmark report of ``authority`` (its ``neighbours`` as (code, name) from
    ``neighbour_model``; ``indicators`` from :func:`desktop_app.app.benchmark.build_benchmark`)
    to ``out``; returns the number of indicator-years shown."""
    report = ReportDocument(
        out,
        title="Benchmark",
        council=authority.name,
        status="Published statistics",
    )
    names = ", ".join(name for _, name in neighbours)
    report.cover(
        f"{authority.name} against the LAs of {authority.region_name} and its statistical "
        "neighbours",
        [
            ("LA code", f"{authority.old_code} ({authority.new_code})"),
            ("Region", authority.region_name),
            ("Neighbour model", neighbour_model),
            ("Statistical neighbours", names),
            (
                "Source",
                "DfE published children's social care statistics (Explore Education "
                "Statistics); ONS mid-year population for rates per 10,000.",
            ),
            (
                "Reading the figures",
                "Rank 1 is the best figure where higher or lower is better, "
                "else the highest; quartile 1 is the best quarter. "
                "Suppressed cells are not ranked.",
            ),
        ],
    )
    shown = 0
    for indicator in indicators:
        report.heading(indicator.title, 1)
        direction = {True: "higher is better", False: "lower is better", None: "context measure"}
        report.paragraph(
            f"{indicator.unit or 'value'}; {direction[indicator.higher_is_better]}. Red: "
            f"{authority.name}; dots: the LAs of the region and the neighbours; bar: their median.",
            "Small",
        )
        report.story.append(distribution_drawing(indicator))
        rows: list[list[str]] = [
            ["Year", authority.name, "Rank", "Quartile", "England rank", "Region", "England"]
        ]
        for year in indicator.years:
            council = next((e for e in year.entries if e.is_council), None)
            value = (
                format_value(council.value, indicator.unit)
                if council and council.value is not None
                else (
                    f"suppressed ({council.suppressed})" if council and council.suppressed else "–"
                )
            )
            rows.append(
                [
                    year.period,
                    value,
                    f"{year.council_rank} of {year.ranked}" if year.council_rank else "–",
                    str(year.quartile or "–"),
                    f"{year.england_rank} of {year.england_ranked}" if year.england_rank else "–",
                    format_value(year.region_value, indicator.unit),
                    format_value(year.england_value, indicator.unit),
                ]
            )
            shown += 1
        report.table(rows, [20 * mm, 28 * mm, 22 * mm, 18 * mm, 28 * mm, 24 * mm, 24 * mm])
    report.build()
    return shown
