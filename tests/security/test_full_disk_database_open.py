"""A full disk while the database is opened: SQLite says "database or disk is full", or "disk I/O
error" when it cannot make its -shm file. Every command then says the disk is full (the one
full-disk sentence), never that the database may be damaged nor to move it away."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.helpers import run_cli


class _Usage(NamedTuple):
    total: int
    used: int
    free: int


def _failing_connect(message: str, code: int) -> Callable[..., Any]:
    def connect(*_args: Any, **_kwargs: Any) -> sqlite3.Connection:
        error = sqlite3.OperationalError(message)
        error.sqlite_errorcode = code  # what SQLite sets on the error it raises
        raise error

    return connect


@pytest.mark.parametrize(
    ("message", "code", "free", "full"),
    [
        ("disk I/O error", 10 | (4 << 8), 4096, True),  # SQLITE_IOERR_SHORT_READ, disk nearly full
        ("database or disk is full", sqlite3.SQLITE_FULL, 10**9, True),
        ("disk I/O error", 10, 10**9, False),  # room to spare: the file may be damaged
    ],
)
def test_a_full_disk_is_named_as_such_when_the_database_opens(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    message: str,
    code: int,
    free: int,
    full: bool,
) -> None:
    home = tmp_path / "home"
    assert run_cli(capsys, "--home", str(home), "list", "bundles").code == 0
    monkeypatch.setattr(sqlite3, "connect", _failing_connect(message, code))
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: _Usage(10**10, 10**10 - free, free))
    result = run_cli(capsys, "--home", str(home), "list", "bundles")
    assert result.code == 5
    if full:
        assert result.err == (
            f"critical-friend: The disk holding {home} is full; free some space and try again.\n"
        )
    else:
        assert "it may be damaged" in result.err
    monkeypatch.undo()
    assert run_cli(capsys, "--home", str(home), "list", "bundles").code == 0
