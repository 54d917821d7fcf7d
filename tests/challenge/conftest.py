"""Peer challenge UI tests: the demo home (Oxtown's and Munbridge's bundles, Oxtown's response on
Midthorpe's 2025-26 self-assessment) and the Peer challenge screen on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.ui.screens.challenge import PeerChallengeScreen
from desktop_app.ui.services import AppServices

OXTOWN = "Oxtown Borough Council"


@pytest.fixture
def demo_services(demo_database: Database) -> Iterator[AppServices]:
    services = AppServices(demo_database.home)
    yield services
    services.close()


@pytest.fixture
def challenge_screen(qtbot: QtBot, demo_services: AppServices) -> PeerChallengeScreen:
    screen = PeerChallengeScreen(demo_services)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    return screen


def bundle_id_of(services: AppServices, organisation: str, bundle_type: str) -> int:
    row = (
        services.context.reader()
        .execute(
            "SELECT id FROM imported_bundle WHERE source_organisation = ? AND bundle_type = ?",
            (organisation, bundle_type),
        )
        .fetchone()
    )
    assert row is not None, f"the demo has no {bundle_type} bundle from {organisation}"
    return int(row[0])
