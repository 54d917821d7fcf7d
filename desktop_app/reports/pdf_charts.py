"""Horizontal bar charts whose category labels wrap onto more lines instead of being cut."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from desktop_app.reports.fonts import BODY, BOLD, clean

LABEL_SIZE = 7.5
LABEL_LEADING = 9.0


def wrap_label(value: str, width: float, font: str = BODY, size: float = LABEL_SIZE) -> list[str]:
    """`value` as lines no wider than `width` points, broken between words (a word longer
    than the width is broken inside)."""
    lines = simpleSplit(clean(value).replace("\n", " "), font, size, width)
    return lines or [""]


def bar_chart_drawing(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    colours: Sequence[str],
    title: str,
    value_max: float | None,
    width: float,
    label_width: float,
    title_colour: colors.Color,
    legend_colour: colors.Color,
) -> Drawing:
    """One group of bars per category, one bar per series, values at the bar ends; each
    category's label wrapped to `label_width` points and its group as tall as its label."""
    names = list(series)
    bar_height = 7
    wrapped = [wrap_label(c, label_width - 6) for c in categories]
    group = [max(bar_height * len(names) + 6, len(lines) * LABEL_LEADING + 4) for lines in wrapped]
    # HorizontalBarChart gives every category the same height: the tallest label's.
    per_category = max(group)
    height = max(60.0, len(categories) * per_category + 40)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 20
    chart.width = width - chart.x - 20
    chart.height = height - 40
    chart.data = [list(reversed([float(v) for v in series[name]])) for name in names]
    chart.categoryAxis.categoryNames = list(reversed(["\n".join(lines) for lines in wrapped]))
    chart.categoryAxis.labels.fontName = BODY
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.leading = LABEL_LEADING
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.valueAxis.valueMin = 0
    maximum = value_max if value_max is not None else max([max(v) for v in chart.data if v] + [1.0])
    chart.valueAxis.valueMax = maximum
    chart.valueAxis.labels.fontName = BODY
    chart.valueAxis.labels.fontSize = 7
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = BODY
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    for index, _name in enumerate(names):
        chart.bars[index].fillColor = colors.HexColor(colours[index % len(colours)])
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if title:
        drawing.add(
            String(0, height - 12, clean(title), fontName=BOLD, fontSize=9, fillColor=title_colour)
        )
    if len(names) > 1:
        x = chart.x
        for index, name in enumerate(names):
            drawing.add(
                String(x + 10, 4, clean(name), fontName=BODY, fontSize=7, fillColor=legend_colour)
            )
            drawing.add(
                Rect(
                    x,
                    3,
                    7,
                    7,
                    fillColor=colors.HexColor(colours[index % len(colours)]),
                    strokeColor=None,
                )
            )
            x += 14 + len(name) * 4.2
    return drawing
