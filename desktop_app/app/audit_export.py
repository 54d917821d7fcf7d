"""The audits export: one row per audit, one column per question id (CSV or XLSX).

The file itself is written by `desktop_app.reports.audit_export` (streamed, answers hidden by a
later answer left out, CSV formula starters neutralised). The file is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from desktop_app.reports.audit_export import EXPORT_FORMATS, write_audit_export

__all__ = ["EXPORT_FORMATS", "export_audits", "write_audit_export"]

if TYPE_CHECKING:
    from desktop_app.progress import ProgressSink


def export_audits(
    ctx: AppContext, visit_id: int, fmt: str, out: Path, progress: ProgressSink | None = None
) -> int:
    """Writes the visit's audits to ``out`` (``fmt`` "csv" or "xlsx"); returns how many.

    Opens its own read-only connection, so it may run on a worker thread. Raises ``UserError``
    for an unknown visit or format, or a file that cannot be written (nothing is left behind).
    """
    from desktop_app.store.schema import connect_read_only

    if fmt not in EXPORT_FORMATS:
        raise UserError("Say --format csv or --format xlsx (or name the file .csv or .xlsx).")
    connection = connect_read_only(ctx.home.database)
    try:
        if connection.execute("SELECT 1 FROM visit WHERE id = ?", (visit_id,)).fetchone() is None:
            raise UserError(f"There is no visit {visit_id}; run 'critical-friend list visits'.")
        try:
            return write_audit_export(connection, visit_id, fmt, out, progress)
        except OSError as exc:
            from desktop_app.output_files import describe_write_error

            raise UserError(describe_write_error(exc, out)) from exc
    finally:
        connection.close()
