"""What every operation gets: the home, and its database opened on demand."""

from __future__ import annotations

import sqlite3

from desktop_app.home import Home

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (3 ms; issue 17)
if TYPE_CHECKING:
    from desktop_app.store.database import Database as Database

Reader = sqlite3.Connection  # what ``AppContext.reader()`` gives (rows as ``sqlite3.Row``)


class AppContext:
    """One home's data for the operations in ``desktop_app.app``.

    The window makes one for its lifetime (``AppServices.context``); a command makes one per run
    (``CommandContext.app``). ``database`` opens the ORM database on first use (SQLAlchemy is
    imported only then); ``reader()`` is a quick read-only ``sqlite3`` connection for lists.
    ``_database`` hands it an ORM database already open (tests). A plain class, not a dataclass,
    so that the quick `list` path does not import ``dataclasses`` (see ``desktop_app.home.Home``).
    """

    def __init__(self, home: Home, _database: Database | None = None) -> None:
        self.home = home
        self._database = _database
        self._reader: sqlite3.Connection | None = None

    @property
    def database(self) -> Database:
        """The ORM database (created or migrated on first use)."""
        if self._database is None:
            from desktop_app.store.database import open_database

            self._database = open_database(self.home)
        return self._database

    def reader(self) -> Reader:
        """A read-only connection, after creating or migrating the database if needed."""
        if self._reader is None:
            from desktop_app.store.schema import connect_read_only, ensure_current_schema

            self.home.ensure()
            ensure_current_schema(self.home.database, lambda: self.database)
            self._reader = connect_read_only(self.home.database)
        return self._reader

    def close(self) -> None:
        """Closes whatever was opened; safe to call twice."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._database is not None:
            self._database.close()
            self._database = None
