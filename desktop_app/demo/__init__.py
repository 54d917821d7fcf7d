"""Realistic fictional demo data: a trio of councils and their year of sector-led improvement.

Every council and person here is invented. Each later area adds its own part to DEMO_PARTS.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from desktop_app.demo.trio import add_trio
from desktop_app.store.database import Database
from desktop_app.store.repositories.settings import FIRST_START_DONE, get_setting, set_setting

DEMO_LOADED = "demo_loaded"

# Each part takes the session and returns a short line saying what it added.
DEMO_PARTS: tuple[Callable[[Session], str], ...] = (add_trio,)


def load_demo(database: Database) -> str:
    """Fill the home with the demo data, in one transaction; a second call changes nothing."""
    with database.session() as session:
        if get_setting(session, DEMO_LOADED, False):
            return f"The demo data is already in {database.home.root}; nothing was changed."
        lines = [part(session) for part in DEMO_PARTS]
        set_setting(session, DEMO_LOADED, True)
        set_setting(session, FIRST_START_DONE, True)
    return "\n".join(["Demo data loaded into " + str(database.home.root) + ":", *lines])


def demo_loaded(database: Database) -> bool:
    with database.session() as session:
        return bool(get_setting(session, DEMO_LOADED, False))
