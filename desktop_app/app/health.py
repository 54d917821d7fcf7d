"""The `doctor` command's facts about the home's database: SQLite, schema revision, integrity."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop_app.app.context import AppContext


@dataclass(frozen=True)
class DatabaseHealth:
    """``integrity`` is SQLite's `PRAGMA integrity_check` answer: "ok" when the file is sound."""

    sqlite_version: str  # the SQLite library Python runs, e.g. "3.45.1"
    stored_revision: str | None  # the home's Alembic revision before this run; None when new
    head_revision: str  # the revision this version of the app writes
    integrity: str

    @property
    def sound(self) -> bool:
        return self.integrity == "ok"


def check_database(ctx: AppContext) -> DatabaseHealth:
    """Reads the stored revision, then opens (creating or migrating) the database and runs
    SQLite's integrity check (https://sqlite.org/pragma.html#pragma_integrity_check)."""
    from desktop_app.store.database import integrity_check
    from desktop_app.store.schema import HEAD_REVISION, read_revision

    database_file = ctx.home.database
    stored = read_revision(database_file) if database_file.exists() else None
    return DatabaseHealth(
        sqlite_version=sqlite3.sqlite_version,
        stored_revision=stored,
        head_revision=HEAD_REVISION,
        integrity=integrity_check(ctx.database),
    )


def write_failure_sentence(exc: BaseException, where: Path) -> str | None:
    """The one sentence for a write that failed for want of space or permission (an OSError, or
    SQLite's full-disk, I/O or read-only errors), naming ``where``; None for any other error.
    The command line's error handler asks this (``desktop_app.store.database.write_failure``)."""
    from desktop_app.store.database import write_failure

    return write_failure(exc, where)
