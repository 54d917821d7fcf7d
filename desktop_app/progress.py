"""How long work reports progress, without knowing who listens (a Qt dialog, the terminal, nobody)."""

from __future__ import annotations

from typing import Protocol


class ProgressSink(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None:
        """Say how far the work is; raises desktop_app.errors.Cancelled when the user cancelled."""

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
