"""The change history of one answer: who changed it, when, and from what to what."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.form.answer_store import AnswerChangeView
from desktop_app.ui.form.answer_text import answer_text
from desktop_app.ui.plain_label import plain
from forms import FormDefinition, Question
from forms.answer_words import people_moment


def local_time_text(moment: Any) -> str:
    """A stored time (UTC, possibly without its zone) as local date and time."""
    if not isinstance(moment, datetime):
        return str(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return people_moment(moment.astimezone(), seconds=True)


class HistoryDialog(QDialog):
    def __init__(
        self,
        definition: FormDefinition,
        question: Question,
        changes: list[AnswerChangeView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        label = question.label or question.id
        self.setWindowTitle(f"History: {label}")
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        heading = plain(QLabel(label))
        heading.setObjectName("CardTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.table = QTableWidget(len(changes), 4)
        self.table.setAccessibleName(f"Changes to {label}")
        self.table.setHorizontalHeaderLabels(["When", "Who", "Before", "After"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, change in enumerate(changes):
            cells = [
                local_time_text(change.changed_at),
                change.changed_by,
                answer_text(definition, question, change.old_value),
                answer_text(definition, question, change.new_value),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table if changes else QLabel("This answer has not been changed yet."))
        if not changes:
            self.table.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[list[str]]:
        """What the dialog lists, newest first (for tests and accessibility checks)."""
        rows: list[list[str]] = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, column) for column in range(self.table.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows
