"""openpyxl's write-only workbook, made safe to abandon half-written.

A write-only sheet streams its rows through a generator into a temporary file. When a write fails
part-way (a full disk), that generator would later be finalised by the garbage collector, try to
close its XML element on the closed file and make Python print an "Exception ignored" traceback;
``write_only_workbook`` closes every sheet's stream quietly and removes its temporary file
instead, then lets the original error through. Its ``save`` likewise closes the half-written
ZIP archive when a write fails (openpyxl's own leaves it to the garbage collector, whose attempt
to finish the archive on the full disk would print the same kind of traceback).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any


@contextmanager
def write_only_workbook() -> Iterator[Any]:
    """An ``openpyxl.Workbook(write_only=True)``; on any error inside the block its sheets'
    streams are closed and their temporary files removed before the error is re-raised."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.save = partial(_save_closing_on_error, workbook)
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


def _save_closing_on_error(workbook: Any, filename: str | Path) -> None:
    """``Workbook.save`` for a write-only workbook whose archive is closed (quietly, the file
    left for the caller to remove) when writing fails; the original error is re-raised."""
    import datetime
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    if not workbook.worksheets:
        workbook.create_sheet()
    archive = ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        ExcelWriter(workbook, archive).save()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()
        raise
