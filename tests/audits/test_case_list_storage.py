"""A visit's case list stored as one row (issue 17, migration 0007): what is stored reads back
as imported, the readers of the list see it, and a home made before 0007 keeps its lists."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from audit_tool import CaseList, CaseRow
from desktop_app.home import Home
from desktop_app.store.database import Database, open_database
from desktop_app.store.repositories.case_lists import (
    case_list_columns,
    case_list_fields,
    case_list_rows,
    stored_case_list,
)
from desktop_app.store.repositories.exchange import council_case_references
from desktop_app.store.repositories.visits import (
    draw_visit_sample,
    import_case_list,
    store_case_list,
)
from desktop_app.store.schema import HEAD_REVISION, read_revision
from tests.audits.builders import audits_of, new_visit, write_cases
from tests.helpers import downgrade_home, run_cli


def _as_stored(rows: list[CaseRow]) -> list[tuple[int, str, dict[str, str]]]:
    return [(row.number, row.reference, row.fields) for row in rows]


def test_an_imported_list_reads_back_as_read_with_its_row_numbers(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(
        "Case reference,Cohort,Team\nC1,a) CIN,North\n\nC2,CP,\nC3,-,South\n", encoding="utf-8"
    )
    with database.session() as session:
        visit_id = new_visit(session)
        imported = import_case_list(session, visit_id, path)
    with database.session() as session:
        assert _as_stored(case_list_rows(session, visit_id)) == _as_stored(imported.rows)
        assert [row.number for row in case_list_rows(session, visit_id)] == [2, 4, 5]
        assert case_list_columns(session, visit_id) == ["Case reference", "Cohort", "Team"]
        assert case_list_fields(session, visit_id, "C3") == {
            "Case reference": "C3",
            "Cohort": "",
            "Team": "South",
        }
        assert case_list_fields(session, visit_id, "C9") == {}
        assert {"C1", "C2", "C3"} <= set(council_case_references(session))


@pytest.mark.parametrize("cell", ["unit\x1fseparator", "record\x1eseparator", "{", "1,2"])
def test_cells_holding_the_separators_are_kept_exactly(database: Database, cell: str) -> None:
    rows = [
        CaseRow(2, "C1", {"Case reference": "C1", "Note": cell}),
        CaseRow(7, "C2", {"Case reference": "C2", "Note": ""}),
    ]
    with database.session() as session:
        visit_id = new_visit(session)
        store_case_list(
            session,
            visit_id,
            CaseList.from_rows(["Case reference", "Note"], rows, "Case reference"),
        )
    with database.session() as session:
        assert _as_stored(case_list_rows(session, visit_id)) == _as_stored(rows)


def test_a_new_list_replaces_the_old_one_and_the_sample_draws_from_it(
    database: Database, tmp_path: Path
) -> None:
    with database.session() as session:
        visit_id = new_visit(session)
        import_case_list(session, visit_id, write_cases(tmp_path, 40))
        import_case_list(session, visit_id, write_cases(tmp_path, 12, name="fewer.csv"))
        result = draw_visit_sample(session, visit_id, 5, 7, by="cohort")
        audits = audits_of(session, visit_id)
        assert len(case_list_rows(session, visit_id)) == 12
        assert [audit.case_reference for audit in audits] == [c.reference for c in result.chosen]
    stored = sqlite3.connect(database.home.database)
    try:
        assert stored.execute("SELECT count(*) FROM visit_case_list").fetchone() == (1,)
        assert stored.execute("SELECT count(*) FROM visit_case").fetchone() == (5,)
    finally:
        stored.close()


def test_a_home_from_before_0007_keeps_its_case_lists(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    home = Home(home_dir)
    before: dict[int, list[tuple[int, str, dict[str, str]]]] = {}
    database = open_database(home)
    with database.session() as session:
        visits = [row[0] for row in session.execute(text("SELECT visit_id FROM visit_case_list"))]
        for visit_id in visits:
            before[visit_id] = _as_stored(case_list_rows(session, visit_id))
    database.close()
    assert before and all(before.values())

    downgrade_home(home, "0006")
    assert read_revision(home.database) == "0006"
    old = sqlite3.connect(home.database)
    try:
        listed = old.execute(
            "SELECT visit_id, case_reference, fields FROM visit_case WHERE source = 'case_list' "
            "ORDER BY id"
        ).fetchall()
        tables = {row[0] for row in old.execute("SELECT name FROM sqlite_master")}
    finally:
        old.close()
    assert "visit_case_list" not in tables
    assert len(listed) == sum(len(rows) for rows in before.values())
    assert all(json.loads(fields)["Case reference"] == reference for _, reference, fields in listed)

    database = open_database(home)  # migrates to the head again
    try:
        assert read_revision(home.database) == HEAD_REVISION
        with database.session() as session:
            for visit_id, rows in before.items():
                assert _as_stored(case_list_rows(session, visit_id)) == rows
                case_list = stored_case_list(session, visit_id)
                assert case_list is not None and case_list.reference_column == "Case reference"
            left = session.execute(
                text("SELECT count(*) FROM visit_case WHERE source = 'case_list'")
            ).one()
            assert left == (0,)
    finally:
        database.close()
    result = run_cli(capsys, "--home", str(home_dir), "list", "audits", "--json")
    assert result.code == 0 and json.loads(result.out)
