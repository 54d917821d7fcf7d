""" "Add indicator…": the user's own indicator, with its unit and which direction is better."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

DIRECTIONS: tuple[tuple[str, bool | None], ...] = (
    ("Higher is better", True),
    ("Lower is better", False),
    ("Neither (a context measure, not RAG rated)", None),
)


class IndicatorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add indicator")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Children seen within 5 working days of referral")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(["%", "per 10,000", "days", "cases", "number"])
        self.direction = QComboBox()
        for label, _value in DIRECTIONS:
            self.direction.addItem(label)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Unit:", self.unit)
        form.addRow("&Direction:", self.direction)
        form.addRow("D&escription:", self.description)
        layout.addLayout(form)
        self.form = form
        self.error = QLabel()
        self.error.setObjectName("ValidationMessage")
        self.error.setProperty("severity", "blocking")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def higher_is_better(self) -> bool | None:
        return DIRECTIONS[self.direction.currentIndex()][1]

    def _check(self) -> None:
        if not self.title_edit.text().strip():
            self.error.setText("Give the indicator a title.")
            self.error.setVisible(True)
            return
        self.accept()
