"""Temporary folders and files of an import, made so that a kill at any moment leaves no trace.

- Work folders are `.bundle-check-<pid>-<random>` in the home; they are removed when the work
  ends, and `desktop_app.store.recovery` sweeps those of processes that no longer run.
- Files an import adds to the home (attachments, the stored copy of the bundle) are written as
  `.<name>.<pid>.part` and renamed into place only after the database transaction that adds their
  rows has committed; a rollback deletes them. So a file is visible only with its row.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session

from desktop_app.home import Home
from desktop_app.store.recovery import PART_SUFFIX, WORK_FOLDER_PREFIX


@contextmanager
def check_folder(home: Home) -> Iterator[Path]:
    """A fresh work folder in the home, removed (with its content) when the block ends."""
    home.root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-", dir=home.root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def part_name(final: Path) -> Path:
    """The temporary name `final` is written under: `.<name>.<pid>.part` in the same folder."""
    return final.with_name(f".{final.name}.{os.getpid()}{PART_SUFFIX}")


class PendingFiles:
    """Files written under their part name, moved into place when `session` commits."""

    def __init__(self, session: Session) -> None:
        self._moves: list[tuple[Path, Path]] = []
        event.listen(session, "after_commit", self._commit)
        event.listen(session, "after_rollback", self._rollback)

    def add(self, part: Path, final: Path) -> None:
        """`part` becomes `final` on commit, or is deleted on rollback."""
        self._moves.append((part, final))

    def discard(self) -> None:
        """Delete every part file not yet moved (the work failed before its commit)."""
        self._rollback(None)

    def _commit(self, _session: object) -> None:
        moves, self._moves = self._moves, []
        for part, final in moves:
            if part.exists():
                os.replace(part, final)

    def _rollback(self, _session: object) -> None:
        moves, self._moves = self._moves, []
        for part, _final in moves:
            part.unlink(missing_ok=True)


def pending_files(session: Session) -> PendingFiles:
    """The session's PendingFiles (one per session, made on first use)."""
    pending = session.info.get("pending_files")
    if not isinstance(pending, PendingFiles):
        pending = PendingFiles(session)
        session.info["pending_files"] = pending
    return pending
