"""Screenshots of the visit page and its findings dashboard (for `critical-friend screenshots`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication


def _open_first_visit(window: Any, services: Any, tab: int) -> Any:
    screen = window.show_screen_by_key("visits")
    from desktop_app.app.showcase import first_visit_id

    visit_id = first_visit_id(services.context)
    if visit_id is None:
        return screen, None
    page = screen.open_visit(visit_id)
    page.tabs.setCurrentIndex(tab)
    if tab == 0 and page.model.rowCount() > 1:
        page.table.selectRow(1)
    QApplication.processEvents()
    return screen, page


def _save(window: Any, path: Path) -> None:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def render_visit_page(window: Any, services: Any, path: Path) -> None:
    screen, _page = _open_first_visit(window, services, 0)
    _save(window, path)
    screen.show_list()


def render_visit_findings(window: Any, services: Any, path: Path) -> None:
    screen, _page = _open_first_visit(window, services, 1)
    _save(window, path)
    screen.show_list()


def render_audit_form(window: Any, services: Any, path: Path) -> None:
    screen, page = _open_first_visit(window, services, 0)
    if page is not None and page.model.rowCount():
        page.open_audit(page.model.row_at(0).id)
    _save(window, path)
    if page is not None:
        page.audit_view.go_back()
    screen.show_list()


def render_visit_team(window: Any, services: Any, path: Path) -> None:
    """The lead's visit page, Team tab: progress, returns received and a conflict to decide."""
    from desktop_app.app.showcase import first_visit_id
    from desktop_app.app.team import visit_with_returns

    screen = window.show_screen_by_key("visits")
    visit_id = visit_with_returns(services.context) or first_visit_id(services.context)
    if visit_id is not None:
        page = screen.open_visit(visit_id)
        page.tabs.setCurrentIndex(3)
    _save(window, path)
    screen.show_list()


def render_conflict_compare(window: Any, services: Any, path: Path) -> None:
    """The lead's "Compare…" dialog of the first conflict to decide (Team tab), over the window."""
    from desktop_app.app.showcase import first_visit_id
    from desktop_app.app.team import visit_with_returns

    screen = window.show_screen_by_key("visits")
    visit_id = visit_with_returns(services.context) or first_visit_id(services.context)
    dialog = None
    if visit_id is not None:
        page = screen.open_visit(visit_id)
        page.tabs.setCurrentIndex(3)
        QApplication.processEvents()
        dialog = page.team_tab.compare()
    try:
        if dialog is None:
            _save(window, path)
        else:
            QApplication.processEvents()
            _save(dialog, path)
    finally:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        screen.show_list()


def render_visit_auditor(window: Any, services: Any, path: Path) -> None:
    """An auditor's visit page (a visit opened from an assignment), on a laptop of its own:
    "Your cases", what the lead has not got yet, when a return was last sent, no lead tools."""
    import tempfile

    from desktop_app.app.showcase import auditor_laptop_home
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.services import AppServices

    with tempfile.TemporaryDirectory(prefix="cf-auditor-") as folder:
        home, visit_id = auditor_laptop_home(Path(folder) / "home")
        laptop = AppServices(home)
        other = MainWindow(laptop)
        try:
            other.resize(window.size())
            other.show()
            screen: Any = other.show_screen_by_key("visits")
            page = screen.open_visit(visit_id)
            page.tabs.setCurrentIndex(3)
            _save(other, path)
        finally:
            other.close()
            other.deleteLater()
            QApplication.processEvents()
            laptop.close()
