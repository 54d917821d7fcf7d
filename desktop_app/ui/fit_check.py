"""Find text the window cuts off: a label, button, field placeholder or column heading that is
narrower (or, wrapped, shorter) than its own text needs, or pushed outside what can be seen.

Used by the tests that render every screen at 1366x768 and 1920x1080 (tests/ui/test_fit.py) and by
`screenshots --check`. Text elided on purpose is fine when the widget has a tooltip with the
whole text (the rule: elide only with a tooltip).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QWidget,
)

SLACK = 1  # pixels of rounding allowed


@dataclass(frozen=True)
class CutText:
    """One widget whose text does not fit: what it is, its text and the sizes compared."""

    kind: str
    name: str
    text: str
    needs: int
    has: int

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.name!r}: {self.text[:60]!r} needs {self.needs} px, has {self.has}"
        )


def _name(widget: QWidget) -> str:
    return widget.objectName() or widget.accessibleName() or type(widget).__name__


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if (
            isinstance(parent.parentWidget(), QAbstractScrollArea)
            and parent is getattr(parent.parentWidget(), "viewport", lambda: None)()
        ):
            return True
        parent = parent.parentWidget()
    return False


def _label_cut(label: QLabel) -> CutText | None:
    text = label.text()
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.wordWrap():
        needs = label.heightForWidth(label.width())
        if needs > label.height() + SLACK:
            return CutText("wrapped label", _name(label), text, needs, label.height())
        return None
    needs = label.sizeHint().width()
    if needs > label.width() + SLACK and not label.toolTip():
        return CutText("label", _name(label), text, needs, label.width())
    return None


def _button_cut(button: QAbstractButton) -> CutText | None:
    text = _plain(button.text())
    if not text.strip():
        return None
    needs = button.sizeHint().width()
    if needs > button.width() + SLACK and not button.toolTip():
        return CutText("button", _name(button), text, needs, button.width())
    return None


def _placeholder_cut(field: QLineEdit) -> CutText | None:
    text = field.placeholderText()
    if field.text() or not text or not field.isEnabled():
        return None
    margins = field.textMargins()
    needs = field.fontMetrics().horizontalAdvance(text) + 12 + margins.left() + margins.right()
    if needs > field.width() + SLACK:
        return CutText("placeholder", _name(field), text, needs, field.width())
    return None


def _header_cuts(view: QAbstractItemView, header: QHeaderView) -> list[CutText]:
    model = view.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    cuts = []
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    viewport = header.viewport().width()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        start = header.sectionViewportPosition(section)
        if start < 0 or start >= viewport:
            continue  # scrolled out of view: reachable, not cut
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        if not text:
            continue
        tip = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        lines = text.split("\n")
        needs = max(header.fontMetrics().horizontalAdvance(line) for line in lines) + margin
        needs = max(needs, header.sectionSizeHint(section))
        has = min(header.sectionSize(section), viewport - start)
        if needs > has + SLACK and not tip:
            cuts.append(CutText("column heading", _name(view), text, needs, has))
    return cuts


def _cell_cuts(view: QTableView) -> list[CutText]:
    """Cells in view whose text is wider than the column, unless the cell has a tooltip (the whole
    text on hover: Qt elides the cell itself)."""
    model = view.model()
    if model is None or model.rowCount() == 0:
        return []
    viewport = view.viewport()
    first = max(view.rowAt(0), 0)
    last = view.rowAt(viewport.height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    metrics = view.fontMetrics()
    cuts = []
    for column in range(model.columnCount()):
        if view.isColumnHidden(column) or view.columnViewportPosition(column) >= viewport.width():
            continue
        width = view.columnWidth(column)
        for row in range(first, last + 1):
            index = model.index(row, column)
            text = str(model.data(index) or "")
            if not text or model.data(index, Qt.ItemDataRole.ToolTipRole):
                continue
            font = model.data(index, Qt.ItemDataRole.FontRole)
            advance = (QFontMetrics(font) if font else metrics).horizontalAdvance(text)
            if advance + margin > width + SLACK:
                cuts.append(CutText("table cell", _name(view), text, advance + margin, width))
                break
    return cuts


def _clipped(widget: QWidget, root: QWidget) -> CutText | None:
    """A widget partly hidden (outside the window, clipped by its parent or squeezed below its
    minimum) with no scroll area to bring it into view."""
    hint = widget.minimumSizeHint()
    if isinstance(widget, QAbstractButton | QLineEdit) and widget.height() < hint.height() - SLACK:
        return CutText(
            "squeezed", _name(widget), _widget_text(widget), hint.height(), widget.height()
        )
    if _in_scroll_area(widget, root):
        return None
    top_left = widget.mapTo(root, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    shown = widget.visibleRegion().boundingRect()
    if not root.rect().contains(rect) or (
        not shown.isEmpty() and shown.height() < widget.height() - SLACK
    ):
        return CutText(
            "clipped", _name(widget), _widget_text(widget), widget.height(), shown.height()
        )
    return None


def _widget_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    return ""


def cut_texts(root: QWidget) -> list[CutText]:
    """Every visible widget under `root` (a window or dialog, shown) whose text is cut."""
    cuts: list[CutText] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        found: CutText | None = None
        if isinstance(widget, QLabel):
            found = _label_cut(widget)
        elif isinstance(widget, QAbstractButton):
            found = _button_cut(widget)
        elif isinstance(widget, QLineEdit):
            if isinstance(widget.parentWidget(), QComboBox):
                continue  # an editable combo's own field, sized by the combo
            found = _placeholder_cut(widget)
        elif isinstance(widget, QAbstractItemView):
            header = getattr(widget, "horizontalHeader", None)
            if header is not None and header().isVisible():
                cuts.extend(_header_cuts(widget, header()))
            if isinstance(widget, QTableView):
                cuts.extend(_cell_cuts(widget))
        if found is not None:
            cuts.append(found)
        elif isinstance(widget, QLabel | QAbstractButton | QLineEdit) and (
            _widget_text(widget).strip() or isinstance(widget, QLineEdit)
        ):
            clipped = _clipped(widget, root)
            if clipped is not None:
                cuts.append(clipped)
    return cuts
