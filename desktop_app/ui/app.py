"""Compose and run the window: the one place the GUI is put together."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from desktop_app import APP_NAME
from desktop_app.errors import UserError
from desktop_app.home import Home, HomeInUseError, HomeLock


def run_gui(home: Home, *, smoke_test: bool = False, bundle: Path | None = None) -> int:
    """Open the window on `home` (and on `bundle`, verified and imported, when given).

    With `smoke_test` the window is shown and closed again: exit 0 when it opened (and the bundle
    was verified and shown), 1 when the bundle was refused. Raises NoDisplayError (one sentence)
    where the window cannot open; QT_QPA_PLATFORM=offscreen, set explicitly, runs it unseen.
    A second start on a home already open hands `bundle` to that window and returns 0.
    """
    from desktop_app.ui.display import check_display

    check_display()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.application import ensure_application

    app = ensure_application()

    lock = HomeLock(home)
    try:
        home.ensure()
        try:
            lock.acquire()
        except HomeInUseError:
            from desktop_app.ui.single_instance import hand_over

            if not smoke_test and hand_over(home, bundle):
                return 0
            raise
        from desktop_app.logs import start_crash_log

        previous_crash = start_crash_log(home)
        install_error_handler(home)
        window, services = open_main_window(home, offer_first_start=not smoke_test)
    except UserError as exc:
        lock.release()
        if smoke_test:
            raise
        QMessageBox.critical(None, f"{APP_NAME} cannot open", exc.message)
        return exc.exit_code
    window.show()
    outcome = {"code": 0}
    try:
        if smoke_test:
            app.processEvents()
            if bundle is not None:
                _smoke_test_bundle(window, bundle, outcome)
            else:
                QTimer.singleShot(0, window.close)
        else:
            QTimer.singleShot(0, lambda: _after_show(window, home, bundle, previous_crash))
        code = app.exec()
        return code or outcome["code"]
    finally:
        window.save_state()
        services.close()
        lock.release()
        from desktop_app.logs import stop_crash_log

        stop_crash_log()


def _after_show(window: Any, home: Home, bundle: Path | None, previous_crash: Path | None) -> None:
    """Once the window is up: listen for a second start, open the bundle it was started on, and
    offer the report a crash left behind."""
    from desktop_app.ui.application import file_open_events
    from desktop_app.ui.single_instance import InstanceServer

    server = InstanceServer(home, window)
    server.file_received.connect(window.open_bundle)
    events = file_open_events()
    if events is not None:
        events.file_opened.connect(window.open_bundle)
        if bundle is None and events.pending:
            bundle = events.pending[-1]
        events.pending.clear()
        events.ready = True
    if bundle is not None:
        window.open_bundle(bundle)
    if previous_crash is not None:
        offer_crash_report(window, previous_crash)


def offer_crash_report(parent: Any, report: Path) -> None:
    """Tell the user that the last run stopped unexpectedly and where its report is."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(f"{APP_NAME} stopped unexpectedly last time")
    box.setText(
        f"{APP_NAME} stopped unexpectedly the last time it ran. Your saved work is safe. "
        f"A report was saved as {report}; please send it to whoever supports {APP_NAME} for you."
    )
    open_folder = box.addButton("Open the folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent)))


def _smoke_test_bundle(window: Any, bundle: Path, outcome: dict[str, int]) -> None:
    """Open `bundle` as a double-click would, wait for its check (and import, for a trusted
    signer; an unknown signer's bundle is shown, not stored), then close: exit 1 (with the
    banner's sentence) when it was refused."""
    from PySide6.QtCore import QTimer

    def finish() -> None:
        page = window.show_screen_by_key("challenge").bundle_page
        if not page.bundle and page.preview is None:
            outcome["code"] = 1
            print(f"critical-friend: {bundle.name}: {page.banner.headline.text()}", file=sys.stderr)
        window.close()

    task = window.open_bundle(bundle)
    if task is None:
        QTimer.singleShot(0, finish)
    else:
        task.done.connect(lambda: QTimer.singleShot(0, finish))


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
    """Prepare the database (quickly when current or new), welcome the user until their council is
    set (demo data, or their own council), build the window."""
    from desktop_app.app.settings import prepare_home
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.services import AppServices

    services = AppServices(home)
    prepare_home(services.context)
    if offer_first_start:
        from desktop_app.ui.first_start import FirstStartDialog, first_start_needed

        if first_start_needed(services.context):
            dialog = FirstStartDialog(services.context)
            dialog.exec()
    return MainWindow(services), services
