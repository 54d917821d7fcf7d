"""The selected action: where it came from, its dated progress notes, and a form to add one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.plan import PlanActionRow, PlanStatus
from desktop_app.ui.widgets import primary_button
from forms.answer_words import people_date

KEEP_STATUS = "(status unchanged)"


class ProgressPanel(QWidget):
    """Shows one action; ``progress_recorded(action_id, status or "", note)`` asks to save."""

    progress_recorded = Signal(int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.heading = QLabel("Select an action to see its progress.")
        self.heading.setObjectName("ReceivedHeading")
        self.heading.setWordWrap(True)
        self.why = QLabel()
        self.why.setObjectName("CardHint")
        self.why.setWordWrap(True)
        self.notes = QListWidget()
        self.notes.setAccessibleName("Progress notes")
        self.notes.setWordWrap(True)
        self.status = QComboBox()
        self.status.setAccessibleName("New status")
        self.status.addItem(KEEP_STATUS, "")
        for status in PlanStatus:
            self.status.addItem(status.label, status.value)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Progress note")
        self.note.setPlaceholderText(
            "What has happened since the last note? (Dropping an action needs the reason here.)"
        )
        self.note.setFixedHeight(54)
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.save = primary_button("Record progress", self._record)
        self.save.setMinimumHeight(self.save.sizeHint().height())
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        side = QVBoxLayout()
        side.addWidget(self.status)
        side.addWidget(self.save)
        row.addLayout(side)
        layout.addWidget(self.heading)
        layout.addWidget(self.why)
        layout.addWidget(self.notes, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.show_action(None)

    def show_action(self, row: PlanActionRow | None) -> None:
        """Fill the panel from ``row`` (None: nothing selected)."""
        self.action_id = None if row is None else row.id
        self.notes.clear()
        self.error.clear()
        for widget in (self.note, self.status, self.save):
            widget.setEnabled(row is not None)
        if row is None:
            self.heading.setText("Select an action to see its progress.")
            self.why.clear()
            return
        self.heading.setText(f"{row.what}: {row.status.label}, owner {row.owner}")
        reason = f" Dropped because: {row.status_reason}." if row.status_reason else ""
        self.why.setText(
            f"{row.source.label}" + (f": {row.why}" if row.why else "") + f". Added by "
            f"{row.created_by or 'an earlier version'}.{reason}"
        )
        for entry in reversed(row.progress):
            change = (
                f" [{PlanStatus(entry.status_before).label} → {PlanStatus(entry.status_after).label}]"
                if entry.status_before and entry.status_before != entry.status_after
                else ""
            )
            self.notes.addItem(
                f"{people_date(entry.when, short=True)} · {entry.author}{change}\n{entry.text or '—'}"
            )
        if not row.progress:
            self.notes.addItem("No progress noted yet.")

    def show_error(self, message: str) -> None:
        """One sentence under the form (e.g. a drop without a reason)."""
        self.error.setText(message)

    def _record(self) -> None:
        if self.action_id is not None:
            self.progress_recorded.emit(
                self.action_id, str(self.status.currentData() or ""), self.note.toPlainText()
            )
