"""Long work runs on a plain worker thread with a progress dialog; garbage collection stays on
(the window's Qt objects are kept out of a worker's collection), results come back to the UI
thread, and what an operation changed is announced by the runner itself."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop_app.app.changes import Changed
from desktop_app.home import Home
from desktop_app.ui.background import BackgroundTask, Progress, run_operation
from desktop_app.ui.services import AppServices


def test_work_runs_off_the_ui_thread_with_garbage_collection_on(qtbot: QtBot) -> None:
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

    task = run_operation(parent, "Working", work, results.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == [42]
    assert seen["thread"] != ui_thread
    assert seen["gc_enabled"] is True
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

    task = run_operation(parent, "Long work", work, results.append, errors.append)
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

    task = run_operation(parent, "Writing", work, results.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not isValid(parent), timeout=2000)
    release.set()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == []  # the page is gone, so nothing is shown on it
    assert gc.isenabled()


def test_the_runner_announces_what_the_operation_changed(qtbot: QtBot, tmp_path: Path) -> None:
    services = AppServices(Home(tmp_path / "home"))
    page = QWidget()
    page.services = services  # type: ignore[attr-defined]  # as every screen holds it
    qtbot.addWidget(page)
    heard: list[Changed] = []
    services.changed.connect(heard.append)
    shown: list[object] = []

    @dataclass(frozen=True)
    class Saved:
        changed: Changed = Changed.VISITS

    dialog = QDialog(page)  # a dialog on the page finds the window's services through it
    task = run_operation(dialog, "Saving", lambda _progress: Saved(), shown.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert heard == [Changed.VISITS] and shown == [Saved()]

    task = run_operation(page, "Keys", lambda _progress: "SHA256:x", announces=Changed.KEYS)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert heard == [Changed.VISITS, Changed.KEYS]
    services.close()


def test_many_operations_with_collections_in_workers_and_widgets_coming_and_going(
    qtbot: QtBot,
) -> None:
    """Garbage collection forced inside the worker threads while the UI thread makes and drops
    widgets (some in reference cycles): nothing crashes, every result arrives, no Qt warning."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    results: list[int] = []
    collected_in: set[int] = set()

    def work(number: int) -> Callable[[Progress], int]:
        def run(progress: Progress) -> int:
            junk: list[object] = []
            for step in range(20):
                cycle: list[object] = [step]
                cycle.append(cycle)  # garbage only a collection frees
                junk.append(cycle)
                progress.report(step, 20, f"Step {step}")
            del junk
            gc.collect()
            collected_in.add(threading.get_ident())
            return number

        return run

    class Panel(QFrame):
        def __init__(self, parent: QWidget | None) -> None:
            super().__init__(parent)
            self.me = self  # a reference cycle through a Qt wrapper
            self.label = QLabel("working", self)

    tasks = []
    for number in range(40):
        tasks.append(run_operation(window, f"Operation {number}", work(number), results.append))
        panel = Panel(window)
        layout.addWidget(panel)
        if number % 3 == 0:
            panel.deleteLater()
        Panel(None).deleteLater()
        QApplication.processEvents()
    qtbot.waitUntil(lambda: len(results) == 40, timeout=30000)
    qtbot.waitUntil(lambda: not BackgroundTask.running, timeout=5000)
    for child in window.findChildren(Panel):
        child.deleteLater()
    QApplication.processEvents()
    gc.collect()
    assert sorted(results) == list(range(40))
    assert threading.get_ident() not in collected_in
    assert gc.isenabled()


def test_a_cancel_after_the_file_is_in_place_is_too_late_and_the_work_is_done(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The runner's side of issue 17's late cancel: the file lands, Cancel is pressed, the last
    step is reported; the work counts as done and its result is shown."""
    from desktop_app.output_files import put_in_place

    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "export.csv"
    out.write_text("old")
    results: list[object] = []
    errors: list[BaseException] = []
    holder: list[BackgroundTask] = []
    started = threading.Event()

    def work(progress: Progress) -> str:
        started.wait(5)
        progress.report(0, 2, "Writing…")
        (tmp_path / ".export.part").write_text("new")
        put_in_place(tmp_path / ".export.part", out)
        holder[0].progress.cancel()  # Cancel pressed just as the file lands (thread-safe part)
        progress.report(2, 2, "Done")
        return "written"

    task = run_operation(parent, "Exporting", work, results.append, errors.append)
    holder.append(task)
    started.set()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == ["written"] and errors == []
    assert out.read_text() == "new"
