"""Editors for picked answers: yes/no(/partly), single and multiple choice, and grades."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.form.answer_text import YES_NO_LABELS
from desktop_app.ui.form.editor_base import AnswerEditor
from forms import FormDefinition, Question

Option = tuple[str, str, str | None]  # id, label, colour
_LONG_CHOICE_LIST = 8


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ChoiceButtonsEditor(AnswerEditor):
    """One answer picked from buttons: a segmented row (yes/no), a column (choices, grades) or a
    grid (long scales). Arrow keys move between options; 'Clear' removes the answer."""

    def __init__(
        self,
        question: Question,
        options: list[Option],
        layout_kind: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        frame = QFrame()
        frame.setObjectName("SegmentedControl" if layout_kind == "segments" else "OptionList")
        if layout_kind == "segments":
            options_layout: QHBoxLayout | QVBoxLayout | QGridLayout = QHBoxLayout(frame)
            options_layout.setSpacing(0)
        elif layout_kind in ("grid", "two_columns"):
            options_layout = QGridLayout(frame)
            options_layout.setHorizontalSpacing(28 if layout_kind == "two_columns" else 18)
            options_layout.setVerticalSpacing(4)
        else:
            options_layout = QVBoxLayout(frame)
            options_layout.setSpacing(4)
        options_layout.setContentsMargins(0, 0, 0, 0)
        label = question.label or question.id
        for index, (option_id, option_label, colour) in enumerate(options):
            button = QRadioButton(option_label)
            button.setAccessibleName(f"{label}: {option_label}")
            if colour is not None:
                button.setIcon(_swatch(colour))
            if layout_kind == "segments":
                button.setObjectName("Segment")
            self.group.addButton(button, index)
            self.buttons[option_id] = button
            if layout_kind == "two_columns" and isinstance(options_layout, QGridLayout):
                rows = (len(options) + 1) // 2  # read down the first column, then the second
                options_layout.addWidget(button, index % rows, index // rows)
            elif isinstance(options_layout, QGridLayout):
                columns = 6
                options_layout.addWidget(button, index // columns, index % columns)
            else:
                options_layout.addWidget(button)
        if isinstance(options_layout, QGridLayout):
            options_layout.setColumnStretch(options_layout.columnCount(), 1)  # compact, on the left
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("LinkButton")
        self.clear_button.setAccessibleName(f"Clear the answer to {label}")
        self.clear_button.clicked.connect(self._clear)
        self.clear_button.setVisible(False)
        if layout_kind == "segments":
            row: QHBoxLayout | QVBoxLayout = QHBoxLayout(self)
            row.addWidget(frame)
            row.addWidget(self.clear_button)
            row.addStretch(1)
        else:  # a column or grid of options: Clear sits under them, on the left
            row = QVBoxLayout(self)
            row.setSpacing(2)
            row.addWidget(frame)
            row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.setContentsMargins(0, 0, 0, 0)
        self.group.buttonClicked.connect(self._clicked)
        self._ids = {index: option_id for index, (option_id, _, _) in enumerate(options)}

    def _clicked(self, _button: QAbstractButton) -> None:
        self.clear_button.setVisible(True)
        self._emit_edited(True)

    def _clear(self) -> None:
        self._uncheck_all()
        self.clear_button.setVisible(False)
        self._emit_edited(True)
        self.focus_target().setFocus()

    def _uncheck_all(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)

    def value(self) -> Any:
        checked = self.group.checkedId()
        return self._ids.get(checked) if checked >= 0 else None

    def _show_value(self, value: Any) -> None:
        self._uncheck_all()
        button = self.buttons.get(str(value)) if value is not None else None
        if button is not None:
            button.setChecked(True)
        self.clear_button.setVisible(button is not None)

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else next(iter(self.buttons.values()))

    def set_accessible_label(self, label: str) -> None:
        self.setAccessibleName(label)


class ComboChoiceEditor(AnswerEditor):
    """One answer from a long list of choices."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.combo = QComboBox()
        self.combo.addItem("Choose…", None)
        for choice in question.choices:
            self.combo.addItem(choice.label, choice.id)
        self.combo.setMinimumWidth(280)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo)
        row.addStretch(1)
        self.combo.activated.connect(lambda _index: self._emit_edited(True))
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def _show_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def focus_target(self) -> QWidget:
        return self.combo


class MultiChoiceEditor(AnswerEditor):
    """Any number of choices, as check boxes in a column."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.boxes: dict[str, QCheckBox] = {}
        columns = QGridLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setHorizontalSpacing(24)
        per_column = max(4, (len(question.choices) + 1) // 2)
        label = question.label or question.id
        for index, choice in enumerate(question.choices):
            box = QCheckBox(choice.label)
            box.setAccessibleName(f"{label}: {choice.label}")
            box.toggled.connect(lambda _checked: self._emit_edited(True))
            self.boxes[choice.id] = box
            columns.addWidget(box, index % per_column, index // per_column)
        columns.setColumnStretch(columns.columnCount(), 1)

    def value(self) -> Any:
        return [choice_id for choice_id, box in self.boxes.items() if box.isChecked()]

    def _show_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for choice_id, box in self.boxes.items():
            box.setChecked(choice_id in chosen)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()), self)

    def set_accessible_label(self, label: str) -> None:
        self.setAccessibleName(label)


def yes_no_editor(question: Question) -> ChoiceButtonsEditor:
    ids = ["yes", "no"] if question.type == "yes_no" else ["yes", "partly", "no"]
    return ChoiceButtonsEditor(
        question, [(item, YES_NO_LABELS[item], None) for item in ids], "segments"
    )


def single_choice_editor(question: Question) -> AnswerEditor:
    if len(question.choices) >= _LONG_CHOICE_LIST:
        return ComboChoiceEditor(question)
    options: list[Option] = [(choice.id, choice.label, None) for choice in question.choices]
    return ChoiceButtonsEditor(question, options, "two_columns" if len(options) > 4 else "column")


def grade_editor(definition: FormDefinition, question: Question) -> ChoiceButtonsEditor:
    scale = definition.scale_for(question)
    values = scale.values if scale is not None else []
    options: list[Option] = [(value.id, value.label, value.colour) for value in values]
    return ChoiceButtonsEditor(question, options, "grid" if len(options) > 6 else "column")
