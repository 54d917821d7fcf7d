"""Base classes for main screens: a titled page, and a page that is a list or an empty state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.changes import Changed
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import (
    Column,
    EmptyState,
    RowsTableModel,
    read_only_table,
    screen_header,
)


class Screen(QWidget):
    """A main screen. `refresh()` re-reads what it shows; it is called when data changes."""

    title = ""
    subtitle = ""
    refresh_on: Changed = Changed.ALL

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 20, 24, 16)
        self.header_row = QHBoxLayout()
        self.header_row.addWidget(screen_header(self.title, self.subtitle), 1)
        self.layout_.addLayout(self.header_row)
        services.changed.connect(self._on_changed)

    def add_header_button(self, button: QPushButton) -> None:
        self.header_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

    def refresh(self) -> None:
        """Re-read the data; screens override."""

    def _on_changed(self, changed: Changed) -> None:
        if changed & self.refresh_on:
            self.refresh()


class ListScreen(Screen):
    """A table of rows, or a designed empty state when there are none."""

    columns: Sequence[Column] = ()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.stack = QStackedWidget()
        self.model = RowsTableModel(self.columns, self)
        self.table = read_only_table(self.model, f"{self.title} list")
        self.table.activated.connect(self._activated)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state())
        self.layout_.addWidget(self.stack, 1)
        self.refresh()

    def empty_state(self) -> EmptyState:
        raise TypeError(f"{type(self).__name__} must define its empty state")

    def load_rows(self) -> list[dict[str, Any]]:
        return []

    def refresh(self) -> None:
        rows = self.load_rows()
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(0 if rows else 1)
        if rows:
            self.table.resizeColumnsToContents()

    def open_row(self, row: dict[str, Any]) -> None:
        """Called when the user activates a row (Enter or double-click); screens override."""

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(self.model.row_at(index.row()))
