"""Run long work (export, import, reports, sampling) off the UI thread, with a cancellable progress bar."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from desktop_app.errors import Cancelled
from desktop_app.progress import Progress

__all__ = ["BackgroundTask", "Progress", "run_with_progress"]

T = TypeVar("T")


class _MainThreadCollection:
    """Python's garbage collector runs in whichever thread happens to allocate. If it runs in a
    worker and frees a Qt object that belongs to the window, Qt crashes. So while any background
    work runs, automatic collection is paused; when the last task ends, the collection is made
    here, on the UI thread."""

    running = 0

    @classmethod
    def pause(cls) -> None:
        if cls.running == 0:
            gc.disable()
        cls.running += 1

    @classmethod
    def resume(cls) -> None:
        cls.running = max(0, cls.running - 1)
        if cls.running == 0:
            gc.enable()
            gc.collect()


class _Worker(QObject, Generic[T]):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], T]) -> None:
        super().__init__()
        self._work = work
        self.progress = Progress(self.progressed.emit)

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except BaseException as exc:  # reported to the UI thread, never swallowed
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class BackgroundTask(QObject):
    """One running piece of work. It keeps itself (and its thread) alive until the work ends,
    even if the page that started it is closed meanwhile; then its callbacks are skipped."""

    done = Signal()
    running: set[BackgroundTask] = set()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__()
        self._parent = parent
        self._on_done = on_done
        self._on_error = on_error
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._thread = QThread()
        self.worker: _Worker[T] = _Worker(work)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.dialog.canceled.connect(self.cancel)
        _MainThreadCollection.pause()
        BackgroundTask.running.add(self)
        self._thread.start()

    @property
    def progress(self) -> Progress:
        return self.worker.progress

    def cancel(self) -> None:
        self.worker.progress.cancel()
        if isValid(self.dialog):
            self.dialog.setLabelText("Cancelling…")

    def _progressed(self, done: int, total: int, text: str) -> None:
        if not isValid(self.dialog):
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _end(self) -> None:
        self._thread.quit()
        self._thread.wait()
        _MainThreadCollection.resume()
        if isValid(self.dialog):
            self.dialog.reset()
            self.dialog.hide()
        self.done.emit()
        BackgroundTask.running.discard(self)
        self.deleteLater()

    def _finished(self, result: object) -> None:
        self._end()
        if isValid(self._parent):
            self._on_done(result)  # type: ignore[arg-type]

    def _failed(self, error: object) -> None:
        self._end()
        if isinstance(error, Cancelled) or not isValid(self._parent):
            return
        if self._on_error is not None and isinstance(error, BaseException):
            self._on_error(error)
        elif isinstance(error, BaseException):
            raise error


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> BackgroundTask:
    """Start `work` on a worker thread; `on_done`/`on_error` run on the UI thread afterwards."""
    return BackgroundTask(parent, title, work, on_done, on_error)
