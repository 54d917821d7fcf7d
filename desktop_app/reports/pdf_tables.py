"""Tables that any text fits and that cost the same per row however long they are.

- Rows go into page-sized pieces (`CHUNK_ROWS` rows a table, the header repeated), so a split
  at a page end re-measures one piece, never the whole rest of a 10,000-row table.
- A cell is a plain string when it fits on one line in the body font (no Paragraph to lay
  out); otherwise a Paragraph that wraps, and a row may split across pages (`splitInRow`).
- Header words are never broken: a header's font shrinks (down to `MIN_HEADER_SIZE`) until
  its longest word fits its column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.reports.fonts import (
    BOLD,
    drawn_as_typed,
    fits_plain,
    markup,
    string_width,
    text_blocks,
)

CHUNK_ROWS = 40
PADDING = 6.0  # left + right cell padding, points (ReportLab's default 6 + 6 is 12; we set 3 + 3)
MIN_HEADER_SIZE = 6.0
LONG_CELL_CHARS = 1000
# An answer longer than this is set at full width below its table (audit and plan reports): a
# reader follows it more easily than a table row running over pages, and layout stays linear.
LONG_ANSWER_CHARS = 1200


def header_size(value: str, width: float, size: float) -> float:
    """The largest font size (≤ `size`, ≥ `MIN_HEADER_SIZE`) at which every word of `value`
    fits in `width` points, so the header wraps between words only."""
    words = value.split() or [""]
    widest = max(string_width(word, BOLD, 1.0) for word in words)
    if widest <= 0:
        return size
    return max(MIN_HEADER_SIZE, min(size, (width - PADDING - 0.5) / widest))


def _cell(value: Any, style: ParagraphStyle, width: float) -> Any:
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    if fits_plain(text, style.fontName, style.fontSize, width - PADDING):
        return text
    if len(text) > LONG_CELL_CHARS:  # line by line, so a long cell costs linear time
        line = ParagraphStyle(f"{style.name}-line", parent=style, spaceBefore=0, spaceAfter=0)
        return [
            Paragraph(markup(block, style.fontName), line) if block.strip() else Spacer(1, 4)
            for block in text_blocks(text, 1500)
        ]
    return Paragraph(markup(text, style.fontName), style)


def _header_cell(value: Any, style: ParagraphStyle, width: float, size: float) -> Any:
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    fitted = ParagraphStyle(
        f"{style.name}-{size:.1f}",
        parent=style,
        fontSize=size,
        leading=size * 1.22,
        splitLongWords=size <= MIN_HEADER_SIZE,
    )
    return Paragraph(markup(text, style.fontName), fitted)


def page_tables(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool,
    cell_style: ParagraphStyle,
    header_style: ParagraphStyle,
    header_colour: colors.Color,
    zebra: colors.Color,
    rule: colors.Color,
    cell_colours: Mapping[tuple[int, int], colors.Color] | None = None,
) -> list[Table]:
    """The rows as tables of at most `CHUNK_ROWS` body rows each (the header row, if any,
    repeated on each); `cell_colours` is keyed by (column, row) in `rows`."""
    if not rows:
        return []
    if not cell_colours and len(rows) > CHUNK_ROWS and plain_rows(rows):
        return [
            PlainTable(
                [str(cell) for cell in rows[0]] if header else None,
                rows[1:] if header else rows,
                widths,
                cell_style=cell_style,
                header_style=header_style,
                header_colour=header_colour,
                zebra=zebra,
                rule=rule,
            )
        ]
    size = (
        min(
            [  # one size for the whole header row, the one its tightest column needs
                header_size(str(v), w, header_style.fontSize)
                for v, w in zip(rows[0], widths, strict=False)
                if not isinstance(v, Flowable)
            ]
            or [header_style.fontSize]
        )
        if header
        else header_style.fontSize
    )
    head = [_header_cell(v, header_style, w, size) for v, w in zip(rows[0], widths, strict=False)]
    body_start = 1 if header else 0
    if not header:
        head = []
    tables: list[Table] = []
    colour_by_row: dict[int, list[tuple[int, colors.Color]]] = {}
    for (column, row), colour in (cell_colours or {}).items():
        colour_by_row.setdefault(row, []).append((column, colour))
    for start in range(body_start, max(len(rows), body_start + 1), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        if not chunk and tables:
            break
        data: list[list[Any]] = [head] if header else []
        data += [
            [_cell(v, cell_style, w) for v, w in zip(row, widths, strict=False)] for row in chunk
        ]
        offset = 1 if header else 0
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), cell_style.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), cell_style.fontSize),
            ("LEADING", (0, 0), (-1, -1), cell_style.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING / 2),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), header_colour))
            style += [
                ("BACKGROUND", (0, r + offset), (-1, r + offset), zebra)
                for r in range(len(chunk))
                if (start + r) % 2 == 0
            ]
        for r in range(len(chunk)):
            for column, colour in colour_by_row.get(start + r, ()):
                style.append(("BACKGROUND", (column, r + offset), (column, r + offset), colour))
        for column, colour in colour_by_row.get(0, ()) if header else ():
            style.append(("BACKGROUND", (column, 0), (column, 0), colour))
        table = Table(
            data,
            colWidths=list(widths),
            repeatRows=1 if header else 0,
            hAlign="LEFT",
            splitInRow=1,
        )
        table.setStyle(TableStyle(style))
        tables.append(table)
    return tables


def plain_rows(rows: Sequence[Sequence[Any]]) -> bool:
    """True when every cell is text that needs no markup: one paragraph (no line breaks),
    printable, every letter in the main font, nothing to join or reorder (a `PlainTable` can
    draw it)."""
    return all(isinstance(cell, str) and drawn_as_typed(cell) for row in rows for cell in row)


class PlainTable(Flowable):  # type: ignore[misc]
    """A table of plain text drawn straight onto the canvas: cells wrap between words (simple
    line breaking, no markup), rows split across pages with the header repeated. It costs a
    fraction of a ReportLab Table per row, so 10,000 rows lay out in linear time."""

    def __init__(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        cell_style: ParagraphStyle,
        header_style: ParagraphStyle,
        header_colour: colors.Color,
        zebra: colors.Color,
        rule: colors.Color,
        first_index: int = 0,
        _lines: list[list[list[str]]] | None = None,
        _heights: list[float] | None = None,
    ) -> None:
        super().__init__()
        self.header = list(header) if header is not None else None
        self.rows = rows
        self.widths = list(widths)
        self.cell_style = cell_style
        self.header_style = header_style
        self.header_colour = header_colour
        self.zebra = zebra
        self.rule = rule
        self.first_index = first_index
        self._lines = _lines
        self._heights = _heights
        self._header_lines: list[list[str]] = []
        self._header_size: float = float(header_style.fontSize)
        if self.header is not None:
            self._header_size = min(
                header_size(value, width, header_style.fontSize)
                for value, width in zip(self.header, self.widths, strict=False)
            )
            self._header_lines = [
                simpleSplit(value, header_style.fontName, self._header_size, width - PADDING)
                or [""]
                for value, width in zip(self.header, self.widths, strict=False)
            ]

    # measuring ------------------------------------------------------------------------------
    def _row_lines(self) -> list[list[list[str]]]:
        if self._lines is None:
            font, size = self.cell_style.fontName, self.cell_style.fontSize
            self._lines = [
                [
                    [cell]
                    if pdfmetrics.stringWidth(cell, font, size) <= width - PADDING
                    else simpleSplit(cell, font, size, width - PADDING) or [""]
                    for cell, width in zip(row, self.widths, strict=False)
                ]
                for row in self.rows
            ]
        return self._lines

    def _header_height(self) -> float:
        if self.header is None:
            return 0.0
        lines = max(len(cell) for cell in self._header_lines)
        return lines * self._header_size * 1.22 + 6

    def _row_heights(self) -> list[float]:
        if self._heights is None:
            leading = self.cell_style.leading
            self._heights = [
                max(len(cell) for cell in row) * leading + 6 for row in self._row_lines()
            ]
        return self._heights

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self._header_height() + sum(self._row_heights())
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        heights = self._row_heights()
        room = available_height - self._header_height()
        used, count = 0.0, 0
        for height in heights:
            if used + height > room:
                break
            used += height
            count += 1
        if count == 0:
            return self._split_first_row(room)
        return [self._part(0, count), self._part(count, len(self.rows))]

    def _split_first_row(self, room: float) -> list[Flowable]:
        """A single row taller than the room left (a very long answer): its lines are shared
        out, as many as fit here and the rest on the next page, so no text can be too large."""
        leading = self.cell_style.leading
        fits = int((room - 6) // leading)
        lines = self._row_lines()
        if fits < 1 or not lines:
            return []
        first, rest = lines[0], lines[1:]
        head = [cell[:fits] for cell in first]
        tail = [cell[fits:] or [""] for cell in first]
        pieces = [(head, self.rows[:1]), (tail, self.rows[:1])]
        parts: list[Flowable] = []
        for index, (row_lines, row) in enumerate(pieces):
            remaining = [row_lines, *rest] if index == 1 else [row_lines]
            remaining_rows = [*row, *self.rows[1:]] if index == 1 else list(row)
            parts.append(
                PlainTable(
                    self.header,
                    remaining_rows,
                    self.widths,
                    cell_style=self.cell_style,
                    header_style=self.header_style,
                    header_colour=self.header_colour,
                    zebra=self.zebra,
                    rule=self.rule,
                    first_index=self.first_index,
                    _lines=remaining,
                    _heights=[max(len(cell) for cell in r) * leading + 6 for r in remaining],
                )
            )
        return parts

    def _part(self, start: int, end: int) -> PlainTable:
        return PlainTable(
            self.header,
            self.rows[start:end],
            self.widths,
            cell_style=self.cell_style,
            header_style=self.header_style,
            header_colour=self.header_colour,
            zebra=self.zebra,
            rule=self.rule,
            first_index=self.first_index + start,
            _lines=self._row_lines()[start:end],
            _heights=self._row_heights()[start:end],
        )

    # drawing -------------------------------------------------------------------------------
    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        width = sum(self.widths)
        if self.header is not None:
            height = self._header_height()
            canvas.setFillColor(self.header_colour)
            canvas.rect(0, top - height, width, height, stroke=0, fill=1)
            self._text(self._header_lines, top, self.header_style, self._header_size, colors.white)
            top -= height
        heights = self._row_heights()
        bottom = top
        for index, height in enumerate(heights):
            if self.header is not None and (self.first_index + index) % 2 == 1:
                canvas.setFillColor(self.zebra)
                canvas.rect(0, bottom - height, width, height, stroke=0, fill=1)
            bottom -= height
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.4)
        y = top
        for row, height in zip(self._row_lines(), heights, strict=False):
            self._text(row, y, self.cell_style, self.cell_style.fontSize, self.cell_style.textColor)
            y -= height
            canvas.line(0, y, width, y)

    def _text(
        self,
        cells: list[list[str]],
        top: float,
        style: ParagraphStyle,
        size: float,
        colour: colors.Color,
    ) -> None:
        text = self.canv.beginText()
        text.setFont(
            style.fontName, size, size * 1.22 if style is self.header_style else style.leading
        )
        text.setFillColor(colour)
        x = PADDING / 2
        for lines, width in zip(cells, self.widths, strict=False):
            text.setTextOrigin(x, top - 3 - size)
            for line in lines:
                text.textLine(line)
            x += width
        self.canv.drawText(text)
