"""The "Add note" box: the text, a RAG view and the two flags; also used to edit a note."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.challenge import RAG_LABELS, NoteView
from desktop_app.ui.widgets import primary_button


class NoteEditor(QFrame):
    """Emits `submitted` when "Add note" (or "Save changes") is pressed; `editing` is the note
    being changed, or None for a new one."""

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChallengeEditor")
        self.editing: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        self.heading = QLabel("Add a note on this section")
        self.heading.setObjectName("ChallengeEditorTitle")
        layout.addWidget(self.heading)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Note text")
        self.text.setPlaceholderText("What should the council consider, or show you at the visit?")
        self.text.setFixedHeight(78)
        layout.addWidget(self.text)
        flags = QHBoxLayout()
        self.rag = QComboBox()
        self.rag.setAccessibleName("RAG view")
        for value, label in RAG_LABELS.items():
            self.rag.addItem(label, value)
        self.line_of_enquiry = QCheckBox("Line of enquiry")
        self.line_of_enquiry.setToolTip("A line of enquiry for the visit")
        self.needs_answer = QCheckBox("Needs an answer")
        self.needs_answer.setToolTip("A question the council should answer")
        flags.addWidget(self.line_of_enquiry)
        flags.addWidget(self.needs_answer)
        flags.addStretch(1)
        layout.addLayout(flags)
        row = QHBoxLayout()
        row.addWidget(self.rag)
        row.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancelled)
        self.cancel_button.setVisible(False)
        row.addWidget(self.cancel_button)
        self.add_button = primary_button("Add note", self.submitted.emit)
        self.add_button.setAccessibleName("Add note")
        row.addWidget(self.add_button)
        layout.addLayout(row)

    def values(self) -> tuple[str, str, bool, bool]:
        return (
            self.text.toPlainText(),
            str(self.rag.currentData()),
            self.line_of_enquiry.isChecked(),
            self.needs_answer.isChecked(),
        )

    def start_edit(self, note: NoteView) -> None:
        self.editing = note.id
        self.heading.setText("Change the note")
        self.text.setPlainText(note.text)
        self.rag.setCurrentIndex(max(0, self.rag.findData(note.rag)))
        self.line_of_enquiry.setChecked(note.line_of_enquiry)
        self.needs_answer.setChecked(note.needs_answer)
        self.add_button.setText("Save changes")
        self.cancel_button.setVisible(True)
        self.text.setFocus()

    def clear(self) -> None:
        self.editing = None
        self.heading.setText("Add a note on this section")
        self.text.clear()
        self.rag.setCurrentIndex(0)
        self.line_of_enquiry.setChecked(False)
        self.needs_answer.setChecked(False)
        self.add_button.setText("Add note")
        self.cancel_button.setVisible(False)
