"""Realistic fictional demo data: a trio of councils and their year of sector-led improvement.

Every council and person here is invented. Each area adds its own module here (see `demo_parts`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from sqlmodel import Session

from desktop_app.home import HomeError
from desktop_app.store.database import Database, write_failure
from desktop_app.store.repositories.settings import FIRST_START_DONE, get_setting, set_setting

DEMO_LOADED = "demo_loaded"


def demo_parts() -> list[Callable[[Session], str]]:
    """Each module in this package with `ORDER` and `add(session) -> str` adds one part, in order
    (the trio first, then what the councils wrote, then what they exchanged)."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
    ]
    parts = sorted((m for m in modules if hasattr(m, "ORDER")), key=lambda m: int(m.ORDER))
    return [m.add for m in parts]


def load_demo(database: Database) -> str:
    """Fill the home with the demo data, in one transaction; a second call changes nothing.

    All or nothing: a write that fails part-way (a full disk, no permission) rolls back every
    row and removes every file the demo had added, then raises HomeError with one sentence
    (``desktop_app.store.database.write_failure``).
    """
    try:
        with database.session() as session:
            if get_setting(session, DEMO_LOADED, False):
                return f"The demo data is already in {database.home.root}; nothing was changed."
            lines = [part(session) for part in demo_parts()]
            set_setting(session, DEMO_LOADED, True)
            set_setting(session, FIRST_START_DONE, True)
    except Exception as error:
        sentence = write_failure(error, database.home.root)
        if sentence is None:
            raise
        kept = " (nothing of the demo data was kept)."
        raise HomeError(sentence.rstrip(".") + kept) from None
    return "\n".join(["Demo data loaded into " + str(database.home.root) + ":", *lines])


def demo_loaded(database: Database) -> bool:
    with database.session() as session:
        return bool(get_setting(session, DEMO_LOADED, False))
