"""``list audits --json`` reads the overall grade the way the form says, with or without the
covering index of overall grades (migration 0006)."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop_app.app.audit_list import overall_grade_ids
from desktop_app.app.context import AppContext
from desktop_app.app.team import list_audits
from desktop_app.home import Home
from forms import FormDefinition, shipped_templates
from tests.helpers import run_cli


def _grade_ids_by_forms(snapshots: list[dict[str, Any]]) -> list[str]:
    ids: set[str] = set()
    for snapshot in snapshots:
        definition = FormDefinition.from_snapshot(snapshot)
        ids.update(question.id for question in definition.questions_with_role("overall_grade"))
    return sorted(ids)


def _ids_from_database(snapshots: list[dict[str, Any]], kinds: list[str]) -> list[str]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE form_definition (id INTEGER PRIMARY KEY, snapshot TEXT)")
    connection.execute("CREATE TABLE record (id INTEGER PRIMARY KEY, definition_id INT, kind TEXT)")
    for number, (snapshot, kind) in enumerate(zip(snapshots, kinds, strict=True), start=1):
        connection.execute(
            "INSERT INTO form_definition VALUES (?, ?)", (number, json.dumps(snapshot))
        )
        connection.execute("INSERT INTO record (definition_id, kind) VALUES (?, ?)", (number, kind))
    return overall_grade_ids(connection)


def test_grade_questions_found_in_the_stored_snapshot_as_the_forms_package_finds_them() -> None:
    snapshots = [definition.to_snapshot() for definition in shipped_templates()]
    audit_forms = [s for s in snapshots if _grade_ids_by_forms([s])]
    assert audit_forms, "a shipped audit form has an overall grade"
    assert _ids_from_database(snapshots, ["audit"] * len(snapshots)) == _grade_ids_by_forms(
        snapshots
    )
    # a council's version that also grades inside a repeat, and renames the overall grade
    changed = copy.deepcopy(audit_forms[0])
    questions = [q for section in changed["sections"] for q in section["questions"]]
    repeat = next(q for q in questions if q.get("questions"))
    repeat["questions"][0]["role"] = "overall_grade"
    overall = next(q for q in questions if q.get("role") == "overall_grade")
    overall["id"] = "overall_judgement"
    found = _ids_from_database([changed], ["audit"])
    assert found == _grade_ids_by_forms([changed])
    assert "overall_judgement" in found and repeat["questions"][0]["id"] in found
    # forms used only by other records (a self-assessment) add nothing
    assert _ids_from_database([changed], ["assessment"]) == []


@pytest.mark.parametrize("index", ["kept", "dropped"])
def test_list_audits_json_is_unchanged_by_the_grade_index(
    capsys: pytest.CaptureFixture[str], home_dir: Path, index: str
) -> None:
    """Every audit of the demo home, with the index (a migrated home) and without it (a home
    read before migration 0006): the same objects as the listing operation gives."""
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    database = Home(home_dir).database
    writer = sqlite3.connect(database)
    # a long text grade (not a shipped grade id) is listed as it is
    long_grade = "x" * 80
    writer.execute(
        "UPDATE answer SET value = ? WHERE question_id = 'overall_grade' AND record_id = "
        "(SELECT record_id FROM audit ORDER BY id LIMIT 1)",
        (json.dumps(long_grade),),
    )
    if index == "dropped":
        writer.execute("DROP INDEX ix_answer_overall_grade")
    writer.commit()
    writer.close()
    app = AppContext(Home(home_dir))
    try:
        expected = [row.to_json() for row in list_audits(app)]
    finally:
        app.close()
    result = run_cli(capsys, "--home", str(home_dir), "list", "audits", "--json")
    assert result.code == 0
    listed = json.loads(result.out)
    assert listed == expected
    assert long_grade in {row["overall_grade"] for row in listed}
    assert {row["overall_grade"] for row in listed} - {None, long_grade}
    assert [list(row) for row in listed] == [list(row) for row in expected]  # key order too
