"""Fault injection for a full disk: the k-th write of a piece of work fails with ENOSPC.

Write points counted, in the order the work reaches them: opening a file for writing (a full disk
can refuse the new file itself), each ``write`` on such a file (files made by ``open``,
``Path.open``/``write_text``/``write_bytes`` and ``os.fdopen``, so ZIP files too), each
``shutil.copyfile``/``copy2``, and each database commit (SQLite's "database or disk is full").
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session


@dataclass
class DiskFull:
    """Counts write points; the one numbered `fail_at` (from 0) raises. `fail_at` None counts only."""

    fail_at: int | None
    seen: int = 0
    failed: bool = False

    def point(self, what: str) -> None:
        number, self.seen = self.seen, self.seen + 1
        if number == self.fail_at:
            self.failed = True
            raise OSError(errno.ENOSPC, f"No space left on device ({what})")


class _Writing:
    """A file object whose writes are write points."""

    def __init__(self, handle: Any, disk: DiskFull) -> None:
        self._handle = handle
        self._disk = disk

    def write(self, data: Any) -> int:
        self._disk.point("write")
        return int(self._handle.write(data))

    def __enter__(self) -> _Writing:
        self._handle.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.__exit__(*exc)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._handle)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _writes(mode: Any) -> bool:
    return isinstance(mode, str) and any(flag in mode for flag in "wax+")


@contextmanager
def disk_full_at(monkeypatch: pytest.MonkeyPatch, fail_at: int | None) -> Iterator[DiskFull]:
    """Patch the write points for the block; yields the counter (``seen`` = points passed)."""
    disk = DiskFull(fail_at)
    real_open, real_fdopen = io.open, os.fdopen
    real_copyfile, real_commit = shutil.copyfile, Session.commit

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if not _writes(mode) or isinstance(file, int):
            return real_open(file, mode, *args, **kwargs)
        disk.point(f"open {file}")
        return _Writing(real_open(file, mode, *args, **kwargs), disk)

    def fdopening(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return _Writing(handle, disk) if _writes(mode) else handle

    def copying(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        disk.point(f"copy to {dst}")
        return real_copyfile(src, dst, *args, **kwargs)

    def committing(self: Session) -> None:
        try:
            disk.point("commit")
        except OSError:
            full = sqlite3.OperationalError("database or disk is full")
            raise OperationalError("COMMIT", {}, full) from None
        real_commit(self)

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", opening)
        patch.setattr(io, "open", opening)
        patch.setattr(os, "fdopen", fdopening)
        patch.setattr(shutil, "copyfile", copying)
        patch.setattr(Session, "commit", committing)
        yield disk
