"""The data profile on the command line: a filled CSV's import, the indicator catalogue.

The CSV has a header row and exactly the columns ``indicator,period,series,value`` (see
``desktop_app.store.repositories.data_profile``); the import is all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError

NO_HOME_COUNCIL = "No home council is set up yet; open Critical Friend once (or run 'demo') first."


def _home_id(session: Any) -> int:
    from desktop_app.store.repositories.organisations import home_organisation

    home = home_organisation(session)
    if home is None or home.id is None:
        raise UserError(NO_HOME_COUNCIL)
    return int(home.id)


@dataclass(frozen=True)
class ProfileImported:
    """How many values of the CSV were stored for the home council."""

    path: Path
    stored: int
    changed: Changed = Changed.PROFILE


def import_home_profile(ctx: AppContext, path: Path) -> ProfileImported:
    """Imports a filled CSV for the home council, all or nothing.

    Raises ``UserError`` when the file is missing, there is no home council, or a row is wrong
    (exit code 2; the sentence names the file and row).
    """
    from desktop_app.store.repositories.data_profile import ProfileImportError, import_profile_csv

    if not path.is_file():
        raise UserError(f"There is no file {path}; check the name and try again.")
    try:
        with ctx.database.session() as session:
            stored = import_profile_csv(session, path, _home_id(session))
    except ProfileImportError as exc:
        raise UserError(f"{path.name}: {exc}", exit_code=2) from exc
    return ProfileImported(path, stored)


def indicator_catalogue(ctx: AppContext) -> list[dict[str, Any]]:
    """Every indicator (id, title, unit, higher_is_better, user_defined), in the catalogue's
    order, with ``source``: where it is published, or why it is not; the shipped catalogue is
    stored first."""
    from audit_tool.published.measures import source_text
    from desktop_app.app.published_data import indicator_source_texts
    from desktop_app.store.repositories.data_profile import ensure_catalogue, list_indicators

    sources = indicator_source_texts(ctx)

    with ctx.database.session() as session:
        ensure_catalogue(session)
        return [
            {
                "id": item.id,
                "title": item.title,
                "unit": item.unit,
                "higher_is_better": item.higher_is_better,
                "user_defined": item.user_defined,
                "source": sources.get(item.id, source_text(None)),
            }
            for item in list_indicators(session)
        ]
