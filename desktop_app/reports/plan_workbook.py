"""The improvement plan as an XLSX workbook (openpyxl, write-only): one row per action, and one
row per progress note on a second sheet. People's text is in text cells exactly as typed
(`xlsx_cells.text_cell`): never a formula, no apostrophe inserted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.reports.xlsx_cells import text_cell

if TYPE_CHECKING:
    from desktop_app.store.repositories.plan import PlanActionRow

ACTION_COLUMNS = (
    "Id", "What", "Why", "Source", "ILACS area", "Owner", "Due", "Status", "Reason dropped",
    "RAG", "Overdue", "Latest progress", "Added by",
)  # fmt: skip
PROGRESS_COLUMNS = ("Action id", "Date", "Author", "Status before", "Status after", "Note")


def _text(sheet: Any) -> Callable[[str], Any]:
    """Cells of `sheet` that hold people's text as text cells, exactly as typed: never a
    formula, whatever the text begins with (`xlsx_cells.text_cell`)."""
    return lambda value: text_cell(sheet, value)


def write_plan_xlsx(rows: Sequence[PlanActionRow], out: Path, *, council: str) -> Path:
    """Write the plan's ``rows`` to ``out`` (sheets "Plan" and "Progress")."""
    from desktop_app.reports.workbook import write_only_workbook

    with write_only_workbook() as workbook:
        sheet = workbook.create_sheet("Plan")
        _cell = _text(sheet)
        sheet.freeze_panes = "C2"
        sheet.append([_cell(f"Improvement plan: {council}" if council else "Improvement plan")])
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
        _cell = _text(progress)
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
