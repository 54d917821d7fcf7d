"""Editors for typed answers: short and long text, numbers and dates (saved after a pause)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from desktop_app.ui.form.editor_base import AnswerEditor
from forms import Question
from forms.dates import display_date, long_date, parse_date_text


def _bare(layout: QHBoxLayout) -> QHBoxLayout:
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    return layout


class TextEditor(AnswerEditor):
    """A one-line text answer."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line = QLineEdit()
        self.line.setMaximumWidth(560)
        layout = _bare(QHBoxLayout(self))
        layout.addWidget(self.line, 1)
        layout.addStretch(0)
        self.line.textEdited.connect(lambda _text: self._emit_edited(False))
        self.line.editingFinished.connect(self.finished)
        self.setFocusProxy(self.line)

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
    """A paragraph answer; Tab moves on (it never types a tab character)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.box = _PlainTextBox()
        self.box.setTabChangesFocus(True)
        self.box.setMinimumHeight(84)
        self.box.setMaximumHeight(160)
        _bare(QHBoxLayout(self)).addWidget(self.box)
        self.box.textChanged.connect(lambda: self._emit_edited(False))
        self.box.focus_left.connect(self.finished)
        self.setFocusProxy(self.box)

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
