"""PDF reports, for the window and the `report` command alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from desktop_app.progress import ProgressSink
from desktop_app.reports.registry import ReportKind

__all__ = ["ReportKind", "ReportWritten", "write_report"]


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    changed: Changed = Changed.NONE


def write_report(
    ctx: AppContext,
    kind: ReportKind,
    record_id: int,
    out: Path,
    progress: ProgressSink | None = None,
) -> ReportWritten:
    """Writes the ``kind`` report of ``record_id`` to ``out`` (a .pdf), whole or not at all.

    Safe on a worker thread (each writer opens its own session). Raises ``UserError`` when the
    file name is not a PDF, there is no such record, or the file cannot be written.
    """
    from desktop_app.reports.registry import report_writer

    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out} should end in .pdf; choose a PDF file name.")
    try:
        written = report_writer(kind)(ctx.database, record_id, out, progress)
    except LookupError as exc:
        raise UserError(
            f"There is no {kind} with id {record_id}; see 'critical-friend list {kind}s'."
        ) from exc
    except OSError as exc:
        from desktop_app.output_files import describe_write_error

        raise UserError(describe_write_error(exc, out)) from exc
    return ReportWritten(written)
