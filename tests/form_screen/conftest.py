"""Fixtures for the form screen: services on a temporary home and records made from templates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.store.database import Database
from desktop_app.store.repositories.records import create_record, save_answers
from desktop_app.ui.services import AppServices
from forms import FormDefinition, load_template

ALL_TYPES = Path(__file__).with_name("all_types.yaml")

MakeRecord = Callable[..., int]


@pytest.fixture
def all_types() -> FormDefinition:
    return load_template(ALL_TYPES)


@pytest.fixture
def services(database: Database) -> Iterator[AppServices]:
    app_services = AppServices(database.home)
    yield app_services
    app_services.close()


@pytest.fixture
def make_record(database: Database) -> MakeRecord:
    def make(
        definition: FormDefinition,
        answers: dict[str, Any] | None = None,
        *,
        read_only: bool = False,
    ) -> int:
        with database.session() as session:
            record = create_record(session, definition.to_snapshot(), "audit")
            assert record.id is not None
            if answers:
                save_answers(session, record.id, answers, by="Sam Auditor")
            record.read_only = read_only
            session.add(record)
            return record.id

    return make
