"""`audits import` with hostile cells (found by an attacker): escaped surrogates, over-long
answers and files, a header named twice, continuation columns in a CSV. Each is stored exactly or
refused in one sentence naming the row and column, with nothing stored."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop_app.app import audit_sheet
from desktop_app.app.audit_sheet import ImportAuditSheet, import_audit_sheet
from desktop_app.errors import UserError
from desktop_app.store.database import Database
from tests.team.test_sheet_form_checks import _stored, _visit

RATIONALE = "This is a sufficiently long rationale sentence. And another sentence follows here."


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return path


def _rationale(database: Database, case: str) -> object:
    from sqlmodel import select

    from desktop_app.store.models import Audit
    from desktop_app.store.repositories.records import load_answers

    with database.session() as session:
        audit = session.exec(select(Audit).where(Audit.case_reference == case)).one()
        return load_answers(session, audit.record_id).get("overall_rationale")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_escaped_surrogates_join_into_one_character_or_are_refused(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    context, visit, cases = _visit(database, tmp_path)
    header = ["audit.case_reference", "overall_rationale"]
    pair = _sheet(
        tmp_path / f"pair{suffix}", [header, [cases[0], f"smile _xD83D__xDE00_ {RATIONALE}"]]
    )
    import_audit_sheet(context, ImportAuditSheet(visit, pair))
    assert _rationale(database, cases[0]) == f"smile \U0001f600 {RATIONALE}"

    before = _stored(database)
    for cell in ("_xD800_", "_xDE00__xD83D_", "_xD83D_ _xDE00_"):
        lone = _sheet(tmp_path / f"lone{suffix}", [header, [cases[1], f"{cell} {RATIONALE}"]])
        with pytest.raises(UserError) as refused:
            import_audit_sheet(context, ImportAuditSheet(visit, lone))
        assert refused.value.message.startswith("Row 2, column 'overall_rationale': ")
        assert "surrogate" in refused.value.message
        refused.value.message.encode("utf-8")  # printable
        assert _stored(database) == before


@pytest.mark.slow
def test_any_escaped_code_unit_is_stored_as_a_character_or_refused(
    database: Database, tmp_path: Path
) -> None:
    context, visit, cases = _visit(database, tmp_path)
    sheet = tmp_path / "units.csv"
    units = st.integers(0xD700, 0xE0FF).map(lambda unit: f"_x{unit:04X}_")

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.lists(st.one_of(units, st.sampled_from(["a", " ", "_x", "\U0001f600"])), max_size=6))
    def import_any(pieces: list[str]) -> None:
        _sheet(
            sheet,
            [
                ["audit.case_reference", "overall_rationale"],
                [cases[0], "".join(pieces) + RATIONALE],
            ],
        )
        before = _stored(database)
        try:
            import_audit_sheet(context, ImportAuditSheet(visit, sheet))
        except UserError as error:
            assert error.message.startswith("Row 2, column 'overall_rationale': ")
            assert _stored(database) == before
            return
        stored = _rationale(database, cases[0])
        assert isinstance(stored, str)
        stored.encode("utf-8")  # no lone surrogate was stored

    import_any()


def test_an_over_long_answer_or_sheet_is_refused_before_it_is_stored(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context, visit, cases = _visit(database, tmp_path)
    before = _stored(database)
    monkeypatch.setattr(audit_sheet, "MAX_ANSWER_CHARACTERS", 200)
    header = ["audit.case_reference", "overall_rationale"]
    long = _sheet(tmp_path / "long.csv", [header, [cases[0], RATIONALE * 3]])
    with pytest.raises(UserError, match=r"^Row 2, column 'overall_rationale': the text is 2"):
        import_audit_sheet(context, ImportAuditSheet(visit, long))
    assert _stored(database) == before
    monkeypatch.setattr(audit_sheet, "MAX_SHEET_BYTES", 100)
    with pytest.raises(UserError, match=r"^long.csv is larger than the 0 MiB a sheet may be"):
        import_audit_sheet(context, ImportAuditSheet(visit, long))
    assert _stored(database) == before


def test_a_header_named_twice_is_refused(database: Database, tmp_path: Path) -> None:
    context, visit, cases = _visit(database, tmp_path)
    before = _stored(database)
    twice = _sheet(
        tmp_path / "twice.csv",
        [
            ["audit.case_reference", "overall_rationale", "overall_rationale"],
            [cases[0], RATIONALE, ""],
        ],
    )
    with pytest.raises(UserError, match=r"^twice.csv has two columns headed 'overall_rationale'"):
        import_audit_sheet(context, ImportAuditSheet(visit, twice))
    assert _stored(database) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_continuation_columns_are_joined_in_csv_as_in_xlsx(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    context, visit, cases = _visit(database, tmp_path)
    parts = _sheet(
        tmp_path / f"parts{suffix}",
        [
            ["audit.case_reference", "overall_rationale", "overall_rationale (part 2)"],
            [cases[0], "first _xD83D_", f"_xDE00_ {RATIONALE}"],
        ],
    )
    import_audit_sheet(context, ImportAuditSheet(visit, parts))
    assert _rationale(database, cases[0]) == f"first \U0001f600 {RATIONALE}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=40), min_size=1, max_size=3)
)
def test_any_text_split_over_continuation_columns_of_a_csv_reads_back_as_typed(
    texts: list[str],
) -> None:
    import tempfile

    from audit_tool.spreadsheet_text import continued_columns, csv_text

    header, rows = continued_columns(
        ["audit.id", "overall_rationale"], lambda: [["1", t] for t in texts], limit=7
    )
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "parts.csv"
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(
                [header, *([csv_text(str(c)) for c in row] for row in rows)]
            )
        read = audit_sheet._read_rows(sheet)
    assert read[0] == ["audit.id", "overall_rationale"]
    assert [row[1] for row in read[1:]] == texts
