"""Laying out a report in one pass, each page written as soon as it is full.

"Page n of N" and the contents' page numbers are not known until the end, so each is drawn as a
PDF form XObject (ISO 32000-1 §8.10) that the page refers to by name and that is defined once,
after the last page: no second layout pass and no pages held in memory, so time and memory
grow linearly with the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from desktop_app.errors import Cancelled
from desktop_app.progress import ProgressSink
from desktop_app.reports.fonts import BODY, draw_string

TOTAL_FORM = "cf-total-pages"


def contents_form(key: str) -> str:
    """The name of the form XObject that draws the page number of heading `key`."""
    return f"cf-toc-{key}"


class OnePassCanvas(Canvas):  # type: ignore[misc]
    """A canvas that decorates and writes each page at once, then defines the page-number
    forms (total pages, contents entries) when the document is saved."""

    def __init__(
        self,
        *args: Any,
        footer: Callable[[Canvas, int], None],
        contents_keys: list[str],
        progress: ProgressSink,
        colour: Any,
        **kwargs: Any,
    ) -> None:
        kwargs["initialFontName"] = BODY
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._contents_keys = contents_keys
        self._progress = progress
        self._colour = colour
        self.heading_pages: dict[str, int] = {}

    def showPage(self) -> None:
        self._footer(self, self.getPageNumber())
        super().showPage()
        if self._progress.cancelled:
            raise Cancelled()

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self._number_form(TOTAL_FORM, str(total), 8, "left")
        for key in self._contents_keys:
            page = self.heading_pages.get(key)
            self._number_form(contents_form(key), str(page) if page else "–", 10, "right")
        super().save()

    def _number_form(self, name: str, value: str, size: float, anchor: str) -> None:
        self.beginForm(name, lowerx=-200, lowery=-10, upperx=200, uppery=30)
        self.setFillColor(self._colour)
        draw_string(self, 0, 0, value, BODY, size, anchor)
        self.endForm()


class OnePassDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages in one frame; headings with a `_toc_key` become bookmarks and outline entries
    and record their page on the canvas for the contents."""

    def __init__(self, path: str, *, on_page: Callable[[Canvas, Any], None], **info: Any) -> None:
        from reportlab.lib.pagesizes import A4

        super().__init__(
            path,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            **info,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])

    def afterFlowable(self, flowable: Flowable) -> None:
        key = getattr(flowable, "_toc_key", None)
        if key is None or not isinstance(flowable, Paragraph):
            return
        level = int(getattr(flowable, "_toc_level", 0))
        canvas = self.canv
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)
        if isinstance(canvas, OnePassCanvas):
            canvas.heading_pages.setdefault(key, self.page)


class ContentsEntry(Flowable):  # type: ignore[misc]
    """One line of the contents: the heading (wrapped, linked to it) and its page number, drawn
    from the form defined when the document is saved."""

    def __init__(self, paragraph: Paragraph, key: str) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.key = key
        self.number_room = 14 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _w, self.height = self.paragraph.wrap(available_width - self.number_room, available_height)
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        self.paragraph.drawOn(canvas, 0, 0)
        style = self.paragraph.style
        baseline = self.height - style.fontSize * 0.95
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(contents_form(self.key))
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
