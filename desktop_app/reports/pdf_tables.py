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
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.reports.fonts import BOLD, fits_plain, markup, string_width, text_blocks

CHUNK_ROWS = 40
PADDING = 6.0  # left + right cell padding, points (ReportLab's default 6 + 6 is 12; we set 3 + 3)
MIN_HEADER_SIZE = 6.0
LONG_CELL_CHARS = 1000


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


def _header_cell(value: Any, style: ParagraphStyle, width: float) -> Any:
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    size = header_size(text, width, style.fontSize)
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
    head = [_header_cell(v, header_style, w) for v, w in zip(rows[0], widths, strict=False)]
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
