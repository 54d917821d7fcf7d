"""The visit's action tracker: every action from its audits, open ones first, by due date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from audit_tool import ActionItem
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Column, RowsTableModel
from forms.answer_words import people_date

ACTION_COLUMNS = (
    Column("case_reference", "Case"),
    Column("what", "What"),
    Column("owner", "Owner"),
    Column("due", "Due"),
    Column("status", "Status"),
)


VISIT_COLUMN = Column("visit", "Visit")


class ActionsTab(QWidget):
    """Actions as a table: one visit's, or (with `with_visit`) the whole council's."""

    def __init__(self, parent: QWidget | None = None, *, with_visit: bool = False) -> None:
        super().__init__(parent)
        self.with_visit = with_visit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("ScreenSubtitle")
        columns = (VISIT_COLUMN, *ACTION_COLUMNS) if with_visit else ACTION_COLUMNS
        self.model = RowsTableModel(columns, self)
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
        header.setSectionResizeMode(2 if with_visit else 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def show_actions(
        self,
        actions: list[ActionItem],
        today: date | None = None,
        visit_of: Mapping[int, str] | None = None,
    ) -> None:
        on = today or date.today()
        open_count = sum(1 for action in actions if action.is_open)
        overdue = sum(1 for action in actions if action.is_overdue(on))
        self.summary.setText(
            f"{len(actions)} actions from the audits: {open_count} open, {overdue} overdue."
        )
        self.model.set_rows(
            [
                {
                    "visit": (visit_of or {}).get(action.audit_id, ""),
                    "case_reference": action.case_reference,
                    "what": action.what,
                    "owner": action.owner,
                    "due": people_date(action.due) if action.due else action.due_text,
                    "status": ("Overdue" if action.is_overdue(on) else action.status.capitalize()),
                }
                for action in actions
            ]
        )
        self.view.resizeColumnToContents(0)
        self.view.setColumnWidth(3 if self.with_visit else 2, 200)


class CouncilActionsDialog(QDialog):
    """Every open and done action from all the council's audits, in one place."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        from desktop_app.app.visits import council_actions

        super().__init__(parent)
        self.setWindowTitle("All actions from the audits")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        self.tab = ActionsTab(self, with_visit=True)
        actions, visit_of = council_actions(services.context)
        self.tab.show_actions(actions, visit_of=visit_of)
        layout.addWidget(self.tab, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
