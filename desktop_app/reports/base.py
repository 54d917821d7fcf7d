"""The house style for every PDF: cover, contents, headings, tables, charts, and on every page the
council, the status and "page n of N", with a DRAFT watermark on drafts. Written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from desktop_app.errors import Cancelled
from desktop_app.progress import NoProgress, ProgressSink
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
    base = getSampleStyleSheet()
    sheet = StyleSheet1()
    body = ParagraphStyle(
        "Body", parent=base["BodyText"], fontName="Helvetica", fontSize=10, leading=14
    )
    sheet.add(body)
    sheet.add(ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11, textColor=GREY))
    sheet.add(
        ParagraphStyle(
            "Title",
            parent=body,
            fontName="Helvetica-Bold",
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
            fontName="Helvetica-Bold",
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
            fontName="Helvetica-Bold",
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
            fontName="Helvetica-Bold",
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
            fontName="Helvetica-Bold",
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
            fontName="Helvetica-Bold",
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
    """Plain text made safe for a Paragraph, keeping line breaks."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, path: str, report: ReportDocument) -> None:
        super().__init__(
            path,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            title=report.title,
            author=report.council,
            subject=report.status,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=report._decorate)])
        self._report = report

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "_toc_level", None)
        if level is not None and isinstance(flowable, Paragraph):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page, key))


def _numbered_canvas(report: ReportDocument) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds each page until the end so the footer can say "page n of N"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                report._footer(self, self.getPageNumber(), total)
                super().showPage()
            super().save()

    return NumberedCanvas


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
        toc = TableOfContents()
        toc.levelStyles = [self.styles["TocLevel0"], self.styles["TocLevel1"]]
        self.story.append(Paragraph("Contents", self.styles["Heading1"]))
        self.story.append(toc)
        self.page_break()

    def heading(self, value: str, level: int = 1) -> None:
        style = self.styles["Heading1" if level <= 1 else "Heading2" if level == 2 else "Heading3"]
        paragraph = Paragraph(text(value), style)
        if level <= 2:
            paragraph._toc_level = level - 1
        self.story.append(paragraph)

    def paragraph(self, value: str, style: str = "Body", *, markup: bool = False) -> None:
        self.story.append(Paragraph(value if markup else text(value), self.styles[style]))

    def alert(self, value: str) -> None:
        """A red band for what must not be missed (e.g. a child at risk now)."""
        self.story.append(Paragraph(text(value), self.styles["Alert"]))

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        col_widths: Sequence[float] | None = None,
        header: bool = True,
        cell_colours: dict[tuple[int, int], colors.Color] | None = None,
    ) -> None:
        if not rows:
            return
        cell = self.styles["TableCell"]
        head = self.styles["TableHeader"]
        data = [
            [
                c
                if isinstance(c, Flowable)
                else Paragraph(text(c), head if header and r == 0 else cell)
                for c in row
            ]
            for r, row in enumerate(rows)
        ]
        table = Table(
            data,
            colWidths=list(col_widths) if col_widths else None,
            repeatRows=1 if header else 0,
            hAlign="LEFT",
        )
        style: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), NAVY))
            style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows), 2)]
        for (column, row), colour in (cell_colours or {}).items():
            style.append(("BACKGROUND", (column, row), (column, row), colour))
        table.setStyle(TableStyle(style))
        self.story.append(table)
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
        """Horizontal bars, one group per category, one bar per series (values drawn at the bar ends)."""
        if not categories:
            return
        names = list(series)
        bar_height = 7
        height = max(60.0, len(categories) * (bar_height * len(names) + 6) + 40)
        drawing = Drawing(width, height)
        chart = HorizontalBarChart()
        chart.x = 62 * mm
        chart.y = 20
        chart.width = width - chart.x - 20
        chart.height = height - 40
        chart.data = [list(reversed([float(v) for v in series[name]])) for name in names]
        chart.categoryAxis.categoryNames = list(
            reversed([c if len(c) <= 42 else c[:40] + "…" for c in categories])
        )
        chart.categoryAxis.labels.fontSize = 7.5
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.valueAxis.valueMin = 0
        maximum = (
            value_max if value_max is not None else max([max(v) for v in chart.data if v] + [1.0])
        )
        chart.valueAxis.valueMax = maximum
        chart.valueAxis.labels.fontSize = 7
        chart.barLabelFormat = "%.0f"
        chart.barLabels.fontSize = 6.5
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        for index, _name in enumerate(names):
            chart.bars[index].fillColor = colors.HexColor(colours[index % len(colours)])
            chart.bars[index].strokeColor = None
        drawing.add(chart)
        if title:
            drawing.add(
                String(0, height - 12, title, fontName="Helvetica-Bold", fontSize=9, fillColor=NAVY)
            )
        if len(names) > 1:
            x = chart.x
            for index, name in enumerate(names):
                drawing.add(String(x + 10, 4, name, fontSize=7, fillColor=GREY))
                from reportlab.graphics.shapes import Rect

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
        canvas.setFont("Helvetica-Bold", 8.5)
        canvas.setFillColor(NAVY)
        canvas.drawString(20 * mm, height - 12 * mm, self.council)
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(GREY)
        canvas.drawRightString(width - 20 * mm, height - 12 * mm, f"{self.title} · {self.status}")
        if self.draft:
            canvas.setFont("Helvetica-Bold", 110)
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.08))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -35, "DRAFT")
        canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        width, _height = A4
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(GREY)
        canvas.drawString(
            20 * mm,
            10 * mm,
            f"{self.council} · {self.status} · produced {people_date(date.today())} with Critical Friend",
        )
        canvas.drawRightString(width - 20 * mm, 10 * mm, f"Page {page} of {total}")
        canvas.restoreState()

    # output --------------------------------------------------------------------------------
    def build(self, progress: ProgressSink | None = None) -> Path:
        """Lay out and write the PDF (twice when there are contents), replacing `out` atomically."""
        progress = progress or NoProgress()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=self.out.parent)
        os.close(handle)
        try:
            progress.report(0, 2, "Laying out the pages…")
            document = _Document(temp_name, self)
            canvasmaker = _numbered_canvas(self)
            if any(isinstance(item, TableOfContents) for item in self.story):
                document.multiBuild(list(self.story), canvasmaker=canvasmaker)
            else:
                document.build(list(self.story), canvasmaker=canvasmaker)
            progress.report(1, 2, "Writing the file…")
            if progress.cancelled:
                raise Cancelled()
            os.replace(temp_name, self.out)
            progress.report(2, 2, "Done")
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return self.out
