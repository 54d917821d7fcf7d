"""The challenge panel beside a peer's self-assessment: the notes on the section shown, a box to
add one (saved at once), and the overall summary of the whole bundle (saved as you type)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.challenge import (
    NoteRequest,
    NoteView,
    bundle_notes,
    remove_note,
    save_note,
)
from desktop_app.ui.challenge.note_card import NoteCard
from desktop_app.ui.challenge.note_editor import NoteEditor
from desktop_app.ui.services import AppServices

SUMMARY_PAUSE_MS = 800


class ChallengePanel(QFrame):
    """Notes we write on one imported bundle; `set_section` follows the form's current section."""

    def __init__(
        self, services: AppServices, bundle_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ChallengePanel")
        self.services = services
        self.bundle_id = bundle_id
        self.section_id = ""
        self.notes: list[NoteView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        title = QLabel("Challenge")
        title.setObjectName("ChallengePanelTitle")
        layout.addWidget(title)
        self.section_title = QLabel()
        self.section_title.setObjectName("ChallengeSectionTitle")
        self.section_title.setWordWrap(True)
        layout.addWidget(self.section_title)
        self.cards = QWidget()
        self.cards.setObjectName("ChallengeCards")
        self.cards_layout = QVBoxLayout(self.cards)
        self.cards_layout.setContentsMargins(0, 0, 4, 0)
        self.cards_layout.setSpacing(8)
        scroll = QScrollArea()
        scroll.setObjectName("ChallengeScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.cards)
        layout.addWidget(scroll, 1)
        self.problem = QLabel()
        self.problem.setObjectName("ChallengeProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        self.editor = NoteEditor()
        self.editor.submitted.connect(self.submit)
        self.editor.cancelled.connect(self.editor.clear)
        layout.addWidget(self.editor)
        summary_title = QLabel("Overall summary (the whole bundle)")
        summary_title.setObjectName("ChallengeEditorTitle")
        layout.addWidget(summary_title)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Overall summary")
        self.summary.setPlaceholderText(
            "Your overall view as a critical friend: strengths, what to test, what to change."
        )
        self.summary.setFixedHeight(92)
        layout.addWidget(self.summary)
        self.summary_state = QLabel()
        self.summary_state.setObjectName("ChallengeSaved")
        layout.addWidget(self.summary_state)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_PAUSE_MS)
        self._summary_timer.timeout.connect(self.save_summary)
        self.reload()
        summary = self._summary_note()
        self.summary.setPlainText(summary.text if summary is not None else "")
        self.summary.textChanged.connect(self._summary_typed)

    # what is shown ---------------------------------------------------------------------------
    def set_section(self, section_id: str, title: str) -> None:
        self.section_id = section_id
        self.section_title.setText(title)
        self.editor.clear()
        self._show_cards()

    def section_notes(self) -> list[NoteView]:
        return [note for note in self.notes if note.section_id == self.section_id]

    def reload(self) -> None:
        self.notes = bundle_notes(self.services.context, self.bundle_id)
        self._show_cards()

    def _show_cards(self) -> None:
        while self.cards_layout.count():
            item = self.cards_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        notes = self.section_notes()
        self.note_cards: list[NoteCard] = []
        for note in notes:
            card = NoteCard(note)
            self.note_cards.append(card)
            card.edit_requested.connect(self.start_edit)
            card.delete_requested.connect(self.delete)
            self.cards_layout.addWidget(card)
        if not notes:
            empty = QLabel("No notes on this section yet. What would you test or ask about?")
            empty.setObjectName("ChallengeEmpty")
            empty.setWordWrap(True)
            self.cards_layout.addWidget(empty)
        self.cards_layout.addStretch(1)

    def _tell(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    # notes on the section --------------------------------------------------------------------
    def submit(self) -> None:
        text, rag, enquiry, needs = self.editor.values()
        request = NoteRequest(
            self.bundle_id,
            text,
            author=self.services.current_user(),
            section_id=self.section_id,
            rag=rag,
            line_of_enquiry=enquiry,
            needs_answer=needs,
            note_id=self.editor.editing,
        )
        try:
            saved = save_note(self.services.context, request)
        except ValueError as error:  # ChallengeError: one sentence saying what to change
            self._tell(str(error))
            return
        self._tell("")
        self.editor.clear()
        self.reload()
        self.services.announce(saved.changed)

    def start_edit(self, note_id: int) -> None:
        note = next((n for n in self.notes if n.id == note_id), None)
        if note is not None:
            self.editor.start_edit(note)

    def delete(self, note_id: int) -> None:
        answer = QMessageBox.question(self, "Delete the note", "Delete this challenge note?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        changed = remove_note(self.services.context, note_id)
        if self.editor.editing == note_id:
            self.editor.clear()
        self.reload()
        self.services.announce(changed)

    # the overall summary ---------------------------------------------------------------------
    def _summary_note(self) -> NoteView | None:
        return next((note for note in self.notes if note.section_id == ""), None)

    def _summary_typed(self) -> None:
        self.summary_state.setText("Saving…")
        self._summary_timer.start()

    def save_summary(self) -> None:
        """Store the summary box as the bundle's summary note (removed when emptied)."""
        self._summary_timer.stop()
        text = self.summary.toPlainText().strip()
        existing = self._summary_note()
        if existing is not None and existing.text == text:
            self.summary_state.setText("Summary saved")
            return
        if text:
            request = NoteRequest(
                self.bundle_id,
                text,
                author=self.services.current_user(),
                rag=existing.rag if existing is not None else "",
                line_of_enquiry=existing.line_of_enquiry if existing is not None else False,
                needs_answer=existing.needs_answer if existing is not None else False,
                note_id=existing.id if existing is not None else None,
            )
            save_note(self.services.context, request)
        elif existing is not None:
            remove_note(self.services.context, existing.id)
        self.notes = bundle_notes(self.services.context, self.bundle_id)
        self.summary_state.setText("Summary saved")
        if self.section_id == "":
            self._show_cards()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._summary_timer.isActive():
            self.save_summary()
        super().hideEvent(event)
