"""Screenshots of published data (see ui/screenshot_extras.py): the benchmark view ranked from the
published files last imported into the home, once its worker thread has finished."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication


def wait_for_background_work(limit_seconds: float = 120) -> None:
    """Let a screen's worker threads finish (so a screenshot shows the result, not progress)."""
    from desktop_app.ui.background import BackgroundTask

    deadline = time.monotonic() + limit_seconds
    while BackgroundTask.running and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    QApplication.processEvents()


def render_benchmark(window: Any, services: Any, path: Path) -> None:
    screen = window.show_screen_by_key("benchmark")
    wait_for_background_work()
    index = screen.indicator.findData("re_referrals")
    if index >= 0:
        screen.indicator.setCurrentIndex(index)
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
