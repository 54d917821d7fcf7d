"""About and keyboard-shortcut dialogs."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.home import Home

SHORTCUTS: tuple[tuple[str, str], ...] = (
    (
        "Ctrl+1 … Ctrl+5",
        "Go to Self-assessments, Visits & audits, Peer challenge, Data profile, Keys & settings",
    ),
    ("Enter", "Open the selected item in a list"),
    ("Tab / Shift+Tab", "Move between fields; every control can be reached by keyboard"),
    ("F1", "This list of shortcuts"),
    ("Ctrl+Q", "Quit (everything is already saved)"),
)


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(
        f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in SHORTCUTS
    )
    QMessageBox.information(parent, "Keyboard shortcuts", f"<table>{rows}</table>")


def show_about(parent: QWidget, home: Home) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Self-assessment, case-file audit and signed peer challenge for children's services "
        "in sector-led improvement.</p>"
        "<p>Everything stays on this laptop until you export a signed bundle.</p>"
        f"<p>Data folder: {home.root}<br>Python {platform.python_version()} · Qt for Python {pyside_version}</p>",
    )
