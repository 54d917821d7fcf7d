"""Ofsted's published local authority inspection outcomes (official statistics, ODS or XLSX).

The workbook ("Local authority inspection outcomes as at 31 March") has title rows above each
table. The sheet read is the one whose name starts ``Inspections_as_at`` (every LA's most recent
ILACS judgements); its heading row is found by the column ``Local authority area code`` (the
ONS E-code). Judgements are Ofsted's four grades; the care leavers' judgement is blank for
inspections before 1 January 2023, when it was introduced (Ofsted's notes to the table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from audit_tool.published.tidy import PublishedDataError


class OfstedGrade(StrEnum):
    """Ofsted's ILACS grades."""

    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement to be good"
    INADEQUATE = "Inadequate"


SHORT_GRADES: dict[str, str] = {
    OfstedGrade.OUTSTANDING: "Outstanding",
    OfstedGrade.GOOD: "Good",
    OfstedGrade.REQUIRES_IMPROVEMENT: "Requires improvement",
    OfstedGrade.INADEQUATE: "Inadequate",
}


@dataclass(frozen=True, slots=True)
class OfstedOutcome:
    """An LA's latest ILACS judgements ("" where not judged) and inspection dates."""

    la_code: str  # ONS E-code
    la_name: str
    region: str
    inspection_date: dt.date | None
    publication_date: dt.date | None
    overall: str
    leaders: str
    help_and_protection: str
    children_in_care: str
    care_leavers: str


_HEADINGS = {
    "local authority area code": "la_code",
    "local authority name": "la_name",
    "ofsted region": "region",
    "inspection date": "inspection_date",
    "publication date": "publication_date",
    "overall effectiveness": "overall",
    "the impact of leaders on social work practice with children and families": "leaders",
    "the experiences and progress of children who need help and protection": (
        "help_and_protection"
    ),
    "the experiences and progress of children in care": "children_in_care",
    "the experiences and progress of care leavers": "care_leavers",
}
_GRADES = {grade.value.casefold(): grade.value for grade in OfstedGrade}


def read_ofsted_outcomes(path: Path) -> list[OfstedOutcome]:
    """Every LA's latest judgements from Ofsted's outcomes workbook at ``path``.

    Raises PublishedDataError with one sentence naming the file when it cannot be opened, has
    no ``Inspections as at`` sheet, or a judgement that is not an Ofsted grade (naming the row).
    """
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except OSError as exc:
        raise PublishedDataError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    except Exception as exc:  # calamine's own error types for damaged files
        raise PublishedDataError(
            f"{path.name} cannot be opened as a spreadsheet; download Ofsted's outcomes "
            "workbook again."
        ) from exc
    try:
        sheet = next(
            (
                name
                for name in workbook.sheet_names
                if name.casefold().replace(" ", "_").startswith("inspections_as_at")
            ),
            None,
        )
        if sheet is None:
            raise PublishedDataError(
                f"{path.name} is not Ofsted's local authority inspection outcomes workbook (it "
                "has no 'Inspections as at 31 March' sheet)."
            )
        rows = workbook.get_sheet_by_name(sheet).to_python()
    finally:
        workbook.close()
    return _outcomes(path.name, sheet, rows)


def _outcomes(name: str, sheet: str, rows: Sequence[Sequence[object]]) -> list[OfstedOutcome]:
    header_at = next(
        (
            index
            for index, row in enumerate(rows[:20])
            if any(str(cell).strip().casefold() == "local authority area code" for cell in row)
        ),
        None,
    )
    if header_at is None:
        raise PublishedDataError(
            f"{name}, sheet '{sheet}': no 'Local authority area code' heading was found; "
            "download Ofsted's outcomes workbook again."
        )
    columns: dict[str, int] = {}
    for index, cell in enumerate(rows[header_at]):
        key = _HEADINGS.get(" ".join(str(cell).split()).casefold())
        if key is not None:
            columns.setdefault(key, index)
    outcomes: list[OfstedOutcome] = []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):

        def text(key: str, row: Sequence[object] = row) -> str:
            index = columns.get(key)
            return str(row[index]).strip() if index is not None and index < len(row) else ""

        def day(key: str, row: Sequence[object] = row) -> dt.date | None:
            index = columns.get(key)
            value = row[index] if index is not None and index < len(row) else None
            if isinstance(value, dt.datetime):
                return value.date()
            return value if isinstance(value, dt.date) else None

        code = text("la_code")
        if not code:
            continue
        grades: dict[str, str] = {}
        for key in ("overall", "leaders", "help_and_protection", "children_in_care"):
            grades[key] = _grade(name, number, text(key))
        grades["care_leavers"] = _grade(name, number, text("care_leavers"))
        outcomes.append(
            OfstedOutcome(
                la_code=code,
                la_name=text("la_name"),
                region=text("region"),
                inspection_date=day("inspection_date"),
                publication_date=day("publication_date"),
                **grades,
            )
        )
    if not outcomes:
        raise PublishedDataError(f"{name}, sheet '{sheet}' lists no local authorities.")
    return outcomes


def _grade(name: str, number: int, text: str) -> str:
    if not text:
        return ""
    grade = _GRADES.get(" ".join(text.split()).casefold())
    if grade is None:
        raise PublishedDataError(
            f"{name}, row {number}: '{text}' is not an Ofsted grade; download Ofsted's "
            "outcomes workbook again."
        )
    return grade
