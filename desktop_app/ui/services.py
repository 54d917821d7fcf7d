"""What every screen shares: the home, a quick reader, the ORM database on demand, change signals."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.home import Home
from desktop_app.store.schema import connect_read_only

if TYPE_CHECKING:
    from desktop_app.app.context import AppContext
    from desktop_app.store.database import Database


class AppServices(QObject):
    """Composed once in `run_gui` (or by a test) and handed to every screen."""

    data_changed = Signal(str)  # what changed: "assessments", "visits", "bundles", "keys", "all"

    def __init__(self, home: Home) -> None:
        super().__init__()
        self.home = home
        self._reader: sqlite3.Connection | None = None
        self._database: Database | None = None

    @property
    def reader(self) -> sqlite3.Connection:
        """Read-only stdlib connection for lists (fast to open; no ORM import)."""
        if self._reader is None:
            self._reader = connect_read_only(self.home.database)
        return self._reader

    @property
    def database(self) -> Database:
        """The ORM database, opened on first use (SQLAlchemy is imported only then)."""
        if self._database is None:
            from desktop_app.store.database import open_database

            self._database = open_database(self.home)
        return self._database

    @property
    def context(self) -> AppContext:
        """The application layer's context for operations in ``desktop_app.app``, sharing this
        window's database (closed with it)."""
        from desktop_app.app.context import AppContext

        return AppContext(self.home, self.database)

    def setting(self, key: str, default: object = None) -> object:
        from desktop_app.store.repositories.listing import setting_value

        raw = setting_value(self.reader, key)
        return default if raw is None else json.loads(raw)

    def current_user(self) -> str:
        """The person's name and council (signing identity, else the remembered name); never
        a placeholder such as "Me"."""
        from desktop_app.app.people import current_person

        return current_person(self.context).name

    def notify(self, what: str) -> None:
        self.data_changed.emit(what)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._database is not None:
            self._database.close()
            self._database = None
