"""`critical-friend sample` and `critical-friend audits export`."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop_app.home import Home
from desktop_app.store.database import Database
from desktop_app.store.models import Visit, VisitCase
from desktop_app.store.repositories.audits import create_audit
from desktop_app.store.repositories.visits import draw_visit_sample
from forms import shipped_template
from tests.audits.builders import audits_of, fill, grade_answers, visit_with_cases, write_cases
from tests.helpers import run_cli


def test_sample_prints_the_chosen_rows_as_csv_reproducibly(
    capsys: pytest.CaptureFixture[str], home: Home, tmp_path: Path
) -> None:
    cases = write_cases(tmp_path, 50)
    args = (
        "--home",
        str(home.root),
        "sample",
        "--cases",
        str(cases),
        "--size",
        "10",
        "--seed",
        "42",
    )
    first = run_cli(capsys, *args, "--by", "cohort")
    second = run_cli(capsys, *args, "--by", "cohort")
    assert first.code == 0
    rows = list(csv.DictReader(io.StringIO(first.out)))
    assert len(rows) == 10 and list(rows[0]) == ["Case reference", "Cohort", "Team"]
    assert first.out == second.out
    assert "seed 42" in first.err and "stratified by 'Cohort'" in first.err
    assert {row["Cohort"] for row in rows} == {"CIN", "CP", "CiC", "Early help"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Case reference,Team\nC1,North\nC1,South\n", "Row 3, column 'Case reference'"),
        ("Team,Cohort\nNorth,CIN\n", "no case reference column"),
    ],
)
def test_a_bad_case_list_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], home: Home, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(text, encoding="utf-8")
    result = run_cli(
        capsys,
        "--home",
        str(home.root),
        "sample",
        "--cases",
        str(path),
        "--size",
        "1",
        "--seed",
        "1",
    )
    assert result.code == 2
    assert expected in result.err and result.out == ""
    assert len(result.err.strip().splitlines()) == 1


def test_sample_by_an_unknown_column_names_the_columns(
    capsys: pytest.CaptureFixture[str], home: Home, tmp_path: Path
) -> None:
    cases = write_cases(tmp_path, 5)
    result = run_cli(
        capsys,
        "--home",
        str(home.root),
        "sample",
        "--cases",
        str(cases),
        "--size",
        "2",
        "--seed",
        "1",
        "--by",
        "district",
    )
    assert result.code == 2 and "'Case reference', 'Cohort', 'Team'" in result.err


def _second_version() -> dict[str, Any]:
    """The shipped audit template as a version 2: a new question, one question gone."""
    snapshot = shipped_template("case-audit").to_snapshot()
    snapshot["version"] = 2
    profile = snapshot["sections"][0]
    profile["questions"] = [q for q in profile["questions"] if q["id"] != "practitioner_involved"]
    new = dict(profile["questions"][-1])
    new.update(
        {
            "id": "family_consent",
            "type": "yes_no",
            "label": "Did the family agree?",
            "role": None,
            "required": False,
            "constraint": None,
            "hint": "",
        }
    )
    profile["questions"].insert(1, new)
    return snapshot


def test_export_has_every_question_of_every_version_keyed_by_id(
    capsys: pytest.CaptureFixture[str], database: Database, tmp_path: Path
) -> None:
    with database.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        draw_visit_sample(session, visit_id, 2, 3)
        old = audits_of(session, visit_id)[0]
        fill(
            session,
            old,
            grade_answers(
                "good",
                practitioner_involved="yes",
                actions=[
                    {
                        "what": "Update the chronology",
                        "owner": "SW",
                        "due": "2026-02-01",
                        "status": "open",
                    },
                    {"what": "Supervision", "owner": "TM", "due": "2026-03-01", "status": "done"},
                ],
            ),
        )
        visit = session.get(Visit, visit_id)
        case = VisitCase(
            visit_id=visit_id, case_reference="V2-1", source="added", reason="new form"
        )
        session.add(case)
        session.flush()
        assert visit is not None
        newer = create_audit(session, visit, case, snapshot=_second_version())
        fill(session, newer, grade_answers("inadequate", family_consent="no"))
    home = str(database.home.root)
    out = tmp_path / "audits.csv"
    result = run_cli(
        capsys,
        "--home",
        home,
        "audits",
        "export",
        "--visit",
        str(visit_id),
        "--format",
        "csv",
        "--out",
        str(out),
    )
    assert result.code == 0, result.err
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    header = list(rows[0])
    assert len(header) == len(set(header))
    assert {
        "practitioner_involved",
        "family_consent",
        "overall_grade",
        "audit.form_version",
    } <= set(header)
    by_case = {row["audit.case_reference"]: row for row in rows}
    assert by_case[old.case_reference]["practitioner_involved"] == "Yes"
    assert by_case[old.case_reference]["family_consent"] == ""
    assert by_case["V2-1"]["family_consent"] == "No"
    assert by_case["V2-1"]["practitioner_involved"] == ""
    assert by_case["V2-1"]["overall_grade"] == "Inadequate"
    assert by_case["V2-1"]["audit.form_version"] == "2"
    assert by_case[old.case_reference]["actions"].splitlines() == [
        "1. What needs to happen: Update the chronology; Owner (role): SW; Due by: 2026-02-01; Status: Open",
        "2. What needs to happen: Supervision; Owner (role): TM; Due by: 2026-03-01; Status: Done",
    ]
    xlsx = tmp_path / "audits.xlsx"
    result = run_cli(
        capsys,
        "--home",
        home,
        "audits",
        "export",
        "--visit",
        str(visit_id),
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
    )
    assert result.code == 0, result.err
    sheet = load_workbook(xlsx, read_only=True)["Audits"]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == header
    assert len(table) == len(rows) + 1 == 4


def test_export_of_an_unknown_visit_is_refused(
    capsys: pytest.CaptureFixture[str], home: Home, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    result = run_cli(
        capsys,
        "--home",
        str(home.root),
        "audits",
        "export",
        "--visit",
        "99",
        "--format",
        "csv",
        "--out",
        str(out),
    )
    assert result.code == 2 and "no visit 99" in result.err
    assert not out.exists()
