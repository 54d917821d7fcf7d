"""A repeat: a list of rows (e.g. actions: what, owner, due), each with its own fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.form.answer_text import answer_text
from desktop_app.ui.form.editor_base import AnswerEditor
from desktop_app.ui.plain_label import plain
from forms import FormDefinition, Question, ValidationIssue, is_answered, is_relevant

MakeEditor = Callable[[Question], AnswerEditor | None]


class _RowField(QWidget):
    """One field of a row: label above, the editor (or a calculated value), its message below."""

    def __init__(self, question: Question, editor: AnswerEditor | None) -> None:
        super().__init__()
        self.question = question
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        label = plain(
            QLabel(question.text if question.type == "note" else question.label or question.id)
        )
        label.setObjectName("NoteText" if question.type == "note" else "RowFieldLabel")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.calculated = plain(QLabel())
        self.calculated.setObjectName("CalculatedValue")
        if editor is not None:
            editor.set_accessible_label(question.label or question.id)
            label.setBuddy(editor.focus_target())
            layout.addWidget(editor)
        elif question.calculate is not None:
            layout.addWidget(self.calculated)
        self.message = plain(QLabel())
        self.message.setObjectName("ValidationMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)


class _RepeatRow(QFrame):
    def __init__(self, repeat: Question, number: int, make_editor: MakeEditor) -> None:
        super().__init__()
        self.setObjectName("RepeatRow")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        header = QHBoxLayout()
        self.title = plain(QLabel())
        self.title.setObjectName("RepeatRowTitle")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("SmallButton")
        header.addWidget(self.title, 1)
        header.addWidget(self.remove_button)
        layout.addLayout(header)
        self.fields = [_RowField(inner, make_editor(inner)) for inner in repeat.questions]
        for field in self.fields:
            layout.addWidget(field)
        self.renumber(repeat, number)

    def renumber(self, repeat: Question, number: int) -> None:
        self.title.setText(f"{repeat.label or repeat.id} — entry {number}")
        self.remove_button.setAccessibleName(
            f"Remove entry {number} of {repeat.label or repeat.id}"
        )

    def value(self) -> dict[str, Any]:
        return {
            field.question.id: field.editor.value()
            for field in self.fields
            if field.editor is not None and is_answered(field.editor.value())
        }

    def set_value(self, row: dict[str, Any]) -> None:
        for field in self.fields:
            if field.editor is not None:
                field.editor.set_value(row.get(field.question.id))


class RepeatEditor(AnswerEditor):
    """Rows with add and remove; the answer is a list of dicts keyed by the repeat's own ids."""

    def __init__(
        self,
        definition: FormDefinition,
        question: Question,
        make_editor: MakeEditor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, parent)
        self.definition = definition
        self._make_editor = make_editor
        self.rows: list[_RepeatRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(8)
        layout.addLayout(self.rows_layout)
        self.empty_label = QLabel("No entries yet.")
        self.empty_label.setObjectName("QuestionHint")
        layout.addWidget(self.empty_label)
        self.add_button = QPushButton(f"+ Add to “{question.label or question.id}”")
        self.add_button.setAccessibleName(f"Add an entry to {question.label or question.id}")
        self.add_button.clicked.connect(self.add_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _new_row(self) -> _RepeatRow:
        row = _RepeatRow(self.question, len(self.rows) + 1, self._make_editor)
        for field in row.fields:
            if field.editor is not None:
                field.editor.edited.connect(self._emit_edited)
                field.editor.finished.connect(self.finished)
        row.remove_button.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.empty_label.setVisible(False)
        return row

    def add_row(self) -> None:
        row = self._new_row()
        self._emit_edited(True)
        editors = [field.editor for field in row.fields if field.editor is not None]
        if editors:
            editors[0].focus_target().setFocus()

    def remove_row(self, index: int, *, ask: bool = True) -> None:
        row = self.rows[index]
        if ask and row.value():
            answer = QMessageBox.question(
                self,
                "Remove entry",
                f"Remove entry {index + 1} of “{self.question.label or self.question.id}”? "
                "Its answers stay in the change history.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.rows.pop(index)
        row.setParent(None)
        row.deleteLater()
        for number, remaining in enumerate(self.rows, start=1):
            remaining.renumber(self.question, number)
        self.empty_label.setVisible(not self.rows)
        self._emit_edited(True)
        self.add_button.setFocus()

    def value(self) -> Any:
        return [row.value() for row in self.rows]

    def _show_value(self, value: Any) -> None:
        rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
        while len(self.rows) > len(rows):
            self.rows.pop().deleteLater()
        while len(self.rows) < len(rows):
            self._new_row()
        for row_widget, row in zip(self.rows, rows, strict=True):
            row_widget.set_value(row)
        self.empty_label.setVisible(not self.rows)

    def focus_target(self) -> QWidget:
        return self.add_button

    def set_accessible_label(self, label: str) -> None:
        self.setAccessibleName(label)

    def refresh_inner(self, answers: dict[str, Any], issues: list[ValidationIssue]) -> None:
        """Show or hide each row's fields by relevance, and their messages and calculations."""
        shown_rows = answers.get(self.question.id)
        rows = shown_rows if isinstance(shown_rows, list) else []
        by_path = {issue.path: issue for issue in issues}
        label = self.question.label or self.question.id
        for index, row_widget in enumerate(self.rows):
            row = rows[index] if index < len(rows) and isinstance(rows[index], dict) else {}
            prefix = f"{label}, entry {index + 1}: "
            for field in row_widget.fields:
                inner = field.question
                field.setVisible(is_relevant(self.definition, inner, answers, row=row))
                if inner.calculate is not None:
                    field.calculated.setText(answer_text(self.definition, inner, row.get(inner.id)))
                issue = by_path.get(f"{self.question.id}[{index}].{inner.id}")
                field.message.setVisible(issue is not None)
                if issue is not None:
                    field.message.setText(issue.message.removeprefix(prefix))
                    field.message.setProperty(
                        "severity", "blocking" if issue.blocking else "warning"
                    )
                    field.message.style().unpolish(field.message)
                    field.message.style().polish(field.message)
