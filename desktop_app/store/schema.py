"""What the start path needs to know about the database without importing SQLAlchemy.

SQLAlchemy and SQLModel take about 0.4 s to import, more than the whole bare window; so the
window's first screen reads through the standard library's sqlite3, and the ORM loads later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from desktop_app.errors import UserError
from desktop_app.full_disk import full_disk_sentence

# Every revision this version knows, oldest first; the last is the head. A test checks that this
# list matches the Alembic scripts, so start-up never has to import Alembic to know it is current.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
# Free space under which SQLite's "disk I/O error" is read as a full disk: SQLite needs room for
# its -shm and -wal files (at least 32 KiB + a page each) even to read; 8 MiB leaves no doubt.
NEARLY_FULL_BYTES = 8 * 1024 * 1024


class DatabaseError(UserError):
    """The database cannot be opened; the message says why and what to do."""

    exit_code = 5


class NewerDatabaseError(DatabaseError):
    """The file was written by a newer version of Critical Friend."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a readable Critical Friend database."""


def read_revision(path: Path) -> str | None:
    """The schema revision stored in the file, read without changing it (None for a new file)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise CorruptDatabaseError(
            f"{path} is a folder, not a database; move it away or choose another --home."
        )
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise CorruptDatabaseError(
                f"{path} is not a Critical Friend database (it may be damaged); move it away to start "
                f"afresh, or put back a copy from {path.parent / 'backups'}."
            )
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise CorruptDatabaseError(
                    f"{path} is a database of another program, not of Critical Friend; "
                    "choose another folder with --home."
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        full = disk_full_sentence(exc, path)
        if full is not None:
            raise DatabaseError(full) from exc
        raise CorruptDatabaseError(
            f"{path} cannot be read ({exc}); it may be damaged: put back a copy from "
            f"{path.parent / 'backups'} or move it away to start afresh."
        ) from exc
    return None if row is None else str(row[0])


def disk_full_sentence(exc: BaseException, path: Path) -> str | None:
    """The one full-disk sentence (`desktop_app.full_disk.full_disk_sentence`) when
    SQLite's `exc` while using the database at `path` means its disk is full: SQLITE_FULL
    ("database or disk is full"), or SQLITE_IOERR ("disk I/O error", which SQLite gives when it
    cannot make its -shm file) while the disk holding `path` has less than `NEARLY_FULL_BYTES`
    free (`shutil.disk_usage`). None otherwise: the file may then really be damaged. SQLite
    result codes: https://www.sqlite.org/rescode.html."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    full = primary == sqlite3.SQLITE_FULL or "database or disk is full" in text
    if not full and (primary == sqlite3.SQLITE_IOERR or "disk i/o error" in text):
        import shutil

        try:
            full = shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
        except OSError:
            full = False
    if not full:
        return None
    return full_disk_sentence(path.parent)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only standard-library connection (rows as sqlite3.Row) for quick listings."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA busy_timeout=5000")
    return connection


def create_new_database(database_path: Path) -> bool:
    """Make a new, empty database at the head revision from the schema's own SQL (no ORM, no
    Alembic); False when that SQL is not at the head (a migration was added since it was made),
    and then the caller runs Alembic. Raises DatabaseError, leaving no file behind, when the
    folder cannot hold the database."""
    from desktop_app.store.schema_sql import create_database_from_sql, schema_file_revision

    if schema_file_revision() != HEAD_REVISION:
        return False
    try:
        create_database_from_sql(database_path)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(
            f"Critical Friend could not create {database_path} ({exc}); check that the disk has "
            "space and the folder can be written, or choose another folder with --home."
        ) from exc
    return True


def ensure_current_schema(database_path: Path, open_full: Callable[[], object]) -> None:
    """Create or migrate the database only when needed: a new home from the head schema's SQL,
    and the ORM and Alembic are imported only when a migration is due."""
    revision = read_revision(database_path)
    if revision == HEAD_REVISION:
        return
    is_empty = not database_path.exists() or database_path.stat().st_size == 0
    if revision is None and is_empty and create_new_database(database_path):
        return
    open_full()  # a migration, or a file half-made by a killed first start (set aside there)
