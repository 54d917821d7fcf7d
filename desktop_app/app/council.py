"""The home council: the one council this laptop works for (set at first start, renamed later)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError

MAX_NAME = 120


@dataclass(frozen=True)
class SetHomeCouncil:
    """The council's full name as it should appear on bundles and reports, e.g.
    "Anyshire County Council"."""

    name: str


@dataclass(frozen=True)
class HomeCouncilSet:
    """The name now stored, and the one it replaced ("" when none was set)."""

    name: str
    previous: str
    changed: Changed = Changed.SETTINGS | Changed.ASSESSMENTS | Changed.PROFILE


def set_home_council(ctx: AppContext, request: SetHomeCouncil) -> HomeCouncilSet:
    """Set the home council, or rename it. Raises UserError when the name is empty, too long, or
    already that of a peer council stored in this home (from its bundles)."""
    from desktop_app.store.repositories.organisations import (
        ensure_organisation,
        home_organisation,
        organisation_by_name,
    )

    name = " ".join(request.name.split())
    if not name:
        raise UserError("Type your council's name, e.g. Anyshire County Council.")
    if len(name) > MAX_NAME:
        raise UserError(f"A council's name is at most {MAX_NAME} characters; shorten it.")
    with ctx.database.session() as session:
        home = home_organisation(session)
        previous = home.name if home is not None else ""
        other = organisation_by_name(session, name)
        if other is not None and (home is None or other.id != home.id):
            raise UserError(
                f"{name} is already a peer council in this folder (from its bundles); "
                "type your own council's name."
            )
        if home is None:
            ensure_organisation(session, name, is_home=True)
        else:
            if home.short_name in ("", home.name):
                home.short_name = name
            home.name = name
            session.add(home)
    return HomeCouncilSet(name=name, previous=previous)


def home_council(ctx: AppContext) -> str | None:
    """The home council's name, or None while none is set (read without the ORM)."""
    from desktop_app.store.repositories.listing import home_council_name

    return home_council_name(ctx.reader())
