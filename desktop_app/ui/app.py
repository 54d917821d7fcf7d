"""Compose and run the window: the one place the GUI is put together."""

from __future__ import annotations

import os
import sys

from desktop_app import APP_NAME
from desktop_app.errors import UserError
from desktop_app.home import Home, HomeLock


def run_gui(home: Home, *, smoke_test: bool = False) -> int:
    if smoke_test and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.application import ensure_application

    app = ensure_application()

    lock = HomeLock(home)
    try:
        home.ensure()
        lock.acquire()
        install_error_handler(home)
        window, services = open_main_window(home, offer_first_start=not smoke_test)
    except UserError as exc:
        lock.release()
        if smoke_test:
            raise
        QMessageBox.critical(None, f"{APP_NAME} cannot open", exc.message)
        return exc.exit_code
    window.show()
    try:
        if smoke_test:
            app.processEvents()
            QTimer.singleShot(0, window.close)
        return app.exec()
    finally:
        window.save_state()
        services.close()
        lock.release()


def install_error_handler(home: Home) -> None:
    """Log unexpected errors to logs/ and tell the user in a dialog instead of vanishing."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def show(kind: type[BaseException], error: BaseException, trace: object) -> None:
        from desktop_app.logs import log_uncaught

        log_uncaught(home, kind, error, trace)  # type: ignore[arg-type]
        if QApplication.instance() is not None:
            QMessageBox.critical(
                QApplication.activeWindow(),
                f"{APP_NAME}: something went wrong",
                f"{error}\n\nYour saved work is safe. The details are in {home.logs / 'critical-friend.log'}.",
            )

    sys.excepthook = show


def open_main_window(home: Home, *, offer_first_start: bool):  # type: ignore[no-untyped-def]
    """Prepare the database (quickly when current), ask the first-start question, build the window."""
    from desktop_app.app.settings import prepare_home
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.services import AppServices

    services = AppServices(home)
    opened_full = prepare_home(services.context)
    if offer_first_start and opened_full:
        from desktop_app.ui.first_start import FirstStartDialog, first_start_needed

        if first_start_needed(services.context):
            dialog = FirstStartDialog(services.context)
            dialog.exec()
    return MainWindow(services), services
