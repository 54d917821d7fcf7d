"""The improvement plan as an XLSX workbook (openpyxl, write-only): one row per action, and one
row per progress note on a second sheet. People's text is in text cells exactly as typed
(`xlsx_cells.text_table`): never a formula, no apostrophe inserted; a text longer than Excel's
32,767-character cell limit continues in a ``<column> (part 2)`` column."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.reports.xlsx_cells import text_cell, text_table

if TYPE_CHECKING:
    from desktop_app.store.repositories.plan import PlanActionRow

ACTION_COLUMNS = (
    "Id", "What", "Why", "Source", "ILACS area", "Owner", "Due", "Status", "Reason dropped",
    "RAG", "Overdue", "Latest progress", "Added by",
)  # fmt: skip
PROGRESS_COLUMNS = ("Action id", "Date", "Author", "Status before", "Status after", "Note")


def _action(row: PlanActionRow) -> list[Any]:
    """One action's cells, in the order of `ACTION_COLUMNS`."""
    latest = row.latest_progress
    return [
        row.id,
        row.what,
        row.why,
        row.source.label,
        row.area_label,
        row.owner,
        row.due,
        row.status.label,
        row.status_reason,
        row.rag.value,
        "yes" if row.overdue else "",
        f"{latest.when} {latest.author}: {latest.text}" if latest else "",
        row.created_by,
    ]


def write_plan_xlsx(rows: Sequence[PlanActionRow], out: Path, *, council: str) -> Path:
    """Write the plan's ``rows`` to ``out`` (sheets "Plan" and "Progress")."""
    from desktop_app.reports.workbook import write_only_workbook

    with write_only_workbook() as workbook:
        sheet = workbook.create_sheet("Plan")
        sheet.freeze_panes = "C2"
        sheet.append(
            [text_cell(sheet, f"Improvement plan: {council}" if council else "Improvement plan")]
        )
        header, actions = text_table(sheet, ACTION_COLUMNS, lambda: map(_action, rows))
        sheet.append(header)
        for line in actions:
            sheet.append(line)
        progress = workbook.create_sheet("Progress")
        notes = [
            [row.id, entry.when, entry.author, entry.status_before, entry.status_after, entry.text]
            for row in rows
            for entry in row.progress
        ]
        header, lines = text_table(progress, PROGRESS_COLUMNS, lambda: notes)
        progress.append(header)
        for line in lines:
            progress.append(line)
        workbook.save(out)
    return out
