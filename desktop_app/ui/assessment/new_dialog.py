""" "New self-assessment…": the period, and whether to start empty or from last year's answers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


def next_period(latest: str | None, today_year: int) -> str:
    """The period after the latest one (or the current year's when there is none)."""
    start = int(latest[:4]) + 1 if latest else today_year
    return f"{start}-{(start + 1) % 100:02d}"


class NewAssessmentDialog(QDialog):
    def __init__(
        self, suggested_period: str, last_period: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New self-assessment")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A self-assessment covers one year (April to March). Starting from last year's "
            "answers saves retyping: each carried answer is marked as from last year until you "
            "edit it."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.period = QLineEdit(suggested_period)
        self.period.setPlaceholderText("e.g. 2026-27")
        self.period.setAccessibleName("Period")
        form.addRow("&Period:", self.period)
        layout.addLayout(form)
        self.empty = QRadioButton("Start &empty")
        self.from_last_year = QRadioButton(
            f"Start from &last year's answers ({last_period})"
            if last_period
            else "Start from last year's answers (there is no earlier self-assessment)"
        )
        self.from_last_year.setEnabled(last_period is not None)
        (self.from_last_year if last_period else self.empty).setChecked(True)
        layout.addWidget(self.empty)
        layout.addWidget(self.from_last_year)
        self.error = QLabel()
        self.error.setObjectName("ValidationMessage")
        self.error.setProperty("severity", "blocking")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
