"""openpyxl's write-only workbook, made safe to abandon half-written.

A write-only sheet streams its rows through a generator into a temporary file. When a write fails
part-way (a full disk), that generator would later be finalised by the garbage collector, try to
close its XML element on the closed file and make Python print an "Exception ignored" traceback;
``write_only_workbook`` closes every sheet's stream quietly and removes its temporary file
instead, then lets the original error through.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def write_only_workbook() -> Iterator[Any]:
    """An ``openpyxl.Workbook(write_only=True)``; on any error inside the block its sheets'
    streams are closed and their temporary files removed before the error is re-raised."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    try:
        yield workbook
    except BaseException:
        for sheet in workbook.worksheets:
            rows = getattr(sheet, "_rows", None)
            if rows is not None:
                with contextlib.suppress(Exception):
                    rows.close()
            writer = getattr(sheet, "_writer", None)
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.close()
                with contextlib.suppress(Exception):
                    writer.cleanup()
        raise
