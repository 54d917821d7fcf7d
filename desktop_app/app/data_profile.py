"""The home council's data profile: indicators by period and series, edited or imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.store.repositories.data_profile import ProfileImportError

__all__ = ["ProfileImportError", "ProfileView", "load_profile"]


@dataclass(frozen=True)
class ProfileView:
    """What the data profile screen shows for the home council."""

    organisation_id: int
    council: str  # the short name, else the name
    indicators: list[dict[str, Any]]  # id, title, unit, higher_is_better, description
    periods: list[str]  # periods with values, as stored
    values: dict[Any, float]  # (indicator id, period, series) -> value
    latest_period: str | None  # the period shown first (ProfileTable.period_to_show)
    current_period: str  # the data period this year falls in


def load_profile(ctx: AppContext) -> ProfileView | None:
    """The home council's profile (the shipped catalogue is added first); None with no council."""
    from desktop_app.store.repositories.data_profile import (
        current_data_period,
        ensure_catalogue,
        profile_table,
    )
    from desktop_app.store.repositories.organisations import home_organisation

    with ctx.database.session() as session:
        ensure_catalogue(session)
        home = home_organisation(session)
        if home is None or home.id is None:
            return None
        table = profile_table(session, home.id)
        indicators = [
            {
                "id": item.id,
                "title": item.title,
                "unit": item.unit,
                "higher_is_better": item.higher_is_better,
                "description": item.description,
            }
            for item in table.indicators
        ]
        return ProfileView(
            home.id,
            home.short_name or home.name,
            indicators,
            list(table.periods),
            dict(table.values),
            table.period_to_show(),
            current_data_period(),
        )


def set_value(
    ctx: AppContext,
    organisation_id: int,
    indicator_id: str,
    period: str,
    series: str,
    value: float | None,
) -> Changed:
    """Stores (or, with None, clears) one value of the profile."""
    from desktop_app.store.repositories.data_profile import set_value as store

    with ctx.database.session() as session:
        store(session, organisation_id, indicator_id, period, series, value)
    return Changed.PROFILE


def add_indicator(ctx: AppContext, title: str, **details: Any) -> tuple[str, Changed]:
    """Adds a local indicator (unit, higher_is_better, description); returns its id."""
    from desktop_app.store.repositories.data_profile import add_indicator as add

    with ctx.database.session() as session:
        return add(session, title, **details).id, Changed.PROFILE


def import_profile_csv(ctx: AppContext, path: Path, organisation_id: int) -> tuple[int, Changed]:
    """Imports a profile CSV all or nothing; returns how many values were stored.

    Raises ``ProfileImportError`` (names the row) or ``OSError`` when the file cannot be read.
    """
    from desktop_app.store.repositories.data_profile import import_profile_csv as read

    with ctx.database.session() as session:
        return read(session, path, organisation_id), Changed.PROFILE
