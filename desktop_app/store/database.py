"""Open (and if needed create or migrate) the home's SQLite database.

Nothing happens at import time. A database written by a newer Critical Friend is refused and left
untouched; before any migration of an existing file a copy goes to ``backups/``.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from desktop_app.full_disk import full_disk_sentence
from desktop_app.home import Home, describe_os_error
from desktop_app.store.recovery import finish_interrupted_files, sweep_work_folders
from desktop_app.store.schema import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    CorruptDatabaseError,
    DatabaseError,
    NewerDatabaseError,
    create_new_database,
    disk_full_sentence,
    read_revision,
)


@dataclass
class Database:
    """An open database: the engine plus the home it belongs to."""

    home: Home
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _transactional_ddl(engine: Engine) -> Engine:
    """Make CREATE/ALTER part of the transaction (SQLAlchemy's pysqlite recipe).

    Python's sqlite3 module commits before every DDL statement, so a migration killed half-way
    left some tables made and no revision recorded. With the driver's own transaction handling
    off and an explicit BEGIN, a migration is all or nothing: SQLite's journal rolls back an
    interrupted one at the next open.
    """

    def no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    def begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", no_driver_transactions)
    event.listen(engine, "begin", begin)
    return engine


def backup_database(home: Home, reason: str) -> Path:
    """Copy the database (consistently, WAL included) into backups/ and return the copy's path."""
    home.backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = home.backups / f"critical-friend-{stamp}-{reason}.db"
    source = sqlite3.connect(f"{home.database.as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error:
        target.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return target


def run_migrations(engine: Engine) -> None:
    """Bring the schema to the head revision (Alembic is imported only here)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(home: Home) -> Database:
    """Open the home's database, creating or migrating it as needed.

    A migration is all or nothing (see `_transactional_ddl`); should one still fail, the copy
    taken before it is put back and DatabaseError says so. A database left half-made by a first
    start killed under an older version (tables but no revision) is set aside in backups/ and
    made afresh: a first start holds no user data. Leftovers of killed imports are swept
    (`desktop_app.store.recovery`).
    """
    home.ensure()
    path = home.database
    if path.is_dir():
        raise CorruptDatabaseError(
            f"{path} is a folder, not a database; move it away or choose another --home."
        )
    is_new = not path.exists() or path.stat().st_size == 0
    revision = read_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Critical Friend (schema {revision}); "
            "install the latest version to open it. The file has not been changed."
        )
    if revision is None and not is_new and _has_tables(path):
        _set_aside(home, path, "interrupted-first-start")
        is_new = True
    backup: Path | None = None
    try:
        if revision is not None and revision != HEAD_REVISION:
            backup = backup_database(home, f"before-{HEAD_REVISION}")
        if revision is None and create_new_database(path):
            revision = HEAD_REVISION
        if revision != HEAD_REVISION:
            migration_engine = _transactional_ddl(make_engine(path))
            try:
                run_migrations(migration_engine)
            finally:
                migration_engine.dispose()
        engine = make_engine(path)
    except (sqlite3.OperationalError, OSError) as exc:
        _undo_failed_open(path, is_new, backup)
        raise DatabaseError(_describe_storage_error(exc, path)) from exc
    except Exception as exc:
        _undo_failed_open(path, is_new, backup)
        if "disk" in str(exc).lower() and "full" in str(exc).lower():
            raise DatabaseError(_describe_storage_error(exc, path)) from exc
        if backup is not None:
            raise DatabaseError(
                f"{path} could not be upgraded ({exc}); it was put back as it was. "
                "Report this with the file in backups/."
            ) from exc
        raise
    sweep_work_folders(home)
    with contextlib.suppress(OSError, sqlite3.Error, SQLAlchemyError):
        finish_interrupted_files(home, engine)  # best effort; it runs again at the next start
    return Database(home=home, engine=engine)


def _has_tables(path: Path) -> bool:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
        ).fetchone()
    finally:
        connection.close()
    return row is not None


def _set_aside(home: Home, path: Path, reason: str) -> None:
    """Move the database (and its WAL files) into backups/ under a name saying why."""
    home.backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.replace(home.backups / f"critical-friend-{stamp}-{reason}.db{suffix}")


def _undo_failed_open(path: Path, is_new: bool, backup: Path | None) -> None:
    if is_new:
        _remove_new_database(path)
    elif backup is not None and backup.exists():
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(backup, path)


def _remove_new_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def write_failure(exc: BaseException, where: Path) -> str | None:
    """The one sentence for a write that failed for want of space or permission: an OSError, or
    SQLite's "database or disk is full", "disk I/O error" or read-only error (raw or wrapped by
    SQLAlchemy); None for any other error, which the caller re-raises."""
    if isinstance(exc, OSError):
        return describe_os_error(exc, where)
    original = getattr(exc, "orig", exc)
    if not isinstance(original, sqlite3.Error):
        return None
    text = str(original).lower()
    if "full" in text or "disk i/o" in text:
        return full_disk_sentence(where)
    if "readonly" in text or "read-only" in text:
        return describe_os_error(OSError(errno.EACCES, "read only"), where)
    return None


def _describe_storage_error(exc: BaseException, path: Path) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return describe_os_error(exc, path.parent)
    full = disk_full_sentence(exc, path)
    if full is not None:
        return full
    text = str(exc).lower()
    if "full" in text:
        return full_disk_sentence(path.parent)
    if "readonly" in text or "read-only" in text or "permission" in text:
        return describe_os_error(OSError(errno.EACCES, "read only"), path)
    return f"Critical Friend could not open {path} ({exc}); check the disk and try again."


def integrity_check(database: Database) -> str:
    """`PRAGMA integrity_check`: 'ok' when the file is sound."""
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)
