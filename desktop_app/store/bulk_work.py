"""Bulk reads and writes (a 20,000-row case list, a 1,000-audit bundle) without the cyclic
garbage collector re-scanning every row made so far.

CPython starts a collection after every 700 new containers and, as long-lived objects pile up,
walks all of them again; building tens of thousands of rows of lists and dicts (which hold no
reference cycles) then spends a tenth or more of its time in collections that free nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause automatic garbage collection for the block; restore it as it was (the window's
    background work already pauses it, desktop_app.ui.background). Reference counting still
    frees everything without cycles at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
