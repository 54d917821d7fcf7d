"""What every command handler gets: the parsed arguments, the home, and the operations' context.

Commands parse and print; the data is read and changed by ``desktop_app.app`` operations,
which take ``context.app``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.app.context import AppContext
from desktop_app.home import Home, HomeLock, resolve_home
from desktop_app.plain_text import visible


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


def print_json(value: Any) -> None:
    """JSON on stdout; a list one object a line (encoded by json's C encoder, which an indent
    would turn off: 10,000 audits in a tenth of the time)."""
    if isinstance(value, list):
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        print_json_lines(encode(item) for item in value)
        return
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def print_json_lines(objects: Iterable[str]) -> None:
    """A JSON list on stdout from objects already encoded as JSON text, one a line."""
    lines = list(objects)
    sys.stdout.write("[\n  " + ",\n  ".join(lines) + "\n]\n" if lines else "[]\n")


def print_table(rows: Sequence[Mapping[str, Any]], columns: Iterable[str]) -> None:
    """A plain aligned text table; an empty list says so."""
    columns = list(columns)
    if not rows:
        print("(none)")
        return
    texts = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(text[i]) for text in texts)) for i, column in enumerate(columns)
    ]
    print("  ".join(column.upper().ljust(widths[i]) for i, column in enumerate(columns)).rstrip())
    for text in texts:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(text)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # 549.0999999999999 (a mean or rate worked out in binary floating point) reads 549.1
        return repr(round(value, 6))
    return visible(value)  # text from bundles: control characters shown, never obeyed
