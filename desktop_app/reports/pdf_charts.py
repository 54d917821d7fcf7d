"""Horizontal bar charts whose category labels wrap onto more lines instead of being cut, and the
shaped strings every chart label is drawn with (Devanagari, Bengali, Thai, Tibetan... shaped by
HarfBuzz as in paragraphs; Arabic joined and right-to-left text in drawing order, `fonts.clean`;
each letter in a font that has it)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors

from desktop_app.reports.fonts import BODY, BOLD, clean, runs
from desktop_app.reports.shaping import shaped_pieces
from desktop_app.reports.text_breaks import break_offsets, graphemes

LABEL_SIZE = 7.5
LABEL_LEADING = 9.0


def label_pieces(value: str, font: str, size: float) -> list[tuple[str, str, float]]:
    """One line of text (already `clean`: Arabic joined, right-to-left runs in drawing order) as
    (font name, text, width in points) pieces to draw left to right: each run of letters in a
    font of `font`'s chain that has them, the scripts of `shaping.SHAPED_FONTS` shaped by
    HarfBuzz as in paragraphs (`shaping.shaped_pieces`)."""
    return [
        (name, piece, width)
        for name, part in runs(value, font)
        for piece, width in shaped_pieces(part, name, size)
    ]


def drawn_width(value: str, font: str = BODY, size: float = LABEL_SIZE) -> float:
    """Width in points of one line of `clean` text as `text_shape` draws it (shaped)."""
    return sum(width for _name, _piece, width in label_pieces(value, font, size))


def wrap_label(value: str, width: float, font: str = BODY, size: float = LABEL_SIZE) -> list[str]:
    """`value` (as typed) as lines, each `clean` (ready to draw: Arabic joined, right-to-left
    runs in drawing order) and no wider than `width` points as drawn (shaped), broken where a
    line may break (`text_breaks.break_offsets`: between words, also in Thai and Khmer), and
    a word longer than the width between grapheme clusters (never inside an emoji sequence or a
    cluster of letters). Lines follow the typed (logical) order, so a right-to-left label of
    several lines reads from its first line down."""
    text = " ".join(value.split())
    if not text:
        return [""]
    offsets = sorted(break_offsets(text))
    segments = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]
    lines: list[str] = []
    line = ""

    def fits(candidate: str) -> bool:
        return drawn_width(clean(candidate.strip()), font, size) <= width

    for segment in segments:
        if fits(line + segment):
            line += segment
            continue
        if line:
            lines.append(line)
            line = ""
        if fits(segment):
            line = segment
            continue
        for cluster in graphemes(segment):  # wider than a line: broken between graphemes
            if line and not fits(line + cluster):
                lines.append(line)
                line = ""
            line += cluster
    if line:
        lines.append(line)
    return [clean(line.strip()) for line in lines] or [""]


def text_shape(
    x: float,
    y: float,
    value: str,
    *,
    font: str,
    size: float,
    colour: colors.Color,
    anchor: str = "start",
) -> Group:
    """One line of text (already `clean`) as a group of strings, each run of letters in a font
    of `font`'s chain that has them (a chart's String has one font only), shaped as in
    paragraphs (`label_pieces`); `anchor` is start or end."""
    group = Group()
    pieces = label_pieces(value, font, size)
    start = x - sum(width for _n, _p, width in pieces) if anchor == "end" else x
    for name, piece, width in pieces:
        group.add(String(start, y, piece, fontName=name, fontSize=size, fillColor=colour))
        start += width
    return group


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
    chart.categoryAxis.categoryNames = ["" for _lines in wrapped]
    chart.categoryAxis.labels.visible = False  # drawn below, each letter in a font that has it
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
    step = chart.height / max(len(categories), 1)
    for index, lines in enumerate(wrapped):
        # the first category at the top; its lines centred on its group of bars
        middle = chart.y + chart.height - (index + 0.5) * step
        top = middle + (len(lines) - 1) * LABEL_LEADING / 2 - LABEL_SIZE / 3
        for number, line in enumerate(lines):
            drawing.add(
                text_shape(
                    chart.x - 4,
                    top - number * LABEL_LEADING,
                    line,
                    font=BODY,
                    size=LABEL_SIZE,
                    colour=colors.black,
                    anchor="end",
                )
            )
    if title:
        drawing.add(
            text_shape(
                0,
                height - 12,
                clean(title).replace("\n", " "),
                font=BOLD,
                size=9,
                colour=title_colour,
            )
        )
    if len(names) > 1:
        x = chart.x
        for index, name in enumerate(names):
            label = clean(name).replace("\n", " ")
            drawing.add(text_shape(x + 10, 4, label, font=BODY, size=7, colour=legend_colour))
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
            x += 14 + drawn_width(label, BODY, 7) + 6
    return drawing
