"""The improvement plan as an XLSX workbook (openpyxl, write-only): one row per action, and one
row per progress note on a second sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.repositories.plan import PlanActionRow

ACTION_COLUMNS = (
    "Id", "What", "Why", "Source", "ILACS area", "Owner", "Due", "Status", "Reason dropped",
    "RAG", "Overdue", "Latest progress", "Added by",
)  # fmt: skip
PROGRESS_COLUMNS = ("Action id", "Date", "Author", "Status before", "Status after", "Note")


def _cell(value: str) -> str:
    """Text stays text in Excel: a leading = + - @ would be read as a formula (OWASP CSV
    injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_plan_xlsx(rows: Sequence[PlanActionRow], out: Path, *, council: str) -> Path:
    """Write the plan's ``rows`` to ``out`` (sheets "Plan" and "Progress")."""
    from desktop_app.reports.workbook import write_only_workbook

    with write_only_workbook() as workbook:
        sheet = workbook.create_sheet("Plan")
        sheet.freeze_panes = "C2"
        sheet.append([f"Improvement plan: {council}"] if council else ["Improvement plan"])
        sheet.append(list(ACTION_COLUMNS))
        for row in rows:
            latest = row.latest_progress
            sheet.append(
                [
                    row.id,
                    _cell(row.what),
                    _cell(row.why),
                    row.source.label,
                    row.area_label,
                    _cell(row.owner),
                    row.due,
                    row.status.label,
                    _cell(row.status_reason),
                    row.rag.value,
                    "yes" if row.overdue else "",
                    _cell(f"{latest.when} {latest.author}: {latest.text}") if latest else "",
                    _cell(row.created_by),
                ]
            )
        progress = workbook.create_sheet("Progress")
        progress.append(list(PROGRESS_COLUMNS))
        for row in rows:
            for entry in row.progress:
                progress.append(
                    [
                        row.id,
                        entry.when,
                        _cell(entry.author),
                        entry.status_before,
                        entry.status_after,
                        _cell(entry.text),
                    ]
                )
        workbook.save(out)
    return out
