"""Fixtures for council templates: a home with a council, and the version 2 self-assessment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.templates.fixtures import self_assessment_v2_yaml


@pytest.fixture
def council_db(database: Any) -> Any:
    """A database whose home council is set up (no demo data)."""
    from desktop_app.store.repositories.organisations import ensure_organisation

    with database.session() as session:
        ensure_organisation(session, "Midthorpe Council", is_home=True)
    return database


@pytest.fixture
def app_context(council_db: Any) -> Iterator[Any]:
    from desktop_app.app.context import AppContext

    context = AppContext(council_db.home, council_db)
    yield context


@pytest.fixture
def v2_file(tmp_path: Path) -> Path:
    path = tmp_path / "self-assessment-v2.yaml"
    path.write_text(self_assessment_v2_yaml(), encoding="utf-8")
    return path
