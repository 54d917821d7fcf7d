"""Exports give back long text and control characters exactly, through `audits import`.

XLSX: a text longer than Excel's 32,767-character cell limit continues in ``<column> (part N)``
columns, which the import joins back. CSV: control characters other than tab, line feed and
carriage return are written as visible ``_xHHHH_`` escapes, which the import reads back, as it
does the quote before a formula starter (`audit_tool.spreadsheet_text`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import python_calamine
from hypothesis import example, given, settings
from hypothesis import strategies as st

from audit_tool import (
    XLSX_CELL_LIMIT,
    continued_columns,
    csv_read_text,
    csv_text,
    joined_columns,
    read_csv_cells,
)
from tests.reports.answers import set_audit_answers
from tests.reports.test_any_text import SETTINGS

# Any character (not lone surrogates nor U+FFFE/U+FFFF, which are no characters), with the
# pieces the rules are about: control characters, text that looks like an escape, emoji (two
# UTF-16 code units each, as Excel counts them) and formula starters.
PIECES = ["\x00", "\x01", "\x1f", "\r", "\n", "\t", "_x0041_", "_x005F_", "😊", "=", "'", "-"]
CHARACTER = st.one_of(
    st.characters(exclude_categories=["Cs"], exclude_characters="\ufffe\uffff"),
    st.sampled_from(PIECES),
)


@st.composite
def long_text(draw: st.DrawFn) -> str:
    """0 to 50,000 characters: a drawn piece repeated, so long texts cross the cell limit."""
    piece = draw(st.lists(CHARACTER, max_size=40).map("".join))
    times = draw(st.one_of(st.just(1), st.integers(0, 50_000)))
    return (piece * times)[:50_000]


def _units(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


@given(st.lists(long_text(), min_size=1, max_size=3))
@example(["😊" * 20_000])  # 40,000 UTF-16 code units: split, never inside an emoji
@example(["a" * XLSX_CELL_LIMIT, "b" * (XLSX_CELL_LIMIT + 1)])
@settings(max_examples=30, deadline=None)
def test_long_cells_split_over_part_columns_and_join_back(values: list[str]) -> None:
    columns = ["audit.id", *(f"q{index}" for index in range(len(values)))]
    table = [["1", *values], ["2", *("" for _ in values)]]
    header, split = continued_columns(columns, lambda: table)
    rows = list(split)
    assert all(len(row) == len(header) for row in rows)
    assert all(_units(cell) <= XLSX_CELL_LIMIT for row in rows for cell in row)
    for value, column in zip(values, columns[1:], strict=True):
        parts = -(-_units(value) // XLSX_CELL_LIMIT)  # at least this many parts
        assert (f"{column} (part 2)" in header) == (parts > 1)
    assert joined_columns([header, *rows]) == [columns, *table]


@given(st.lists(CHARACTER, max_size=200).map("".join))
@example("\x00=1+1")
@example("a_x0000_b\x00")
@example("'=already quoted")
def test_csv_cells_show_control_characters_and_read_back_exactly(typed: str) -> None:
    written = csv_text(typed)
    assert not any(ch < " " and ch not in "\t\n\r" for ch in written)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_read_text(written) == typed


def test_the_csv_rule_for_each_kind_of_character() -> None:
    assert csv_text("Łucja 😊 line\nbreak\ttab\r") == "Łucja 😊 line\nbreak\ttab\r"
    assert csv_text("a\x00b") == "a_x0000_b"
    assert csv_text("\x00=1") == "_x0000_=1"
    assert csv_text("=1\x01") == "'=1_x0001_"
    assert csv_text("see _x0041_") == "see _x005F_x0041_"


LONG = [
    "Strengths:\n" + "• Families say the social worker listens. 😊\n" * 1_200,  # 52,800 chars
    "प्रिया ने कहा\x00" * 4_000,  # 56,000: control character and Devanagari
    "=SUM(A1)\x01" + "x" * (XLSX_CELL_LIMIT - 9) + "😊",  # one code unit over the limit
]


@pytest.mark.slow
@settings(SETTINGS, max_examples=3)  # few examples, no shrinking: each is two whole exports
@given(values=st.lists(long_text(), min_size=3, max_size=3))
@example(values=[value[:50_000] for value in LONG])
def test_exported_audits_import_back_exactly(
    demo_home: Path, tmp_path: Path, values: list[str]
) -> None:
    """Export a visit as XLSX and CSV, overwrite the answers, import each file: the answers are
    back exactly as typed, and no XLSX cell is over Excel's limit."""
    from desktop_app.app.audit_sheet import ImportAuditSheet, import_audit_sheet
    from desktop_app.app.context import AppContext
    from desktop_app.home import Home
    from desktop_app.reports.audit_export import write_audit_export
    from desktop_app.store.repositories.audits import get_audit
    from desktop_app.store.repositories.records import load_answers
    from desktop_app.store.schema import connect_read_only

    ids = ["voice_commentary", "team", "planning_commentary"]
    # a blank cell leaves an answer as it is on import (audit_sheet), so answers have a letter
    typed = {
        question_id: value if value.strip() else f"typed{value}"
        for question_id, value in zip(ids, values, strict=True)
    }
    set_audit_answers(demo_home, 2, typed)
    connection = connect_read_only(demo_home / "critical-friend.db")
    try:
        for fmt in ("xlsx", "csv"):
            write_audit_export(connection, 1, fmt, tmp_path / f"audits.{fmt}")
    finally:
        connection.close()
    book = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "audits.xlsx"))
    read = book.get_sheet_by_name("Audits").to_python()
    assert all(_units(str(cell)) <= XLSX_CELL_LIMIT for row in read for cell in row)
    # what Excel shows, joined by the documented rule, is the text typed
    excel = joined_columns([[str(cell) for cell in row] for row in read])
    row = dict(zip(excel[0], next(r for r in excel if r[0] == "2"), strict=True))
    assert {question_id: row[question_id] for question_id in ids} == typed
    written = (tmp_path / "audits.csv").read_bytes().decode("utf-8-sig")  # CR kept
    assert not any(ch < " " and ch not in "\t\n\r" for ch in written)  # shown, never raw
    csv_row = next(row for row in read_csv_cells(written) if row[0] == "2")
    header = read_csv_cells(written)[0]
    assert {qid: csv_row[header.index(qid)] for qid in ids} == typed

    context = AppContext(Home(demo_home))
    try:
        for fmt in ("xlsx", "csv"):
            set_audit_answers(demo_home, 2, dict.fromkeys(ids, "overwritten"))
            import_audit_sheet(context, ImportAuditSheet(1, tmp_path / f"audits.{fmt}"))
            with context.database.session() as session:
                answers = load_answers(session, get_audit(session, 2).record_id)
            assert {question_id: answers[question_id] for question_id in ids} == typed, fmt
    finally:
        context.close()
