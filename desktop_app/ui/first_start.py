"""First start on an empty home: explore the demo data, or start with your own council."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME

if TYPE_CHECKING:
    from desktop_app.store.database import Database
    from desktop_app.ui.services import AppServices


def first_start_needed(services: AppServices) -> bool:
    """True until the home's own council is set (by the demo data, this welcome, or Keys &
    settings): however the home was first made, even by a command such as `doctor`."""
    from desktop_app.store.repositories.listing import home_council_name

    return home_council_name(services.reader) is None


def start_empty(database: Database, council: str) -> None:
    """Remember the choice; set the home council if one was named."""
    from desktop_app.store.repositories.organisations import ensure_organisation
    from desktop_app.store.repositories.settings import FIRST_START_DONE, set_setting

    with database.session() as session:
        if council.strip():
            ensure_organisation(session, council.strip(), is_home=True)
        set_setting(session, FIRST_START_DONE, True)


class FirstStartDialog(QDialog):
    """Asked once per home; the answer is stored in the database."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
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
        from desktop_app.demo import load_demo

        load_demo(self.database)
        self.choice = "demo"
        self.accept()

    def _choose_empty(self) -> None:
        start_empty(self.database, self.council.text())
        self.choice = "empty"
        self.accept()
