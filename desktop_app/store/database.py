"""Open (and if needed create or migrate) the home's SQLite database.

Nothing happens at import time. A database written by a newer Critical Friend is refused and left
untouched; before any migration of an existing file a copy goes to ``backups/``.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine
from sqlmodel import Session

from desktop_app.home import Home, describe_os_error
from desktop_app.store.schema import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    DatabaseError,
    NewerDatabaseError,
    create_new_database,
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
    """Open the home's database, creating or migrating it as needed."""
    home.ensure()
    path = home.database
    is_new = not path.exists() or path.stat().st_size == 0
    revision = read_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Critical Friend (schema {revision}); "
            "install the latest version to open it. The file has not been changed."
        )
    try:
        if revision is not None and revision != HEAD_REVISION:
            backup_database(home, f"before-{HEAD_REVISION}")
        if revision is None and create_new_database(path):
            revision = HEAD_REVISION
        engine = make_engine(path)
        if revision != HEAD_REVISION:
            run_migrations(engine)
    except (sqlite3.OperationalError, OSError) as exc:
        if is_new:
            _remove_new_database(path)
        raise DatabaseError(_describe_storage_error(exc, path)) from exc
    except Exception as exc:
        if is_new:
            _remove_new_database(path)
        if "disk" in str(exc).lower() and "full" in str(exc).lower():
            raise DatabaseError(_describe_storage_error(exc, path)) from exc
        raise
    return Database(home=home, engine=engine)


def _remove_new_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _describe_storage_error(exc: BaseException, path: Path) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return describe_os_error(exc, path.parent)
    text = str(exc).lower()
    if "full" in text:
        return describe_os_error(OSError(errno.ENOSPC, "disk full"), path.parent)
    if "readonly" in text or "read-only" in text or "permission" in text:
        return describe_os_error(OSError(errno.EACCES, "read only"), path)
    return f"Critical Friend could not open {path} ({exc}); check the disk and try again."


def integrity_check(database: Database) -> str:
    """`PRAGMA integrity_check`: 'ok' when the file is sound."""
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)
