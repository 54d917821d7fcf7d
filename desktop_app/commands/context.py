"""What every command handler gets: the parsed arguments, the home, and the operations' context.

Commands parse and print; the data is read and changed by ``desktop_app.app`` operations,
which take ``context.app``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from desktop_app.app.context import AppContext
from desktop_app.commands.printing import print_json as print_json
from desktop_app.commands.printing import print_json_lines as print_json_lines
from desktop_app.commands.printing import print_table as print_table
from desktop_app.home import Home, HomeLock, resolve_home


@dataclass
class CommandContext:
    args: argparse.Namespace
    home: Home
    _lock: HomeLock | None = field(default=None, repr=False)
    _app: AppContext | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CommandContext:
        return cls(args=args, home=Home(resolve_home(args.home)))

    @property
    def app(self) -> AppContext:
        """The context the desktop_app.app operations run in (one per command run)."""
        if self._app is None:
            self._app = AppContext(self.home)
        return self._app

    def lock_home(self) -> None:
        """Commands that change the data take the same lock as the window."""
        if self._lock is None:
            self.home.ensure()
            lock = HomeLock(self.home)
            lock.acquire()
            self._lock = lock

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
