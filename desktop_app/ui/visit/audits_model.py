"""The visit's audits as a Qt table model: escalated first, with status, auditor, grade and
what is left to do. "What's left" is worked out only for rows on screen, then remembered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desktop_app.app.audits import audit_progress, audit_rows
from desktop_app.app.context import AppContext
from desktop_app.app.visits import VisitFindings
from desktop_app.app.vocabulary import AuditStatus

if TYPE_CHECKING:
    from desktop_app.app.team import ConflictView

STATUS_WORDS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "moderated": "Moderated",
}
ESCALATED_COLOUR = QColor("#b3261e")
CONFLICT_FIRST = "Conflict, 1st"
"""The first column of an audit in an open conflict: the side already here ("First")."""
CONFLICT_SECOND = "Conflict, 2nd"
"""...and of the arriving side ("Second (arrived)"), not counted until the lead decides."""
ESCALATED_BACKGROUND = QColor("#fbe4e1")


@dataclass
class AuditRow:
    id: int
    case_reference: str
    auditor: str
    status: str
    escalated: bool
    cohort: str
    team: str
    grade: str
    moderated_grade: bool
    conflict: str = ""
    """"" or its side in an open conflict (CONFLICT_FIRST or CONFLICT_SECOND)."""


COLUMNS = ("", "Case", "Status", "Auditor", "Cohort", "Team", "Overall grade", "What's left")


class AuditsTableModel(QAbstractTableModel):
    """Read-only rows; no widget per row, so thousands of audits scroll smoothly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._left: dict[int, str] = {}
        self._context: AppContext | None = None

    def load(self, context: AppContext, visit_id: int, found: VisitFindings) -> None:
        facts = {fact.audit_id: fact for fact in found.every_fact}
        rows: list[AuditRow] = []
        for row in audit_rows(context, visit_id):
            fact = facts.get(int(row["id"]))
            rows.append(
                AuditRow(
                    id=int(row["id"]),
                    case_reference=str(row["case_reference"]),
                    auditor=str(row["auditor"] or ""),
                    status=str(row["status"]),
                    escalated=bool(row["escalated"]),
                    cohort=(fact.cohort or "") if fact else "",
                    team=(fact.team or "") if fact else "",
                    grade=found.frame.grade_label(fact.final_overall) if fact else "",
                    moderated_grade=bool(fact and fact.moderated_overall is not None),
                )
            )
        self.beginResetModel()
        self._context = context
        self._rows = rows
        self._left = {}
        self.endResetModel()

    def mark_conflicts(self, conflicts: Sequence[ConflictView]) -> None:
        """Name the audits of open conflicts in the first column: the one already counted and
        the arriving one, which the findings leave out until the lead decides (its grade is
        shown from the conflict, as the Team tab's "Compare and decide…" shows it)."""
        for conflict in conflicts:
            if not conflict.open:
                continue
            first = self.row_of(conflict.first.audit_id) if conflict.first.audit_id else -1
            sides = [(conflict.first, CONFLICT_FIRST), (conflict.second, CONFLICT_SECOND)]
            for side, words in sides:
                index = self.row_of(side.audit_id) if side.audit_id is not None else -1
                if index < 0 or (words == CONFLICT_SECOND and index == first):
                    continue
                row = self._rows[index]
                row.conflict = words
                row.grade = row.grade or side.grade_words
                if first >= 0:  # the same child: the arriving audit shows the case's facts
                    row.cohort = row.cohort or self._rows[first].cohort
                    row.team = row.team or self._rows[first].team
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 6))

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def audit_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def row_of(self, audit_id: int) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == audit_id), -1)

    def forget_left(self, audit_id: int) -> None:
        self._left.pop(audit_id, None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column, role)
        if role == Qt.ItemDataRole.ForegroundRole and row.escalated and column in (0, 1):
            return ESCALATED_COLOUR
        if role == Qt.ItemDataRole.BackgroundRole and row.escalated:
            return ESCALATED_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text where a column elides it
            if row.escalated and column == 0:
                return "Child at risk now: escalated by the auditor"
            if row.conflict and column == 0:
                side = (
                    "first (already here)" if row.conflict == CONFLICT_FIRST else "second (arrived)"
                )
                return (
                    f"Conflict: this audit is the {side} side of an open conflict on this case; "
                    "decide it on the Team tab (Compare and decide…). The arriving audit is not "
                    "counted until then."
                )
            return self._text(row, column, Qt.ItemDataRole.DisplayRole) or None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _text(self, row: AuditRow, column: int, role: int) -> str:
        if column == 0:
            if row.escalated:
                return "● At risk now" if role == Qt.ItemDataRole.DisplayRole else "Escalated"
            return row.conflict
        if column == 1:
            return row.case_reference
        if column == 2:
            return STATUS_WORDS.get(row.status, row.status)
        if column == 3:
            return row.auditor
        if column == 4:
            return row.cohort
        if column == 5:
            return row.team
        if column == 6:
            return row.grade + (" (moderated)" if row.moderated_grade and row.grade else "")
        return self._left_text(row)

    def _left_text(self, row: AuditRow) -> str:
        if AuditStatus(row.status).finished:
            return "Nothing left"
        if row.id not in self._left and self._context is not None:
            summary = audit_progress(self._context, row.id)
            percent = f"{summary.progress:.0%} done"
            self._left[row.id] = f"{percent} · {summary.left_text}" if summary.left else percent
        return self._left.get(row.id, "")
