"""Editors for typed answers: short and long text, numbers and dates (saved after a pause).

Text and long text take at most `forms.answer_limits.MAX_ANSWER_CHARACTERS` characters, the
limit `audits import` keeps: typing at the limit, or pasting past it, keeps the text up to the
limit and shows `LIMIT_SENTENCE` under the box until the text is shorter again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.form.editor_base import AnswerEditor
from desktop_app.ui.plain_label import plain
from forms import Question, answer_limits
from forms.dates import display_date, long_date, parse_date_text


def _bare(layout: QHBoxLayout) -> QHBoxLayout:
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    return layout


def _utf16_length(text: str) -> int:
    """`text`'s length as Qt counts positions: UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _code_points(text: str, utf16_position: int) -> int:
    """The Python (code point) index in `text` of Qt position `utf16_position`."""
    units = 0
    for index, ch in enumerate(text):
        if units >= utf16_position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _limit_note() -> QLabel:
    """The sentence shown under a text box whose typing or pasting reached the limit."""
    note = plain(QLabel(answer_limits.LIMIT_SENTENCE))
    note.setObjectName("ValidationMessage")
    note.setProperty("severity", "warning")
    note.setWordWrap(True)
    note.setVisible(False)
    return note


class TextEditor(AnswerEditor):
    """A one-line text answer (at most `MAX_ANSWER_CHARACTERS`, see the module)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line = QLineEdit()
        self.line.setMaximumWidth(560)
        # Qt's own limit (32,767 by default) cuts silently and counts UTF-16 units: room for
        # the answer limit in any letters; the limit itself is kept in `_typed`
        self.line.setMaxLength(2 * answer_limits.MAX_ANSWER_CHARACTERS)
        self.limit_note = _limit_note()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        layout = _bare(QHBoxLayout())
        layout.addWidget(self.line, 1)
        layout.addStretch(0)
        column.addLayout(layout)
        column.addWidget(self.limit_note)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self.finished)
        self.setFocusProxy(self.line)

    def _typed(self, text: str) -> None:
        limit = answer_limits.MAX_ANSWER_CHARACTERS
        over = len(text) > limit
        if over:
            end = _code_points(text, self.line.cursorPosition())
            kept = answer_limits.kept_within_limit(text, end, limit)
            cursor = max(0, end - (len(text) - len(kept)))
            self.line.setText(kept)
            self.line.setCursorPosition(_utf16_length(kept[:cursor]))
        self.limit_note.setVisible(over or (self.limit_note.isVisible() and len(text) >= limit))
        self._emit_edited(False)

    def value(self) -> Any:
        return self.line.text()

    def _show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.line


class _PlainTextBox(QPlainTextEdit):
    focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class LongTextEditor(AnswerEditor):
    """A paragraph answer (at most `MAX_ANSWER_CHARACTERS`, see the module); Tab moves on (it
    never types a tab character)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.box = _PlainTextBox()
        self.box.setTabChangesFocus(True)
        self.box.setMinimumHeight(84)
        self.box.setMaximumHeight(160)
        self.limit_note = _limit_note()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.box)
        column.addWidget(self.limit_note)
        self._inserted_end = 0  # Qt position where the last edit's inserted text ends
        self.box.document().contentsChange.connect(self._changed_at)
        self.box.textChanged.connect(self._typed)
        self.box.focus_left.connect(self.finished)
        self.setFocusProxy(self.box)

    def _changed_at(self, position: int, _removed: int, added: int) -> None:
        self._inserted_end = position + added

    def _typed(self) -> None:
        limit = answer_limits.MAX_ANSWER_CHARACTERS
        # characterCount counts UTF-16 units and the closing paragraph mark: never fewer than
        # the code points, so most edits need no look at the text
        over = False
        if self.box.document().characterCount() - 1 > limit and not self._loading:
            text = self.box.toPlainText()
            over = len(text) > limit
            if over:
                end = _code_points(text, self._inserted_end)
                kept = answer_limits.kept_within_limit(text, end, limit)
                start = end - (len(text) - len(kept))
                cursor = QTextCursor(self.box.document())
                cursor.setPosition(_utf16_length(text[:start]))
                cursor.setPosition(_utf16_length(text[:end]), QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()  # emits textChanged again, within the limit
                self.box.setTextCursor(cursor)
        if over:
            self.limit_note.setVisible(True)
        elif self.limit_note.isVisible() and len(self.box.toPlainText()) < limit:
            self.limit_note.setVisible(False)
        self._emit_edited(False)

    def value(self) -> Any:
        return self.box.toPlainText()

    def _show_value(self, value: Any) -> None:
        self.box.setPlainText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.box


class NumberEditor(TextEditor):
    """A number; only digits, one point and a leading minus can be typed."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line.setMaximumWidth(160)
        pattern = QRegularExpression(r"^-?\d{0,15}([.]\d{0,6})?$")
        self.line.setValidator(QRegularExpressionValidator(pattern, self.line))

    def value(self) -> Any:
        text = self.line.text().strip()
        if text in ("", "-", ".", "-."):
            return None
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number

    def _show_value(self, value: Any) -> None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        self.line.setText("" if value is None else str(value))


class DateEditor(AnswerEditor):
    """A date typed as people do (14/05/2026, 14 May 2026 or 2026-05-14), shown as "14 May 2026"
    and stored as 2026-05-14 (forms.dates); with a Today button."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setToolTip("Type a date as 14/05/2026 or 14 May 2026")
        self.line.setMaximumWidth(180)
        pattern = QRegularExpression(r"^[0-9A-Za-z/.,\- ]{0,20}$")
        self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
        self.today = QPushButton("Today")
        self.today.setObjectName("SmallButton")
        self.today.setAccessibleName(f"Today for {question.label or question.id}")
        layout = _bare(QHBoxLayout(self))
        layout.addWidget(self.line)
        layout.addWidget(self.today)
        layout.addStretch(1)
        self.line.textEdited.connect(lambda _text: self._emit_edited(False))
        self.line.editingFinished.connect(self._tidy)
        self.line.editingFinished.connect(self.finished)
        self.today.clicked.connect(self._set_today)
        self.setFocusProxy(self.line)

    def _set_today(self) -> None:
        self.line.setText(long_date(date.today()))
        self._emit_edited(True)

    def _tidy(self) -> None:
        """Once typing ends, show a recognised date the one way: "14 May 2026"."""
        parsed = parse_date_text(self.line.text())
        if parsed is not None:
            self.line.setText(long_date(parsed))

    def value(self) -> Any:
        text = self.line.text().strip()
        parsed = parse_date_text(text)
        return parsed.isoformat() if parsed is not None else (text or None)

    def _show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else display_date(str(value)))

    def focus_target(self) -> QWidget:
        return self.line
