"""The contract every answer editor keeps, so the form treats all question types alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from forms import Question


class AnswerEditor(QWidget):
    """Edits one answer. `edited(immediate)` after each change the user makes (immediate=False
    for typing, which is saved after a short pause); `finished` when typing is over (focus left),
    so the form saves at once. `set_value` never emits."""

    edited = Signal(bool)
    finished = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._loading = False

    def value(self) -> Any:
        raise TypeError(f"{type(self).__name__} must say what its value is")

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show_value(value)
        finally:
            self._loading = False

    def _show_value(self, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} must show a value")

    def focus_target(self) -> QWidget:
        """The control that takes the keyboard focus when the question is focused."""
        return self

    def set_accessible_label(self, label: str) -> None:
        self.focus_target().setAccessibleName(label)

    def refresh_inner(self, answers: dict[str, Any], issues: list[Any]) -> None:
        """Editors with inner questions (repeats) update their rows; others do nothing."""

    def _emit_edited(self, immediate: bool) -> None:
        if not self._loading:
            self.edited.emit(immediate)
