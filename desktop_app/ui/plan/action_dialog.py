"""Adding an action to the improvement plan: what, owner, due date, ILACS area, why."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop_app.app.plan import AddPlanAction, PlanAreaChoices


class AddActionDialog(QDialog):
    """Asks for a new action; ``request()`` gives the operation's input once accepted."""

    def __init__(
        self,
        owner: str,
        parent: QWidget | None = None,
        visits: tuple[tuple[int, str], ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an action to the improvement plan")
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.what = QLineEdit()
        self.what.setAccessibleName("What will be done")
        self.owner = QLineEdit(owner)
        self.owner.setAccessibleName("Owner")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd MMM yyyy")
        soon = date.today() + timedelta(days=91)
        self.due.setDate(QDate(soon.year, soon.month, soon.day))
        self.due.setAccessibleName("Due date")
        self.area = QComboBox()
        self.area.setAccessibleName("ILACS area")
        for area_id, label in PlanAreaChoices:
            self.area.addItem(label, area_id)
        self.origin = QComboBox()
        self.origin.setAccessibleName("Where the action comes from")
        self.origin.addItem("The council's own action", 0)
        for visit_id, title in visits:
            self.origin.addItem(f"A finding of {title}", visit_id)
        self.why = QPlainTextEdit()
        self.why.setAccessibleName("Why it is in the plan")
        self.why.setFixedHeight(60)
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        form.addRow("What", self.what)
        form.addRow("Owner", self.owner)
        form.addRow("Due", self.due)
        form.addRow("ILACS area", self.area)
        form.addRow("Comes from", self.origin)
        form.addRow("Why", self.why)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if not self.what.text().strip() or not self.owner.text().strip():
            self.error.setText("Say what will be done and who owns it.")
            return
        self.accept()

    def visit_id(self) -> int | None:
        """The visit whose finding the action answers, if one was chosen."""
        return int(self.origin.currentData() or 0) or None

    def request(self) -> AddPlanAction:
        """The new action as the dialog holds it (its origin is set by the screen)."""
        due = self.due.date()
        return AddPlanAction(
            what=self.what.text(),
            owner=self.owner.text(),
            due=date(due.year(), due.month(), due.day()),
            why=self.why.toPlainText(),
            area=str(self.area.currentData() or ""),
        )
