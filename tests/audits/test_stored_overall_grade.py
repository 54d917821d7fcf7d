"""Each audit's overall grade and listing object kept on its row (issue 17, migration 0008):
after every path that changes an audit's answers, its form, its holder, its conflict or its
moderation, the stored grade is the one worked out afresh from the answers and the audit's own
form, the kept object is the one made afresh from the row, and ``list audits --json`` shows it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.app.audits import moderate_audit
from desktop_app.app.context import AppContext
from desktop_app.app.records import RecordAnswerStore
from desktop_app.app.team import AuditRow
from desktop_app.home import Home
from desktop_app.store.database import open_database
from desktop_app.store.repositories.audits import ModerationDecision
from desktop_app.store.repositories.records import save_answer
from desktop_app.store.repositories.visits import draw_visit_sample
from desktop_app.store.schema import HEAD_REVISION, read_revision
from forms import FormDefinition
from tests.audits.builders import audits_of, visit_with_cases
from tests.helpers import downgrade_home, run_cli
from tests.team.laptops import Laptop, audit_sheet, three_laptops


def _worked_out(database: Path) -> dict[int, tuple[str | None, str | None]]:
    """Each audit's (stored grade, grade worked out in Python from its answers and form)."""
    connection = sqlite3.connect(database)
    try:
        forms: dict[int, list[str]] = {}
        found: dict[int, tuple[str | None, str | None]] = {}
        rows = connection.execute(
            "SELECT a.id, a.record_id, a.overall_grade, r.definition_id, fd.snapshot FROM audit a "
            "JOIN record r ON r.id = a.record_id JOIN form_definition fd ON fd.id = r.definition_id"
        ).fetchall()
        for audit_id, record_id, stored, definition_id, snapshot in rows:
            if definition_id not in forms:
                definition = FormDefinition.from_snapshot(json.loads(snapshot))
                forms[definition_id] = [
                    q.id for q in definition.questions_with_role("overall_grade")
                ]
            answers = {
                question: json.loads(value)
                for question, value in connection.execute(
                    "SELECT question_id, value FROM answer WHERE record_id = ?", (record_id,)
                )
            }
            grade = next(
                (answers[q] for q in forms[definition_id] if isinstance(answers.get(q), str)), None
            )
            found[audit_id] = (stored, grade)
        return found
    finally:
        connection.close()


def _listing_objects(database: Path) -> tuple[list[list[tuple[str, Any]]], list[list[Any]]]:
    """Each audit's kept ``listing_json`` object and the object made afresh from its row, both
    as (key, value) lists so that the keys' order counts."""
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute("SELECT * FROM audit ORDER BY id").fetchall()
    finally:
        connection.close()
    kept = [list(json.loads(row["listing_json"]).items()) for row in rows]
    made = [
        list(
            AuditRow(
                row["id"],
                row["uuid"],
                row["visit_id"],
                row["case_reference"],
                row["assigned_to"] or row["auditor"],
                row["status"],
                row["overall_grade"],
                bool(row["escalated"]),
                bool(row["conflict"]),
            )
            .to_json()
            .items()
        )
        for row in rows
    ]
    return kept, made


def _assert_kept(database: Path) -> dict[int, str | None]:
    """The stored grades, each checked against the one worked out afresh; and each audit's kept
    listing object against one made afresh from its row."""
    found = _worked_out(database)
    assert {a: s for a, (s, _) in found.items()} == {a: g for a, (_, g) in found.items()}
    kept, made = _listing_objects(database)
    assert kept == made
    return {audit_id: stored for audit_id, (stored, _) in found.items()}


def _listed(machine: Laptop) -> dict[str, set[str | None]]:
    """Case reference -> the overall grades ``list audits --json`` shows for it."""
    listed: dict[str, set[str | None]] = {}
    for row in machine.audits():
        listed.setdefault(row["case_reference"], set()).add(row["overall_grade"])
    return listed


@pytest.mark.slow
def test_every_path_that_changes_an_audit_keeps_its_stored_grade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assignments opened, sheets imported, a save in the window, returns merged (new audits,
    replaced ones and a conflict), the conflict decided and a moderation, on three laptops."""
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="SAV: the front door", kind="SAV", size=4, seed=11
    )
    databases = {machine.name: Home(machine.root).database for machine in (lead, ann, bob)}
    lead.ok("visits", "assign", "--visit", "1", "--split")
    bob_pack = tmp_path / "bob.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", bob.name, "--out", str(bob_pack))
    held = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    shared = sorted(case for case, who in held.items() if who == bob.name)[0]
    lead.ok("visits", "assign", "--visit", "1", "--auditor", ann.name, "--cases", shared)
    ann_pack = tmp_path / "ann.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(ann_pack))
    ann.ok("import", str(ann_pack))
    bob.ok("import", str(bob_pack))
    for machine in (lead, ann, bob):
        assert set(_assert_kept(databases[machine.name]).values()) == {None}

    # Audits import (the command line's save): each auditor grades their cases from a sheet.
    ann_cases = sorted(row["case_reference"] for row in ann.audits())
    bob_cases = sorted(row["case_reference"] for row in bob.audits())
    ann.ok(
        "audits", "import", "--visit", "1",
        str(audit_sheet(tmp_path, "ann.csv", ann.name, dict.fromkeys(ann_cases, "Good"))),
    )  # fmt: skip
    bob_grades = dict.fromkeys(bob_cases, "Requires improvement to be good")
    bob_grades[shared] = "Inadequate"
    bob.ok(
        "audits", "import", "--visit", "1",
        str(audit_sheet(tmp_path, "bob.csv", bob.name, bob_grades)),
    )  # fmt: skip
    assert set(_assert_kept(databases[ann.name]).values()) == {"good"}
    assert set(_assert_kept(databases[bob.name]).values()) == {"requires_improvement", "inadequate"}

    # A save in the window: Ann changes one grade, clears another and gives it back.
    ann_home = AppContext(Home(ann.root))
    try:
        rows = {row["case_reference"]: row for row in ann.audits()}
        database = ann_home.database
        with database.session() as session:
            records = {a.case_reference: a.record_id for a in audits_of(session, 1)}
        RecordAnswerStore(ann_home, records[ann_cases[0]]).save("overall_grade", "outstanding")
        cleared = RecordAnswerStore(ann_home, records[ann_cases[1]])
        cleared.save("overall_grade", None)
        assert _assert_kept(databases[ann.name])[rows[ann_cases[1]]["id"]] is None
        cleared.save("overall_grade", "good")
    finally:
        ann_home.close()
    assert _listed(ann)[ann_cases[0]] == {"outstanding"}
    _assert_kept(databases[ann.name])

    # Returns merged on the lead's laptop: Ann's (audits replaced), Bob's (one conflict).
    for machine in (ann, bob):
        back = tmp_path / f"{machine.name.split()[0]}.return"
        machine.ok("audits", "return", "--visit", "1", "--out", str(back))
        lead.ok("import", str(back))
        _assert_kept(databases[lead.name])
    listed = _listed(lead)
    assert listed[ann_cases[0]] == {"outstanding"} and listed[shared] == {"good", "inadequate"}

    # Ann grades again and returns: the merged audit is replaced with the new grade.
    ann.ok(
        "audits", "import", "--visit", "1",
        str(audit_sheet(tmp_path, "ann2.csv", ann.name, {ann_cases[0]: "Inadequate"})),
    )  # fmt: skip
    again = tmp_path / "ann2.return"
    ann.ok("audits", "return", "--visit", "1", "--out", str(again))
    lead.ok("import", str(again))
    _assert_kept(databases[lead.name])
    assert _listed(lead)[ann_cases[0]] == {"inadequate"}

    # The conflict decided: Bob's state kept.
    conflicts = json.loads(lead.ok("visits", "conflicts", "--visit", "1", "--json").out)
    lead.ok("visits", "resolve", "--conflict", str(conflicts[0]["id"]), "--keep", "second")
    _assert_kept(databases[lead.name])
    assert _listed(lead)[shared] == {"inadequate"}

    # Moderation keeps the auditor's grade on the list (the moderator's sits beside it).
    lead_home = AppContext(Home(lead.root))
    try:
        audit_id = next(row["id"] for row in lead.audits() if row["case_reference"] == shared)
        decision = ModerationDecision("overall_grade", "good", "The plan was specific.")
        moderate_audit(lead_home, audit_id, [decision], "Lena Okafor")
    finally:
        lead_home.close()
    assert _assert_kept(databases[lead.name])[audit_id] == "inadequate"
    assert _listed(lead)[shared] == {"inadequate"}


_VALUES = st.one_of(
    st.sampled_from(["inadequate", "requires_improvement", "good", "outstanding", ""]),
    st.none(),
    st.text(max_size=30),
    st.lists(st.sampled_from(["good", "poor"]), max_size=2),
)
_SAVES = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["overall_grade", "voice_grade"]), _VALUES),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(saves=_SAVES)
def test_any_run_of_saves_leaves_the_stored_grade_as_the_answers_say(
    tmp_path: Path, saves: list[tuple[int, str, Any]]
) -> None:
    """Grades, other texts, lists and clears, saved to the overall grade and to another grade:
    the stored grade is always the overall grade's answer when that is a text, else null."""
    home = Home(tmp_path / "property")
    database = open_database(home)
    try:
        with database.session() as session:
            if not audits_of(session, 1):
                visit_id = visit_with_cases(session, tmp_path, count=6)
                draw_visit_sample(session, visit_id, 3, 7)
            records = [audit.record_id for audit in audits_of(session, 1)][:3]
        for which, question, value in saves:
            with database.session() as session:
                save_answer(session, records[which], question, value, by="Property")
            _assert_kept(home.database)
    finally:
        database.close()


def test_a_home_from_before_0008_gets_every_grade(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    """Migration 0008 fills the grade of every demo audit; its downgrade drops the column."""
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    home = Home(home_dir)
    before = _assert_kept(home.database)
    assert len(set(before.values()) - {None}) >= 3
    downgrade_home(home, "0007")
    old = sqlite3.connect(home.database)
    try:
        columns = {row[1] for row in old.execute("PRAGMA table_info(audit)")}
    finally:
        old.close()
    assert "overall_grade" not in columns
    open_database(home).close()  # migrates to the head again
    assert read_revision(home.database) == HEAD_REVISION
    assert _assert_kept(home.database) == before
    listed = json.loads(run_cli(capsys, "--home", str(home_dir), "list", "audits", "--json").out)
    assert {row["id"]: row["overall_grade"] for row in listed} == before
