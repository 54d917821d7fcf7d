"""Case lists for the window: which lists (sheets) a workbook offers, for the user to choose.

Reading and storing a list is :func:`desktop_app.store.repositories.visits.import_case_list`
over :func:`audit_tool.case_list.read_case_list` (the documented API: path and sheet in, a
``CaseList`` with its cohort, the columns kept and the rows out).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audit_tool.case_list import CaseListError, list_sheets
from desktop_app.errors import UserError

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


@dataclass(frozen=True)
class SheetOption:
    """A sheet offered to the user: its name and how it is shown ("List 7: Child protection
    plans (cohort: child protection)")."""

    name: str
    label: str


def case_list_sheets(path: Path) -> list[SheetOption]:
    """The sheets of a workbook to choose from (an empty list for a CSV or a one-sheet
    workbook, where there is nothing to choose); UserError for a file that cannot be opened."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return []
    try:
        sheets = list_sheets(path)
    except CaseListError as exc:
        raise UserError(str(exc)) from exc
    if len(sheets) < 2:
        return []
    options: list[SheetOption] = []
    for sheet in sheets:
        listed = sheet.annex_a
        if listed is None:
            label = sheet.name
        elif not listed.children:
            continue
        else:
            cohort = (
                listed.cohort.value.replace("_", " ") if listed.cohort else "set by the auditor"
            )
            label = f"{sheet.name}: {listed.title} (cohort: {cohort})"
        options.append(SheetOption(sheet.name, label))
    return options
