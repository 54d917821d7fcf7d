"""The home's own facts: who is using the app, the home council, the schema, the first start."""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext


def setting(ctx: AppContext, key: str, default: object = None) -> object:
    """A stored setting's value (JSON-decoded), or ``default`` when it was never set."""
    from desktop_app.store.repositories.listing import setting_value

    raw = setting_value(ctx.reader(), key)
    return default if raw is None else json.loads(raw)


def current_user(ctx: AppContext) -> str:
    """The name changes are signed with: the signing identity's name, else the remembered user
    name, else the login name (``people.current_person``); never a placeholder such as "Me"."""
    from desktop_app.app.people import current_person

    return current_person(ctx).name


def home_council_name(ctx: AppContext) -> str | None:
    """The home council's name, or None before one is set."""
    from desktop_app.store.repositories.listing import home_council_name as read

    return read(ctx.reader())


def home_people(ctx: AppContext) -> list[tuple[str, str]]:
    """(name, role) of the home council's people, by name."""
    rows = ctx.reader().execute(
        "SELECT p.name, p.role FROM person p JOIN organisation o ON o.id = p.organisation_id "
        "WHERE o.is_home ORDER BY p.name"
    )
    return [(str(row[0]), str(row[1])) for row in rows]


def schema_revision(ctx: AppContext) -> str | None:
    """The database's Alembic revision, or None for a new home."""
    from desktop_app.store.schema import read_revision

    return read_revision(ctx.home.database)


def head_revision() -> str:
    """The schema revision this version of the app writes."""
    from desktop_app.store.schema import HEAD_REVISION

    return HEAD_REVISION


def prepare_home(ctx: AppContext) -> bool:
    """Creates or migrates the database (quickly when it is current); True when the full ORM
    database had to be opened (a new or migrated home)."""
    from desktop_app.store.schema import ensure_current_schema

    created = {"full": False}

    def open_full() -> object:
        created["full"] = True
        return ctx.database

    ensure_current_schema(ctx.home.database, open_full)
    return created["full"]


def first_start_needed(ctx: AppContext) -> bool:
    """True until the home's own council is set (by the demo data, the welcome, Keys & settings
    or `council set`), however the home was first made (even by a command such as `doctor`).
    Read without the ORM."""
    return home_council_name(ctx) is None


def start_empty(ctx: AppContext, council: str) -> Changed:
    """Remember the choice; set the home council if one was named."""
    from desktop_app.store.repositories.organisations import ensure_organisation
    from desktop_app.store.repositories.settings import FIRST_START_DONE, set_setting

    with ctx.database.session() as session:
        if council.strip():
            ensure_organisation(session, council.strip(), is_home=True)
        set_setting(session, FIRST_START_DONE, True)
    return Changed.ALL


def load_demo_data(ctx: AppContext) -> Changed:
    """Fills the home with the demo trio (Midthorpe, Oxtown, Munbridge) and their work."""
    return fill_with_demo(ctx).changed


@dataclass(frozen=True)
class DemoLoaded:
    """``summary``: one line saying what the demo made (councils, assessments, visits...)."""

    summary: str
    changed: Changed = Changed.ALL


def fill_with_demo(ctx: AppContext) -> DemoLoaded:
    """Fills the home with the demo trio (Midthorpe, Oxtown, Munbridge) and their work."""
    from desktop_app.demo import load_demo

    return DemoLoaded(str(load_demo(ctx.database)))


@dataclass(frozen=True)
class CouncilAdopted:
    """``adopted``: the council became the home council (there was none before)."""

    adopted: bool
    changed: Changed


def adopt_home_council(ctx: AppContext, council: str) -> CouncilAdopted:
    """Makes ``council`` the home council when none is set yet (e.g. from a new signing
    identity); an existing home council is kept."""
    from desktop_app.store.repositories.organisations import ensure_organisation, home_organisation

    with ctx.database.session() as session:
        if home_organisation(session) is not None:
            return CouncilAdopted(False, Changed.NONE)
        ensure_organisation(session, council, is_home=True)
    return CouncilAdopted(True, Changed.ALL)
