"""The list of sections at the side, each with its completion mark: ✓, n of m, or ! to fix."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from forms import FormDefinition, SectionProgress

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
_STATE_COLOURS = {
    "complete": "#2e7d32",
    "blocking": "#b3261e",
    "progress": "#52667a",
    "empty": "#7b8a99",
}


def section_mark(progress: SectionProgress) -> tuple[str, str]:
    """(state, text) for a section: complete, blocking (something to put right), or how far."""
    missing = progress.required - progress.required_answered
    if progress.blocking_issues > missing:
        problems = progress.blocking_issues - missing
        return "blocking", f"! {problems} to put right"
    if progress.complete:
        return "complete", "✓ Complete"
    state = "progress" if progress.answered else "empty"
    return state, f"{progress.answered} of {progress.relevant}"


class _SectionDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = option.rect.width() or 240
        metrics = option.fontMetrics
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        bounds = metrics.boundingRect(
            QRect(0, 0, width - 28, 1000), Qt.TextFlag.TextWordWrap, title
        )
        return QSize(width, bounds.height() + metrics.height() + 20)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        rect: QRect = option.rect
        state_flags = option.state
        selected = bool(state_flags & QStyle.StateFlag.State_Selected)
        box = rect.adjusted(6, 2, -6, -2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            painter.setBrush(QColor("#dff3f0"))
            painter.setPen(QColor("#2bb3a3"))
            painter.drawRoundedRect(box, 6, 6)
        elif state_flags & QStyle.StateFlag.State_MouseOver:
            painter.setBrush(QColor("#eef3f8"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(box, 6, 6)
        text_box = box.adjusted(10, 6, -8, -6)
        font = QFont(option.font)
        font.setBold(selected)
        painter.setFont(font)
        painter.setPen(QColor("#1b2733"))
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        title_rect = painter.boundingRect(text_box, Qt.TextFlag.TextWordWrap, title)
        painter.drawText(text_box, Qt.TextFlag.TextWordWrap, title)
        font.setBold(False)
        font.setPointSizeF(max(font.pointSizeF() - 0.5, 7.0))
        painter.setFont(font)
        state = str(index.data(STATE_ROLE) or "empty")
        painter.setPen(QColor(_STATE_COLOURS.get(state, "#52667a")))
        status_box = text_box.adjusted(0, title_rect.height() + 2, 0, 0)
        painter.drawText(status_box, Qt.AlignmentFlag.AlignLeft, str(index.data(STATUS_ROLE) or ""))
        painter.restore()


class SectionList(QListWidget):
    """Sections in form order; the current one is selected."""

    def __init__(self, definition: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SectionList")
        self.setAccessibleName("Sections")
        self.setItemDelegate(_SectionDelegate(self))
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, section in enumerate(definition.sections, start=1):
            item = QListWidgetItem(f"{number}. {section.title}")
            self.addItem(item)

    def set_marks(self, progress: dict[str, SectionProgress], order: list[str]) -> None:
        for row, section_id in enumerate(order):
            item = self.item(row)
            found = progress.get(section_id)
            if item is None or found is None:
                continue
            state, text = section_mark(found)
            if item.data(STATUS_ROLE) != text:
                item.setData(STATUS_ROLE, text)
                item.setData(STATE_ROLE, state)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.text()}: {text}")

    def mark_of(self, row: int) -> str:
        item = self.item(row)
        return str(item.data(STATUS_ROLE) or "") if item is not None else ""
