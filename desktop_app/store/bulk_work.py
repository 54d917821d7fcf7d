"""Bulk reads and writes (a 20,000-row case list, a 1,000-audit bundle) without the cyclic
garbage collector re-scanning every row made so far.

CPython starts a collection after every 700 new containers and, as long-lived objects pile up,
walks all of them again; building tens of thousands of rows of lists and dicts (which hold no
reference cycles) then spends a tenth or more of its time in collections that free nothing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause automatic garbage collection for the block and restore it as it was, but only in a
    process with one thread (the command line): the collector is process-wide, and the window's
    other threads (the UI thread beside a worker) must keep theirs. Reference counting still
    frees everything without cycles at once."""
    if threading.active_count() > 1:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
