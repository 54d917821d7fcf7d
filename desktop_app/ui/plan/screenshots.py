"""Screenshots for the improvement plan loop (see ui/screenshot_extras.py): an action's progress
notes on the Plan screen, and a peer's reply to our challenge on the Peer challenge screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication


def _save(window: Any, path: Path) -> None:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def render_plan_progress(window: Any, services: Any, path: Path) -> None:
    """The Plan screen with the action that has the most progress notes selected."""
    screen = window.show_screen_by_key("plan")
    screen.refresh()
    busiest = max(screen.rows, key=lambda row: len(row.progress), default=None)
    if busiest is not None:
        screen.select_action(busiest.id)
    _save(window, path)


def render_challenge_reply(window: Any, services: Any, path: Path) -> None:
    """The newest reply to our challenge, as the Peer challenge screen shows it."""
    screen = window.show_screen_by_key("challenge")
    from desktop_app.app.showcase import newest_challenge_reply

    reply = newest_challenge_reply(services.context)
    if reply is not None:
        screen.show_reply(*reply)
    _save(window, path)
    screen.pages.setCurrentIndex(0)
