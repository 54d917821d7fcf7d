"""Files written beside a database transaction, visible only once it commits.

A file the home gains together with rows (an attachment, the stored copy of a bundle, a bundle
the demo "sent") is written as `.<name>.<pid>.part` in its final folder and renamed into place
only after the transaction adding its rows has committed; a rollback, or any error before the
commit, deletes it. So a full disk or a kill part-way never leaves a file with no row (a kill
leaves at most a part file, which `desktop_app.store.recovery` sweeps at the next start). A file
that must be readable before the commit is created in place and deleted on rollback instead
(`PendingFiles.created`; after a kill, recovery sweeps attachments that have no row).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session

from desktop_app.store.recovery import PART_SUFFIX


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

    def created(self, path: Path) -> None:
        """`path` was just created in place (it must be readable before the commit, as an
        attachment the same transaction exports): kept on commit, deleted on rollback."""
        self._moves.append((path, path))

    def discard(self) -> None:
        """Delete every part file not yet moved (the work failed before its commit)."""
        self._rollback(None)

    def _commit(self, _session: object) -> None:
        moves, self._moves = self._moves, []
        for part, final in moves:
            if part != final and part.exists():
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
