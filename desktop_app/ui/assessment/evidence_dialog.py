"""The evidence list (every file attached to the assessment, with size and type) and the
"cite an indicator" picker that copies a data-profile sentence for an answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.context import AppContext
from desktop_app.app.records import attachment_file
from desktop_app.errors import UserError


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class EvidenceDialog(QDialog):
    """Lists `EvidenceItem`s; "Open" shows the selected file in the system's viewer."""

    def __init__(
        self, items: list[Any], context: AppContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evidence")
        self.resize(760, 420)
        self.items, self.context = items, context
        layout = QVBoxLayout(self)
        total = sum(item.size for item in items)
        summary = QLabel(
            f"{len(items)} file{'s' if len(items) != 1 else ''} attached, "
            f"{size_text(total)} in all."
            if items
            else 'No files attached yet. To add one, go to a section\'s "Evidence" question '
            'and press "Add files…"; everything attached there is listed here.'
        )
        summary.setObjectName("EvidenceSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = QTableWidget(len(items), 4)
        self.table.setHorizontalHeaderLabels(["File", "Area", "Type", "Size"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for row, item in enumerate(items):
            for column, text in enumerate(
                (item.name, item.section_title, item.mime, size_text(item.size))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda index: self.open_file(index.row()))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        open_button = QPushButton("Open")
        open_button.clicked.connect(lambda: self.open_file(self.table.currentRow()))
        buttons.addButton(open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_file(self, row: int) -> bool:
        if not 0 <= row < len(self.items):
            return False
        try:
            path = attachment_file(self.context, self.items[row].sha256)
        except UserError as error:  # an imported bundle's copy was changed or removed
            QMessageBox.warning(self, "File not opened", error.message)
            return False
        return path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class CiteIndicatorDialog(QDialog):
    """Pick an indicator; its sentence is copied to the clipboard to paste into an answer."""

    def __init__(self, citations: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cite an indicator")
        self.resize(640, 420)
        self.citations = citations
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Choose an indicator: a sentence with its latest value, comparators, RAG and trend is "
            "copied, ready to paste into your answer."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QListWidget()
        self.list.addItems([title for title, _ in citations])
        self.list.currentRowChanged.connect(self._preview)
        layout.addWidget(self.list, 1)
        self.preview = QLabel()
        self.preview.setObjectName("StatusNote")
        self.preview.setWordWrap(True)
        layout.addWidget(self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Copy")
        buttons.accepted.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if citations:
            self.list.setCurrentRow(0)

    def _preview(self, row: int) -> None:
        self.preview.setText(self.citations[row][1] if 0 <= row < len(self.citations) else "")

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.preview.text())
        self.accept()
