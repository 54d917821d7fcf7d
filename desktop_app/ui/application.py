"""The one QApplication: made once, named, with the house style."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from desktop_app import APP_NAME
from desktop_app.ui.resources import icon, style_sheet


class FileOpenEvents(QObject):
    """macOS hands a double-clicked document to the running program as a QFileOpenEvent (not on
    the command line); each one is emitted as `file_opened`, and those that come before the window
    is ready are kept in `pending`."""

    file_opened = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[Path] = []
        self.ready = False  # set once the window listens to file_opened

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            if self.ready:
                self.file_opened.emit(path)
            else:
                self.pending.append(path)
            return True
        return super().eventFilter(watched, event)


def ensure_application() -> QApplication:
    """The running QApplication, or a new one, with the product's name, icon and style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("critical-friend")  # matches resources/critical-friend.desktop
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(style_sheet())
    if app.findChild(FileOpenEvents) is None:
        app.installEventFilter(FileOpenEvents(app))
    return app


def file_open_events() -> FileOpenEvents | None:
    """The application's macOS file-open listener (None before ensure_application)."""
    app = QApplication.instance()
    return None if app is None else app.findChild(FileOpenEvents)
