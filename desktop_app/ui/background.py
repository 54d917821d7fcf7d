"""The window's one runner: an app operation off the UI thread, with a cancellable progress dialog.

``run_operation(parent, title, work, on_done, on_error)`` runs ``work(progress)`` on a plain
Python thread (no Qt object is made, moved or touched there). The worker only puts plain messages
("progress", "done", "failed") on a thread-safe queue; a relay ``QObject`` living on the UI
thread drains it with a ``QTimer``, so every Qt call (the dialog, the callbacks, announcing what
changed) happens on the UI thread.

- The progress dialog appears only when the work takes more than 300 ms; its Cancel button sets
  the one progress type's flag (``desktop_app.progress.Progress``), whose next ``report`` raises
  ``Cancelled``; a cancelled operation calls neither callback.
- When the work returns a result with ``changed`` (a ``desktop_app.app.changes.Changed``), the
  runner announces it through the window's ``AppServices.announce`` before ``on_done`` runs, so
  screens refresh from the flags and no screen announces by hand.
- Garbage collection stays on. While work runs, the objects that existed when it started are
  frozen (``gc.freeze``: moved out of the collector's reach, not copied), so a collection that
  happens to run on the worker thread never frees the window's Qt objects there; they are
  unfrozen when the last operation ends. Garbage made meanwhile is collected as usual.
"""

from __future__ import annotations

import gc
import itertools
import queue
import threading
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from desktop_app.app.changes import Changed
from desktop_app.errors import Cancelled
from desktop_app.progress import Progress

__all__ = ["BackgroundTask", "Progress", "run_operation"]

T = TypeVar("T")
SHOW_PROGRESS_AFTER_MS = 300  # quicker work never flashes a dialog
POLL_MS = 15  # how often the UI thread looks for the workers' messages while work runs


class _Relay(QObject):
    """Lives on the UI thread and hands the workers' queued messages to their tasks."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: queue.SimpleQueue[tuple[int, str, Any]] = queue.SimpleQueue()
        self.tasks: dict[int, BackgroundTask] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.drain)

    def add(self, key: int, task: BackgroundTask) -> None:
        self.tasks[key] = task
        if not self.timer.isActive():
            self.timer.start()

    def drain(self) -> None:
        latest: dict[int, tuple[int, int, str]] = {}
        endings: list[tuple[int, str, Any]] = []
        while True:
            try:
                key, kind, payload = self.messages.get_nowait()
            except queue.Empty:
                break
            if kind == "progress":
                latest[key] = payload  # only the newest step matters to the dialog
            else:
                endings.append((key, kind, payload))
        for key, step in latest.items():
            if (task := self.tasks.get(key)) is not None:
                task._progressed(*step)
        raised: list[BaseException] = []
        for key, kind, payload in endings:
            task = self.tasks.pop(key, None)
            if task is not None:
                try:
                    task._ended(kind == "done", payload)
                except BaseException as exc:  # an unhandled error: the other tasks still end
                    raised.append(exc)
        if not self.tasks:
            self.timer.stop()
        if raised:
            raise raised[0]


_relay: _Relay | None = None
_keys = itertools.count(1)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None or not isValid(_relay):
        _relay = _Relay()
    return _relay


def _services_of(widget: QWidget) -> Any:
    """The window's ``AppServices``: the nearest ``services`` attribute up the parent chain."""
    from desktop_app.ui.services import AppServices

    current: QWidget | None = widget
    while current is not None and isValid(current):
        services = getattr(current, "services", None)
        if isinstance(services, AppServices):
            return services
        current = current.parentWidget()
    return None


class BackgroundTask(QObject):
    """One running operation. It keeps itself alive until the work ends, even if the page that
    started it is closed meanwhile; then its callbacks are skipped (what the work wrote stays).
    ``done`` is emitted on the UI thread once the work has ended, however it ended."""

    done = Signal()
    running: ClassVar[set[BackgroundTask]] = set()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        announces: Changed = Changed.NONE,
    ) -> None:
        super().__init__()
        self._parent = parent
        self._services = _services_of(parent)
        self._work: Callable[[Progress], Any] | None = work  # dropped on the UI thread
        self._on_done = on_done
        self._on_error = on_error
        self._announces = announces
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        key = next(_keys)
        messages = _the_relay().messages
        self.progress = Progress(
            lambda done, total, text: messages.put((key, "progress", (done, total, text)))
        )
        if not BackgroundTask.running:
            gc.freeze()  # the window's objects stay out of a worker's collection
        BackgroundTask.running.add(self)
        _the_relay().add(key, self)
        self._thread = threading.Thread(
            target=_work_in_thread, args=(work, self.progress, key, messages), name=title
        )
        self._thread.start()

    def cancel(self) -> None:
        self.progress.cancel()
        if isValid(self.dialog):
            self.dialog.setLabelText("Cancelling…")

    def _progressed(self, done: int, total: int, text: str) -> None:
        if not isValid(self.dialog):
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _ended(self, succeeded: bool, payload: Any) -> None:
        self._thread.join()  # the worker put its last message; it is returning
        self._work = None
        BackgroundTask.running.discard(self)
        if not BackgroundTask.running:
            gc.unfreeze()
        if isValid(self.dialog):
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        try:
            if succeeded:
                self._finished(payload)
            else:
                self._failed(payload)
        finally:
            self.done.emit()
            self.deleteLater()

    def _finished(self, result: Any) -> None:
        changed = getattr(result, "changed", Changed.NONE)
        changed = (changed if isinstance(changed, Changed) else Changed.NONE) | self._announces
        if changed and self._services is not None and isValid(self._services):
            self._services.announce(changed)
        if self._on_done is not None and isValid(self._parent):
            self._on_done(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled) or not isValid(self._parent):
            return
        if self._on_error is None:
            raise error
        self._on_error(error)


def _work_in_thread(
    work: Callable[[Progress], Any],
    progress: Progress,
    key: int,
    messages: queue.SimpleQueue[tuple[int, str, Any]],
) -> None:
    """The worker thread: runs the work and queues its result or error (plain Python only)."""
    try:
        result = work(progress)
    except BaseException as exc:  # reported to the UI thread, never swallowed
        messages.put((key, "failed", exc))
    else:
        messages.put((key, "done", result))


def run_operation(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    announces: Changed = Changed.NONE,
) -> BackgroundTask:
    """Start ``work`` (an app operation taking the cancellable ``Progress``) on a worker thread.

    Afterwards, on the UI thread: the result's ``changed`` flags (and ``announces``, for work whose
    result does not carry them) are announced to every screen, then ``on_done(result)`` runs;
    or ``on_error(error)`` (re-raised when None). Neither runs once ``parent`` is deleted or the
    user cancelled. ``work`` must not create or touch Qt objects.
    """
    return BackgroundTask(parent, title, work, on_done, on_error, announces)
