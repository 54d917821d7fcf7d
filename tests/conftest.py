"""Every test runs offscreen, with a temporary home and an in-memory keyring: never the user's own."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from hypothesis import settings
from keyring.errors import PasswordDeleteError

# No per-example time limit anywhere (CI machines are busy), and under CI the same examples every
# run, so a red build is always reproducible.
settings.register_profile("default-project", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default-project")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives only as long as the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise PasswordDeleteError(username)
        del self.secrets[(service, username)]


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MemoryKeyring]:
    user_home = tmp_path_factory.mktemp("user-home")
    monkeypatch.setenv("HOME", str(user_home))
    monkeypatch.setenv("XDG_DATA_HOME", str(user_home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user_home / ".config"))
    monkeypatch.setenv("CRITICAL_FRIEND_HOME", str(user_home / "critical-friend-home"))
    monkeypatch.delenv("CRITICAL_FRIEND_PASSPHRASE", raising=False)
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Free a Qt test's leftovers here, on the main thread: if another thread (pytest-xdist's
    receiver) happened to collect a Qt object, Qt would crash."""
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        gc.collect()


@pytest.fixture
def home_dir(tmp_path: Path) -> Path:
    """An empty home folder for the test."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def home(home_dir: Path):  # type: ignore[no-untyped-def]
    from desktop_app.home import Home

    return Home(home_dir)


@pytest.fixture
def database(home):  # type: ignore[no-untyped-def]
    from desktop_app.store.database import open_database

    db = open_database(home)
    yield db
    db.close()


@pytest.fixture
def demo_database(database):  # type: ignore[no-untyped-def]
    from desktop_app.demo import load_demo

    load_demo(database)
    return database
