"""Screenshots of the self-assessment pages (see ui/screenshot_extras.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication


def _open_latest(window: Any) -> Any:
    screen = window.show_screen_by_key("assessments")
    screen.show_list()
    if not screen.rows:
        return None
    page = screen.open_assessment(screen.rows[0]["id"])
    QApplication.processEvents()
    return page


def _save(window: Any, path: Path) -> None:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def render_assessment_page(window: Any, services: Any, path: Path) -> None:
    page = _open_latest(window)
    if page is not None:
        page.form.go_to_section(1)
    _save(window, path)
    window.show_screen_by_key("assessments").show_list()


def render_compare_view(window: Any, services: Any, path: Path) -> None:
    page = _open_latest(window)
    if page is not None and page.other_periods():
        page.show_comparison(page.other_periods()[0][0])
    _save(window, path)
    window.show_screen_by_key("assessments").show_list()
