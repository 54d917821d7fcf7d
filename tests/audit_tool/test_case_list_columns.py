"""The case list read column by column gives what reading it row by row, cell by cell, gives.

The reader cleans each column's distinct values once, converts a column of dates at once and
checks references and formula errors over whole columns (issue 17); these properties compare it
with the plain reading a user would do: every cell stripped and cleaned (``clean_value``), blank
rows skipped but counted, and the first bad row named.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_tool import CaseListError, read_case_list
from audit_tool.annex_a import text_date
from audit_tool.case_list import clean_value

COLUMNS = ["Case reference", "Cohort", "Start date", "Worker note"]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "-",
            " – ",
            "a) Male",
            "b) Female",
            "q) 6: Police",
            "31/03/2025",
            "01/01/2024",
            "29/02/2023",
            "1/3/2025",
            "31/02/2024",
            "00/01/2024",
            "2024-05-06",
            " Team North ",
            "x\xa0y",
            "N/A",
            "a)b",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)
REFERENCES = st.lists(
    st.from_regex(r"[A-Z]{1,2}[0-9]{1,6}", fullmatch=True), min_size=1, max_size=30, unique=True
)


def _write(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / "cases.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([COLUMNS, *rows])
    return path


def _cleaned(cell: str) -> str:
    return clean_value(cell.strip())


@settings(max_examples=60, deadline=None)
@given(
    references=REFERENCES,
    cells=st.lists(st.tuples(CELLS, CELLS, CELLS), min_size=30, max_size=30),
    blank_at=st.lists(st.integers(0, 29), max_size=3),
)
def test_every_cell_is_what_cleaning_it_alone_gives(
    references: list[str], cells: list[tuple[str, str, str]], blank_at: list[int]
) -> None:
    rows = [[reference, *cells[i]] for i, reference in enumerate(references)]
    for at in sorted(set(blank_at), reverse=True):
        rows.insert(min(at, len(rows)), ["", " ", "-", ""])
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), rows)
        if any(_cleaned(cell) in {"#N/A", "#REF!"} for row in rows for cell in row):
            return  # formula errors are another property's
        cases = read_case_list(path)
    expected = [
        (number, [_cleaned(cell) for cell in row])
        for number, row in enumerate(rows, start=2)
        if any(_cleaned(cell) for cell in row)
    ]
    assert [(case.number, list(case.fields.values())) for case in cases.rows] == expected
    assert [case.reference for case in cases.rows] == [values[0] for _, values in expected]
    assert list(cases.rows[0].fields) == COLUMNS


@settings(max_examples=60, deadline=None)
@given(
    references=REFERENCES,
    fault=st.sampled_from(["empty", "repeated", "error", "stray"]),
    where=st.integers(0, 29),
    also_blank=st.booleans(),
)
def test_the_first_bad_row_is_named_as_a_row_by_row_reading_names_it(
    references: list[str], fault: str, where: int, also_blank: bool
) -> None:
    rows = [[reference, "a) Male", "31/03/2025", ""] for reference in references]
    at = min(where, len(rows) - 1)
    if fault == "empty":
        rows[at][0] = " - "
    elif fault == "repeated":
        rows[at][0] = rows[0][0] if at else rows[-1][0]
    elif fault == "error":
        rows[at][3] = "#REF!"
    else:
        rows[at].append("stray")
    if also_blank:
        rows.insert(0, ["", "", "", ""])
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), rows)
        if fault == "repeated" and len(rows) - also_blank < 2:
            cases = read_case_list(path)  # one case cannot repeat
            assert len(cases) == 1
            return
        with pytest.raises(CaseListError) as raised:
            read_case_list(path)
    message = str(raised.value)
    first = re.search(r"Row (\d+)", message)
    assert first is not None
    bad_index = at + also_blank if fault != "repeated" or at else len(rows) - 1
    assert int(first.group(1)) == bad_index + 2, message
    assert {
        "empty": "is empty",
        "repeated": "also appears in row",
        "error": "#REF!",
        "stray": "beyond the last named column",
    }[fault] in message


def test_a_repeated_reference_above_a_stray_value_is_named_first(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("Case reference,Cohort\nC1,CIN\nC1,CP\nC3,CIN,stray\n", encoding="utf-8")
    with pytest.raises(CaseListError, match=r"Row 3, column 'Case reference'.*also appears"):
        read_case_list(path)


@given(
    st.text(alphabet="0123456789/", min_size=10, max_size=10)
    | st.from_regex(r"\d{2}/\d{2}/\d{4}", fullmatch=True)
)
def test_text_date_agrees_with_the_day_month_year_pattern(value: str) -> None:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    expected = value
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
        try:
            expected = dt.date(year, month, day).isoformat()
        except ValueError:
            expected = value
    assert text_date(value) == expected
