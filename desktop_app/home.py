"""The user's home folder: where the database, attachments, backups and logs live."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

from desktop_app.errors import UserError
from desktop_app.full_disk import full_disk_sentence, is_full_disk

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (3 ms; issue 17)
if TYPE_CHECKING:
    from typing import IO

HOME_ENV = "CRITICAL_FRIEND_HOME"
DATABASE_NAME = "critical-friend.db"


class HomeError(UserError):
    """The home folder cannot be used."""


class HomeInUseError(HomeError):
    """Another Critical Friend window already has this home open."""

    exit_code = 4


def default_home() -> Path:
    """The per-user data folder chosen by platformdirs (imported only when needed)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("CriticalFriend", appauthor=False, roaming=True))


def resolve_home(cli_value: str | None) -> Path:
    """`--home` wins, then CRITICAL_FRIEND_HOME, then the platform's per-user folder."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_home()


class Home:
    """Paths inside one home folder. Creating a Home touches nothing on disk.

    Compared and hashed by its root, and read-only, as a frozen dataclass would be; written out
    because importing ``dataclasses`` (and ``inspect`` with it) costs about 10 ms, a sixth of a
    quick `list` (issue 17).
    """

    __slots__ = ("_root",)

    def __init__(self, root: Path) -> None:
        self._root = root

    @property
    def root(self) -> Path:
        return self._root

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._root == other._root

    def __hash__(self) -> int:
        return hash(self._root)

    def __repr__(self) -> str:
        return f"Home(root={self._root!r})"

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def bundles(self) -> Path:
        return self.root / "bundles"

    @property
    def ui_settings(self) -> Path:
        return self.root / "window.ini"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"

    def ensure(self) -> None:
        """Create the folders, or raise HomeError with what to do."""
        try:
            for folder in (self.root, self.attachments, self.backups, self.logs):
                folder.mkdir(parents=True, exist_ok=True)
            probe = self.root / ".write-test"
            try:
                probe.write_bytes(b"ok")
            finally:
                probe.unlink(missing_ok=True)
        except OSError as exc:
            raise HomeError(describe_os_error(exc, self.root)) from exc

    def exists_with_data(self) -> bool:
        return self.database.exists()


def describe_os_error(exc: OSError, where: Path) -> str:
    """One plain sentence for a file-system error, naming the place and the remedy."""
    if is_full_disk(exc):
        return full_disk_sentence(where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Critical Friend cannot write to {where}; choose another folder with --home "
            "or ask IT to give you write access."
        )
    return f"Critical Friend cannot use {where} ({exc.strerror or exc}); choose another folder with --home."


class HomeLock:
    """An exclusive lock on a home, so two windows never edit the same database at once."""

    def __init__(self, home: Home) -> None:
        self._home = home
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        path = self._home.lock_file
        try:
            handle = open(path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as exc:  # a full disk cannot make the lock file: one sentence
            raise HomeError(describe_os_error(exc, self._home.root)) from None
        try:
            _lock_exclusive(handle)
        except OSError as exc:
            handle.close()
            raise HomeInUseError(
                f"The folder {self._home.root} is already open in another Critical Friend window; "
                "switch to that window, or close it and try again."
            ) from exc
        with contextlib.suppress(OSError):  # the process id is a note for people; the lock holds
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()).encode())
            handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock_exclusive(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_exclusive(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
