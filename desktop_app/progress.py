"""How long work reports progress, without knowing who listens (a Qt dialog, the terminal, nobody)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from desktop_app.errors import Cancelled


def is_last_step(done: int, total: int) -> bool:
    """True for the step that says the work is finished (``done`` reached a positive ``total``)."""
    return total > 0 and done >= total


class ProgressSink(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None:
        """Say how far the work is; raises desktop_app.errors.Cancelled when the user cancelled,
        except at the last step (``is_last_step``), reported once the result is in place."""

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""


class NoProgress:
    """Progress nobody watches (the command line, tests)."""

    def report(self, done: int, total: int, text: str = "") -> None:
        return None

    @property
    def cancelled(self) -> bool:
        return False


class Progress:
    """Progress someone watches and may cancel: ``report`` passes each step to ``emit`` (the
    window's progress dialog, the terminal) and raises ``Cancelled`` once ``cancel`` was called.

    The last step (``done >= total > 0``) never raises: writers report it only after their
    finished file is in place (``desktop_app.output_files.put_in_place``) and the work is done,
    so a cancel that arrives that late is too late, and the operation reports success rather
    than "cancelled" over a file it has already replaced. Before that, a cancel leaves the old
    file untouched and the temporary file removed (each writer's own clean-up).

    Holds no Qt object, so the window's runner hands it to a worker thread safely.
    """

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set() and not is_last_step(done, total):
            raise Cancelled()
        self._emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()
