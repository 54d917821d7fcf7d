"""The main screens, listed in navigation order; each is built the first time it is shown."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.ui.screens.base import Screen
    from desktop_app.ui.services import AppServices


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str
    icon: str
    module: str
    class_name: str

    def build(self, services: AppServices) -> Screen:
        screen_class = getattr(importlib.import_module(self.module), self.class_name)
        screen: Screen = screen_class(services)
        return screen


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "assessments",
        "Self-assessments",
        "assessment",
        "desktop_app.ui.screens.assessments",
        "AssessmentsScreen",
    ),
    ScreenSpec(
        "visits", "Visits && audits", "audit", "desktop_app.ui.screens.visits", "VisitsScreen"
    ),
    ScreenSpec(
        "challenge",
        "Peer challenge",
        "challenge",
        "desktop_app.ui.screens.challenge",
        "PeerChallengeScreen",
    ),
    ScreenSpec("plan", "Improvement plan", "plan", "desktop_app.ui.screens.plan", "PlanScreen"),
    ScreenSpec(
        "data", "Data profile", "data", "desktop_app.ui.screens.data_profile", "DataProfileScreen"
    ),
    ScreenSpec(
        "benchmark",
        "Benchmark",
        "benchmark",
        "desktop_app.ui.screens.benchmark",
        "BenchmarkScreen",
    ),
    ScreenSpec(
        "settings", "Keys && settings", "keys", "desktop_app.ui.screens.settings", "SettingsScreen"
    ),
)
