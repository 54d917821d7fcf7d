"""Fixtures for the self-assessment area: a home with a council, and one with the demo loaded."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def council_database(database: Any) -> Any:
    """A database whose home council is set up (no demo data)."""
    from desktop_app.store.repositories.organisations import ensure_organisation

    with database.session() as session:
        ensure_organisation(session, "Testshire Council", is_home=True)
    return database


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo loaded once; tests copy the database file instead of loading it again."""
    from desktop_app.demo import load_demo
    from desktop_app.home import Home
    from desktop_app.store.database import open_database

    home = Home(tmp_path_factory.mktemp("demo-template"))
    database = open_database(home)
    load_demo(database)
    database.close()
    return home


@pytest.fixture
def demo_home(demo_template: Any, home: Any) -> Any:
    """A fresh copy of the demo home for one test."""
    import shutil

    shutil.copytree(demo_template.root, home.root, dirs_exist_ok=True)
    return home


@pytest.fixture
def demo_db(demo_home: Any) -> Any:
    from desktop_app.store.database import open_database

    database = open_database(demo_home)
    yield database
    database.close()
