"""Long work runs on a worker thread with a progress dialog; Python's garbage collection stays on
the UI thread meanwhile (a Qt object freed in a worker crashes Qt)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop_app.ui.background import Progress, run_with_progress


def test_work_runs_off_the_ui_thread_without_garbage_collection_there(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    ui_thread = threading.get_ident()
    seen: dict[str, object] = {}
    results: list[int] = []

    def work(progress: Progress) -> int:
        seen["thread"] = threading.get_ident()
        seen["gc_enabled"] = gc.isenabled()
        progress.report(1, 2, "Half way")
        return 42

    task = run_with_progress(parent, "Working", work, results.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == [42]
    assert seen["thread"] != ui_thread
    assert seen["gc_enabled"] is False
    assert gc.isenabled()


def test_cancelling_stops_the_work_and_reports_no_error(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    errors: list[BaseException] = []
    results: list[object] = []

    def work(progress: Progress) -> object:
        started.set()
        for step in range(1000):
            progress.report(step, 1000)
            threading.Event().wait(0.01)
        return "finished"

    task = run_with_progress(parent, "Long work", work, results.append, errors.append)
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == [] and errors == []
    assert gc.isenabled()


def test_closing_the_page_during_the_work_loses_nothing_and_crashes_nothing(qtbot: QtBot) -> None:
    parent = QWidget()
    release = threading.Event()
    results: list[object] = []

    def work(progress: Progress) -> str:
        release.wait(5)
        return "written"

    task = run_with_progress(parent, "Writing", work, results.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not isValid(parent), timeout=2000)
    release.set()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == []  # the page is gone, so nothing is shown on it
    assert gc.isenabled()
