"""One challenge note as a card: RAG and flags, the text, who wrote it, and (for ours) Edit/Delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.app.challenge import NoteView
from desktop_app.ui.challenge.chips import chip, rag_chip


def note_header(note: NoteView) -> QHBoxLayout:
    """The chips on a note's first line: its RAG view and flags."""
    row = QHBoxLayout()
    row.setSpacing(6)
    if note.rag:
        row.addWidget(rag_chip(note.rag))
    for flag in note.flags():
        row.addWidget(chip(flag, "flag"))
    row.addStretch(1)
    return row


def note_text(note: NoteView) -> QLabel:
    label = QLabel(note.text)
    label.setObjectName("ChallengeNoteText")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def note_byline(note: NoteView) -> QLabel:
    who = ", ".join(part for part in (note.author, note.organisation) if part)
    label = QLabel(f"{who} · {note.created}" if who else note.created)
    label.setObjectName("ChallengeNoteBy")
    return label


class NoteCard(QFrame):
    """A note we wrote on a peer's bundle."""

    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = note
        self.setObjectName("ChallengeNote")
        self.setProperty("rag", note.rag or "none")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 10, 8)
        layout.setSpacing(4)
        header = note_header(note)
        self.edit_button = QPushButton("Edit")
        self.delete_button = QPushButton("Delete")
        for button, signal, name in (
            (self.edit_button, self.edit_requested, "Edit this note"),
            (self.delete_button, self.delete_requested, "Delete this note"),
        ):
            button.setObjectName("ChallengeLink")
            button.setAccessibleName(name)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, s=signal: s.emit(note.id))
            header.addWidget(button)
        layout.addLayout(header)
        layout.addWidget(note_text(note))
        layout.addWidget(note_byline(note))
        self.setAccessibleName(f"Challenge note: {note.text}")
