"""Two periods side by side: for each section, what changed in each question."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

CHANGE_LABELS = {"changed": "Changed", "added": "New", "removed": "Removed", "same": "Unchanged"}


class CompareView(QWidget):
    """Shows a `Comparison` (see store.repositories.assessments.compare_assessments)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CompareView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("CompareSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.show_unchanged = QCheckBox("Show unchanged answers too")
        self.show_unchanged.toggled.connect(self._rebuild)
        top.addWidget(self.show_unchanged)
        layout.addLayout(top)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll_area, 1)
        self._comparison: Any = None

    def show_comparison(self, comparison: Any) -> None:
        self._comparison = comparison
        changed = sum(section.changed for section in comparison.sections)
        sections = sum(1 for section in comparison.sections if section.changed)
        self.summary.setText(
            f"<b>{comparison.earlier.period}</b> compared with <b>{comparison.later.period}</b>: "
            f"{changed} answers changed in {sections} sections."
        )
        self._rebuild()

    def _rebuild(self) -> None:
        comparison = self._comparison
        content = QWidget()
        content.setObjectName("ScrollContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 4, 8, 8)
        column.setSpacing(12)
        if comparison is not None:
            for section in comparison.sections:
                shown = [
                    q
                    for q in section.questions
                    if self.show_unchanged.isChecked() or q.change != "same"
                ]
                column.addWidget(self._section_card(section, shown, comparison))
        column.addStretch(1)
        self.scroll_area.setWidget(content)

    def _section_card(self, section: Any, questions: list[Any], comparison: Any) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        grid = QGridLayout(card)
        grid.setContentsMargins(16, 12, 16, 14)
        grid.setHorizontalSpacing(16)
        title = QLabel(section.title)
        title.setObjectName("CardTitle")
        title.setWordWrap(True)
        count = QLabel(
            f"{section.changed} changed" if section.changed else "No changes in this section"
        )
        count.setObjectName("CompareCount")
        grid.addWidget(title, 0, 0, 1, 2)
        grid.addWidget(count, 0, 2, Qt.AlignmentFlag.AlignRight)
        if not questions:
            return card
        for column, heading in enumerate((comparison.earlier.period, comparison.later.period)):
            label = QLabel(heading)
            label.setObjectName("CompareHeading")
            grid.addWidget(label, 1, column, 1, 1 + column)
        row = 2
        for question in questions:
            name = QLabel(f"{question.label} — {CHANGE_LABELS[question.change]}")
            name.setObjectName("CompareQuestion")
            name.setWordWrap(True)
            grid.addWidget(name, row, 0, 1, 3)
            for column, text in enumerate((question.before, question.after)):
                cell = QLabel(text or "(not answered)")
                cell.setObjectName("CompareCell")
                cell.setProperty("change", question.change if column else "before")
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if column == 0:
                    grid.addWidget(cell, row + 1, 0)
                else:
                    grid.addWidget(cell, row + 1, 1, 1, 2)
            row += 2
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return card
