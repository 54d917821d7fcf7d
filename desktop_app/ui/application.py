"""The one QApplication: made once, named, with the house style."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from desktop_app import APP_NAME
from desktop_app.ui.resources import icon, style_sheet


def ensure_application() -> QApplication:
    """The running QApplication, or a new one, with the product's name, icon and style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(style_sheet())
    return app
