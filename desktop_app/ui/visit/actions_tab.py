"""The visit's action tracker: every action from its audits, open ones first, by due date."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from audit_tool import ActionItem
from desktop_app.ui.widgets import Column, RowsTableModel

ACTION_COLUMNS = (
    Column("case_reference", "Case"),
    Column("what", "What"),
    Column("owner", "Owner"),
    Column("due", "Due"),
    Column("status", "Status"),
)


class ActionsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("ScreenSubtitle")
        self.model = RowsTableModel(ACTION_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Actions from the audits")
        self.view.verticalHeader().setVisible(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def show_actions(self, actions: list[ActionItem], today: date | None = None) -> None:
        on = today or date.today()
        open_count = sum(1 for action in actions if action.is_open)
        overdue = sum(1 for action in actions if action.is_overdue(on))
        self.summary.setText(
            f"{len(actions)} actions from the audits: {open_count} open, {overdue} overdue."
        )
        self.model.set_rows(
            [
                {
                    "case_reference": action.case_reference,
                    "what": action.what,
                    "owner": action.owner,
                    "due": action.due.strftime("%d %b %Y") if action.due else action.due_text,
                    "status": ("Overdue" if action.is_overdue(on) else action.status.capitalize()),
                }
                for action in actions
            ]
        )
        self.view.resizeColumnToContents(0)
        self.view.setColumnWidth(2, 200)
