"""A demo home made once per test worker and copied for each test that changes it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_home_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home folder filled with the demo data (the database closed, so it can be copied)."""
    from desktop_app.demo import load_demo
    from desktop_app.home import Home
    from desktop_app.store.database import open_database

    folder = tmp_path_factory.mktemp("demo-home")
    database = open_database(Home(folder))
    load_demo(database)
    database.close()
    return folder


@pytest.fixture
def demo_home(demo_home_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the demo home for one test."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_home_template, folder)
    yield folder
