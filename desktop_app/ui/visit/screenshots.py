"""Screenshots of the visit page and its findings dashboard (for `critical-friend screenshots`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication


def _open_first_visit(window: Any, services: Any, tab: int) -> Any:
    screen = window.show_screen_by_key("visits")
    row = services.reader.execute("SELECT id FROM visit ORDER BY id LIMIT 1").fetchone()
    if row is None:
        return screen, None
    page = screen.open_visit(int(row[0]))
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
    screen = window.show_screen_by_key("visits")
    row = (
        services.reader.execute("SELECT visit_id FROM team_return ORDER BY id LIMIT 1").fetchone()
        or services.reader.execute("SELECT id FROM visit ORDER BY id LIMIT 1").fetchone()
    )
    if row is not None:
        page = screen.open_visit(int(row[0]))
        page.tabs.setCurrentIndex(3)
    _save(window, path)
    screen.show_list()
