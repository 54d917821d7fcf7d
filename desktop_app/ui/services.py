"""What every screen shares: the home, the operations' context, and the signal that data changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_app.app import settings
from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.home import Home


class AppServices(QObject):
    """Composed once in `run_gui` (or by a test) and handed to every screen."""

    changed = Signal(object)  # a desktop_app.app.changes.Changed, after an operation returns

    def __init__(self, home: Home) -> None:
        super().__init__()
        self.home = home
        self.context = AppContext(home)

    def setting(self, key: str, default: object = None) -> object:
        return settings.setting(self.context, key, default)

    def current_user(self) -> str:
        return settings.current_user(self.context)

    def announce(self, changed: Changed) -> None:
        """Tell every screen what an operation changed (each refreshes if it shows that kind)."""
        if changed:
            self.changed.emit(changed)

    def close(self) -> None:
        self.context.close()
