"""One question on the page: label above, hint, the editor (or the answer as text), its message."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.form.answer_text import answer_text
from desktop_app.ui.form.editor_base import AnswerEditor
from desktop_app.ui.plain_label import plain
from forms import FormDefinition, Question, ValidationIssue, is_answered


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class QuestionRow(QFrame):
    """Shows one top-level question. `editor` is None in read-only mode, for notes and for
    calculated values; then the answer is shown as text, or by `viewer` when one is given (a
    read-only attachment list whose files can be opened)."""

    history_requested = Signal(str)
    hidden_cleared = Signal(str)

    def __init__(
        self,
        definition: FormDefinition,
        question: Question,
        editor: AnswerEditor | None,
        *,
        with_history: bool,
        viewer: AnswerEditor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.question = question
        self.editor = editor
        self.viewer = viewer if editor is None else None
        self.touched = False
        self.setObjectName("NoteRow" if question.type == "note" else "QuestionRow")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        label_text = question.label or ("" if question.type == "note" else question.id)
        self.label = plain(QLabel(label_text))
        self.label.setObjectName("QuestionLabel")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.label, 1)
        self.carried_tag = QLabel("From last year")
        self.carried_tag.setObjectName("CarriedTag")
        self.carried_tag.setToolTip(
            "Carried over from last year's self-assessment: review it; it stops being marked once you edit it."
        )
        self.carried_tag.setVisible(False)
        top.addWidget(self.carried_tag, 0, Qt.AlignmentFlag.AlignTop)
        if question.required and question.is_answerable:
            required = QLabel("Required")
            required.setObjectName("RequiredTag")
            top.addWidget(required, 0, Qt.AlignmentFlag.AlignTop)
        if label_text:
            layout.addLayout(top)
        if question.hint:
            hint = plain(QLabel(question.hint))
            hint.setObjectName("QuestionHint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.answer_label: QLabel | None = None
        if editor is not None:
            editor.set_accessible_label(label_text)
            self.label.setBuddy(editor.focus_target())
            layout.addWidget(editor)
        elif self.viewer is not None:
            self.viewer.set_accessible_label(label_text)
            layout.addWidget(self.viewer)
        else:
            self.answer_label = plain(QLabel())
            self.answer_label.setWordWrap(True)
            self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if question.type == "note":
                self.answer_label.setObjectName("NoteText")
                self.answer_label.setText(question.text)
            else:
                self.answer_label.setObjectName(
                    "CalculatedValue" if question.calculate is not None else "ReadOnlyAnswer"
                )
            self.answer_label.setAccessibleName(label_text or "Guidance")
            layout.addWidget(self.answer_label)
        # Added after the editor so Tab reaches the answer first, then its history.
        self.history_button: QPushButton | None = None
        if with_history and question.is_answerable:
            self.history_button = QPushButton("History")
            self.history_button.setObjectName("HistoryButton")
            self.history_button.setAccessibleName(f"History of {label_text}")
            self.history_button.setToolTip("Who changed this answer, when, and from what")
            self.history_button.clicked.connect(lambda: self.history_requested.emit(question.id))
            top.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        self._hidden_box = QFrame()
        self._hidden_box.setObjectName("HiddenAnswer")
        hidden_layout = QHBoxLayout(self._hidden_box)
        hidden_layout.setContentsMargins(0, 0, 0, 0)
        self.hidden_label = plain(QLabel())
        self.hidden_label.setObjectName("QuestionHint")
        self.hidden_label.setWordWrap(True)
        self.clear_hidden_button = QPushButton("Clear")
        self.clear_hidden_button.setAccessibleName(f"Clear the hidden answer to {label_text}")
        self.clear_hidden_button.setToolTip(
            "Remove this answer (the change log keeps that it was given and cleared)"
        )
        self.clear_hidden_button.clicked.connect(lambda: self.hidden_cleared.emit(question.id))
        hidden_layout.addWidget(self.hidden_label, 1)
        hidden_layout.addWidget(self.clear_hidden_button, 0, Qt.AlignmentFlag.AlignTop)
        self._hidden_box.setVisible(False)
        layout.addWidget(self._hidden_box)
        self.message = plain(QLabel())
        self.message.setObjectName("ValidationMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)

    def set_answer(self, value: Any) -> None:
        """Show a value (on load); editors do not report this as an edit."""
        if self.editor is not None:
            self.editor.set_value(value)
        elif self.viewer is not None:
            self.viewer.set_value(value)
        elif self.answer_label is not None and self.question.type != "note":
            self.answer_label.setText(answer_text(self.definition, self.question, value))

    def show_hidden_answer(self, shown: str | None) -> None:
        """Mark an answer hidden by a later answer (`shown` is it as text), or unmark (None).
        While hidden it is not editable, and reports, exports and bundles leave it out."""
        hidden = shown is not None
        self._hidden_box.setVisible(hidden)
        for shows_answer in (self.editor, self.viewer):
            if shows_answer is not None:
                shows_answer.setVisible(not hidden)
        if shown is not None:
            preview = shown if len(shown) <= 160 else shown[:157] + "…"
            self.hidden_label.setText(
                f"Hidden by a later answer: “{preview}”. It is kept here and in the change "
                "log, and left out of reports, exports and bundles."
            )
        self.clear_hidden_button.setEnabled(hidden and self.editor is not None)

    def set_carried_over(self, carried: bool) -> None:
        """Mark an answer carried over from last year (until the user edits it)."""
        self.carried_tag.setVisible(carried)

    def value(self) -> Any:
        return self.editor.value() if self.editor is not None else None

    def refresh(self, answers: dict[str, Any], issues: list[ValidationIssue]) -> None:
        """Update the message under the field (a missing answer only once the field was touched)
        and, for calculated values and repeats, what they show."""
        if self.editor is None and self.question.calculate is not None:
            self.set_answer(answers.get(self.question.id))
        if self.editor is not None:
            self.editor.refresh_inner(answers, issues)
        own = [issue for issue in issues if issue.path == self.question.id]
        if not self.touched and not is_answered(answers.get(self.question.id)):
            own = []
        shown = sorted(own, key=lambda issue: not issue.blocking)[:1]
        self.message.setVisible(bool(shown))
        if shown:
            self.message.setText(shown[0].message)
            self.message.setProperty("severity", "blocking" if shown[0].blocking else "warning")
            _restyle(self.message)
        if self.property("problem") != bool(shown and shown[0].blocking):
            self.setProperty("problem", bool(shown and shown[0].blocking))
            _restyle(self)

    def focus_editor(self) -> None:
        if self.editor is not None:
            self.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.history_button is not None:
            self.history_button.setFocus(Qt.FocusReason.OtherFocusReason)
