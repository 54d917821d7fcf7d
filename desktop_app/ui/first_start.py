"""First start on an empty home: explore the demo data, or start with your own council."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.app.context import AppContext
from desktop_app.app.settings import first_start_needed, load_demo_data, start_empty

__all__ = ["FirstStartDialog", "first_start_needed"]


class FirstStartDialog(QDialog):
    """Asked once per home; the answer is stored in the database."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.choice = ""
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>Welcome to {APP_NAME}</h2>")
        text = QLabel(
            "This folder has no data yet. You can explore first with a fictional trio of councils "
            "(Midthorpe, Oxtown Borough and Munbridge City), or start straight away with your own."
        )
        text.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(text)

        self.demo_button = QPushButton("Explore with demo data")
        self.demo_button.setProperty("primary", True)
        self.demo_button.setAccessibleName("Explore with demo data")
        self.demo_button.clicked.connect(self._choose_demo)
        layout.addWidget(self.demo_button)

        own = QLabel("Or start with your own council (you can rename it later in Keys & settings):")
        own.setWordWrap(True)
        layout.addWidget(own)
        self.council = QLineEdit()
        self.council.setPlaceholderText("Your council's name, e.g. Anyshire County Council")
        self.council.setAccessibleName("Your council's name")
        layout.addWidget(self.council)
        buttons = QDialogButtonBox()
        self.empty_button = buttons.addButton("Start empty", QDialogButtonBox.ButtonRole.AcceptRole)
        self.empty_button.setAccessibleName("Start empty")
        self.empty_button.clicked.connect(self._choose_empty)
        self.empty_button.setEnabled(False)
        self.council.textChanged.connect(
            lambda text: self.empty_button.setEnabled(bool(text.strip()))
        )
        layout.addWidget(buttons)

    def _choose_demo(self) -> None:
        from desktop_app.errors import UserError

        try:
            load_demo_data(self.context)
        except UserError as error:  # a full disk: nothing of the demo was kept
            QMessageBox.warning(self, "The demo data was not loaded", error.message)
            return
        self.choice = "demo"
        self.accept()

    def _choose_empty(self) -> None:
        start_empty(self.context, self.council.text())
        self.choice = "empty"
        self.accept()
