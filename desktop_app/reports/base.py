"""The house style for every PDF: cover, contents, headings, tables, charts, and on every page the
council, the status and "page n of N", with a DRAFT watermark on drafts. Written atomically.

Any text prints: letters in the shipped Unicode fonts (`fonts`), paragraphs and table rows split
across pages (`pdf_tables`), one layout pass with pages written as they fill (`pdf_pages`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app.errors import Cancelled
from desktop_app.output_files import put_in_place
from desktop_app.progress import NoProgress, ProgressSink
from desktop_app.reports.fonts import (
    BODY,
    BOLD,
    draw_string,
    markup,
    register_fonts,
    text_blocks,
)
from desktop_app.reports.pdf_charts import bar_chart_drawing
from desktop_app.reports.pdf_pages import (
    TOTAL_FORM,
    ContentsEntry,
    OnePassCanvas,
    OnePassDocument,
)
from desktop_app.reports.pdf_tables import page_tables
from forms.answer_words import people_date

__all__ = ["NAVY", "TEAL", "Cancelled", "ReportDocument", "grade_colour"]

NAVY = colors.HexColor("#1f3b57")
TEAL = colors.HexColor("#2bb3a3")
GREY = colors.HexColor("#52667a")
RULE = colors.HexColor("#dde4ec")
ZEBRA = colors.HexColor("#f5f7fa")
RAG = {
    "green": colors.HexColor("#2e7d32"),
    "amber": colors.HexColor("#f0a202"),
    "red": colors.HexColor("#b3261e"),
}


def grade_colour(hex_colour: str | None) -> colors.Color:
    return colors.HexColor(hex_colour) if hex_colour else GREY


def _styles() -> StyleSheet1:
    register_fonts()
    base = getSampleStyleSheet()
    sheet = StyleSheet1()
    body = ParagraphStyle("Body", parent=base["BodyText"], fontName=BODY, fontSize=10, leading=14)
    sheet.add(body)
    sheet.add(ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11, textColor=GREY))
    sheet.add(
        ParagraphStyle(
            "Title",
            parent=body,
            fontName=BOLD,
            fontSize=26,
            leading=32,
            textColor=NAVY,
            spaceAfter=12,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Subtitle", parent=body, fontSize=14, leading=18, textColor=GREY, spaceAfter=24
        )
    )
    sheet.add(
        ParagraphStyle(
            "Heading1",
            parent=body,
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=NAVY,
            spaceBefore=6,
            spaceAfter=8,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Heading2",
            parent=body,
            fontName=BOLD,
            fontSize=12,
            leading=16,
            textColor=NAVY,
            spaceBefore=8,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Heading3",
            parent=body,
            fontName=BOLD,
            fontSize=10,
            leading=14,
            textColor=GREY,
            spaceBefore=4,
            spaceAfter=2,
        )
    )
    sheet.add(
        ParagraphStyle(
            "TableHeader",
            parent=body,
            fontName=BOLD,
            fontSize=9,
            leading=11,
            textColor=colors.white,
        )
    )
    sheet.add(ParagraphStyle("TableCell", parent=body, fontSize=9, leading=11.5))
    sheet.add(
        ParagraphStyle(
            "Alert",
            parent=body,
            fontName=BOLD,
            textColor=colors.white,
            backColor=RAG["red"],
            borderPadding=6,
            spaceBefore=6,
            spaceAfter=10,
        )
    )
    sheet.add(ParagraphStyle("TocLevel0", parent=body, fontSize=11, leading=18, leftIndent=0))
    sheet.add(
        ParagraphStyle(
            "TocLevel1", parent=body, fontSize=9.5, leading=14, leftIndent=14, textColor=GREY
        )
    )
    sheet.add(ParagraphStyle("Centre", parent=body, alignment=TA_CENTER))
    return sheet


def text(value: Any) -> str:
    """Plain text made safe for a Paragraph: escaped, line breaks kept, every letter in a font
    that has it."""
    return markup(value)


class _ContentsMarker(Flowable):  # type: ignore[misc]
    """Where the contents go; replaced at build time by one entry per level 1-2 heading."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class ReportDocument:
    """Collects flowables, then `build()` writes the PDF atomically (a temp file renamed into place)."""

    def __init__(
        self, out: Path, *, title: str, council: str, status: str, draft: bool = False
    ) -> None:
        self.out = Path(out)
        self.title = title
        self.council = council
        self.status = status
        self.draft = draft
        self.styles = _styles()
        self.story: list[Flowable] = []
        self._headings = 0

    # content -------------------------------------------------------------------------------
    def cover(self, subtitle: str, lines: Sequence[tuple[str, str]] = ()) -> None:
        self.story.append(Spacer(1, 50 * mm))
        self.story.append(Paragraph(text(self.council), self.styles["Heading2"]))
        self.story.append(Paragraph(text(self.title), self.styles["Title"]))
        self.story.append(Paragraph(text(subtitle), self.styles["Subtitle"]))
        if lines:
            rows = [
                [
                    Paragraph(f"<b>{text(k)}</b>", self.styles["Body"]),
                    Paragraph(text(v), self.styles["Body"]),
                ]
                for k, v in lines
            ]
            table = Table(rows, colWidths=[45 * mm, 115 * mm], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("LINEABOVE", (0, 0), (-1, 0), 1.5, TEAL),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ]
                )
            )
            self.story.append(table)
        self.page_break()

    def contents(self) -> None:
        """A contents page listing every level 1 and 2 heading with its page number (filled in
        when the document is saved, in the same layout pass)."""
        self.story.append(Paragraph("Contents", self.styles["Heading1"]))
        self.story.append(_ContentsMarker())
        self.page_break()

    def heading(self, value: str, level: int = 1) -> None:
        """A heading, kept with what follows it (it moves to the next page rather than end
        one); levels 1 and 2 are in the contents and the PDF's outline."""
        style = self.styles["Heading1" if level <= 1 else "Heading2" if level == 2 else "Heading3"]
        paragraph = Paragraph(text(value), style)
        self.story.append(CondPageBreak(style.leading * 2 + 40))
        if level <= 2:
            self._headings += 1
            paragraph._toc_key = f"h{self._headings}"
            paragraph._toc_level = level - 1
        self.story.append(paragraph)

    def paragraph(self, value: str, style: str = "Body", *, markup: bool = False) -> None:
        """A paragraph of plain text (escaped, any length: it splits across pages), or of
        ReportLab markup when `markup` is true (the caller escapes what it inserts). Long
        text is laid out line by line (`fonts.text_blocks`), so time grows linearly."""
        if markup or len(value) <= BLOCK_CHARS:
            self.story.append(Paragraph(value if markup else text(value), self.styles[style]))
            return
        self.story.extend(text_flowables(value, self.styles[style]))

    def alert(self, value: str) -> None:
        """A red band for what must not be missed (e.g. a child at risk now)."""
        self.story.append(Paragraph(text(value), self.styles["Alert"]))

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        col_widths: Sequence[float] | None = None,
        header: bool = True,
        cell_colours: dict[tuple[int, int], colors.Color] | None = None,
        *,
        keep_together: bool = False,
    ) -> None:
        """A table of any number of rows and any text in its cells: page-sized pieces, the
        header repeated on each page; `cell_colours` keyed by (column, row) of `rows`.
        Columns share the text width equally when `col_widths` is not given (points). With
        `keep_together` (a short table such as a sign-off block) it moves whole to the next
        page rather than split."""
        if not rows:
            return
        count = max(len(row) for row in rows)
        widths = list(col_widths) if col_widths else [CONTENT_WIDTH / max(count, 1)] * count
        tables = page_tables(
            rows,
            widths,
            header=header,
            cell_style=self.styles["TableCell"],
            header_style=self.styles["TableHeader"],
            header_colour=NAVY,
            zebra=ZEBRA,
            rule=RULE,
            cell_colours=cell_colours,
        )
        self.story.extend([KeepTogether(list(tables))] if keep_together else tables)
        self.spacer(4)

    def bar_chart(
        self,
        categories: Sequence[str],
        series: dict[str, Sequence[float]],
        colours: Sequence[str] = ("#1f6f8b", "#2bb3a3", "#f0a202", "#b3261e"),
        title: str = "",
        value_max: float | None = None,
        width: float = 170 * mm,
    ) -> None:
        """Horizontal bars, one group per category, one bar per series (values drawn at the bar
        ends); category labels wrap onto more lines, never cut."""
        if not categories:
            return
        drawing = bar_chart_drawing(
            categories,
            series,
            colours=colours,
            title=title,
            value_max=value_max,
            width=width,
            label_width=62 * mm,
            title_colour=NAVY,
            legend_colour=GREY,
        )
        self.story.append(KeepTogether([drawing]))
        self.spacer(4)

    def flowable(self, item: Flowable) -> None:
        self.story.append(item)

    def page_break(self) -> None:
        self.story.append(PageBreak())

    def spacer(self, millimetres: float) -> None:
        self.story.append(Spacer(1, millimetres * mm))

    # page decoration -----------------------------------------------------------------------
    def _decorate(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setStrokeColor(TEAL)
        canvas.setLineWidth(2)
        canvas.line(20 * mm, height - 14 * mm, width - 20 * mm, height - 14 * mm)
        canvas.setFillColor(NAVY)
        draw_string(
            canvas, 20 * mm, height - 12 * mm, _fit(self.council, BOLD, 8.5, 70 * mm), BOLD, 8.5
        )
        canvas.setFillColor(GREY)
        draw_string(
            canvas,
            width - 20 * mm,
            height - 12 * mm,
            _fit(f"{self.title} · {self.status}", BODY, 8.5, 95 * mm),
            BODY,
            8.5,
            "right",
        )
        if self.draft:
            _draft_mark(canvas, width / 2, height / 2)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int) -> None:
        width, _height = A4
        canvas.saveState()
        canvas.setFillColor(GREY)
        # the producing line is always whole; the council and status give way when long
        produced = f" · produced {people_date(date.today())} with Critical Friend"
        room = 130 * mm - pdfmetrics.stringWidth(produced, BODY, 8)
        line = _fit(f"{self.council} · {self.status}", BODY, 8, room) + produced
        draw_string(canvas, 20 * mm, 10 * mm, line, BODY, 8)
        label = f"Page {page} of "
        x = width - 20 * mm - 12 * mm - pdfmetrics.stringWidth(label, BODY, 8)
        draw_string(canvas, x, 10 * mm, label, BODY, 8)
        canvas.translate(x + pdfmetrics.stringWidth(label, BODY, 8), 10 * mm)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()

    def _story(self) -> tuple[list[Flowable], list[str]]:
        """The story with the contents marker replaced by its entries, and the headings' keys."""
        headings = [
            item
            for item in self.story
            if isinstance(item, Paragraph) and getattr(item, "_toc_key", None)
        ]
        keys = [str(item._toc_key) for item in headings]
        story: list[Flowable] = []
        for item in self.story:
            if isinstance(item, _ContentsMarker):
                story += [
                    ContentsEntry(
                        Paragraph(
                            item_text,
                            self.styles["TocLevel0" if level == 0 else "TocLevel1"],
                        ),
                        key,
                    )
                    for item_text, level, key in (
                        (markup(h.getPlainText()), int(h._toc_level), str(h._toc_key))
                        for h in headings
                    )
                ]
            else:
                story.append(item)
        return story, keys

    # output --------------------------------------------------------------------------------
    def build(self, progress: ProgressSink | None = None) -> Path:
        """Lay out and write the PDF in one pass, replacing `out` atomically.

        Raises `Cancelled` when `progress` is cancelled (checked at each page); the temporary
        file is removed on any error, so `out` is either the whole new PDF or untouched."""
        progress = progress or NoProgress()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=self.out.parent)
        os.close(handle)
        try:
            progress.report(0, 2, "Laying out the pages…")
            story, keys = self._story()
            document = OnePassDocument(
                temp_name,
                on_page=self._decorate,
                title=self.title,
                author=self.council,
                subject=self.status,
            )
            document.build(
                story,
                canvasmaker=partial(
                    OnePassCanvas,
                    footer=self._footer,
                    contents_keys=keys,
                    progress=progress,
                    colour=GREY,
                ),
            )
            progress.report(1, 2, "Writing the file…")
            if progress.cancelled:
                raise Cancelled()
            put_in_place(temp_name, self.out)
            progress.report(2, 2, "Done")
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return self.out


CONTENT_WIDTH = A4[0] - 40 * mm
BLOCK_CHARS = 1000


def text_flowables(value: str, style: ParagraphStyle) -> list[Flowable]:
    """Plain text as one Paragraph per line (a blank line as space), the paragraph's space
    before on the first and its space after on the last."""
    line_style = ParagraphStyle(f"{style.name}-line", parent=style, spaceBefore=0, spaceAfter=0)
    blocks = text_blocks(value)
    items: list[Flowable] = []
    for index, block in enumerate(blocks):
        if not block.strip():
            items.append(Spacer(1, style.leading / 2))
            continue
        chosen = line_style
        if index == 0 or index == len(blocks) - 1:
            chosen = ParagraphStyle(
                f"{style.name}-edge",
                parent=style,
                spaceBefore=style.spaceBefore if index == 0 else 0,
                spaceAfter=style.spaceAfter if index == len(blocks) - 1 else 0,
            )
        items.append(Paragraph(markup(block), chosen))
    return items


# The DRAFT mark's letters as strokes on a 4 x 6 grid. Drawn as lines, not text, so it never
# mixes into the page's text when it is copied, searched or read aloud.
_DRAFT_STROKES: tuple[tuple[tuple[float, float], ...], ...] = (
    ((0, 0), (0, 6), (2.4, 6), (4, 4.4), (4, 1.6), (2.4, 0), (0, 0)),  # D
    ((5.5, 0), (5.5, 6), (8.5, 6), (9.5, 5), (9.5, 4), (8.5, 3), (5.5, 3)),  # R
    ((7.8, 3), (9.5, 0)),
    ((11, 0), (13, 6), (15, 0)),  # A
    ((11.8, 2.3), (14.2, 2.3)),
    ((20.5, 6), (16.5, 6), (16.5, 0)),  # F
    ((16.5, 3.2), (19.5, 3.2)),
    ((22, 6), (26, 6)),  # T
    ((24, 6), (24, 0)),
)


def _draft_mark(canvas: Canvas, x: float, y: float) -> None:
    """A large, faint, diagonal DRAFT across the page centred on (x, y)."""
    unit = 14.0
    canvas.translate(x, y)
    canvas.rotate(45)
    canvas.translate(-13 * unit, -3 * unit)
    canvas.setStrokeColor(colors.Color(0.75, 0.1, 0.1, alpha=0.1))
    canvas.setLineWidth(unit * 0.9)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    path = canvas.beginPath()
    for stroke in _DRAFT_STROKES:
        (first_x, first_y), *rest = stroke
        path.moveTo(first_x * unit, first_y * unit)
        for point_x, point_y in rest:
            path.lineTo(point_x * unit, point_y * unit)
    canvas.drawPath(path, stroke=1, fill=0)


def _fit(value: str, font: str, size: float, width: float) -> str:
    """`value` on one line within `width` points, ending in "…" when it had to be shortened
    (page headers and footers only; the text itself is printed in full in the body)."""
    from desktop_app.reports.fonts import clean, string_width

    value = clean(value).replace("\n", " ")
    if string_width(value, font, size) <= width:
        return value
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        if string_width(value[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + "…"
