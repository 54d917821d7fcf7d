"""`audits import` applies the audit form's own checks, as when a person types: the escalation
reason's minimum length, answers a row makes required, answer types and choices; all or nothing,
each problem named by row and column in one sentence."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.app.audit_sheet import ImportAuditSheet, import_audit_sheet
from desktop_app.app.context import AppContext
from desktop_app.app.team import (
    DrawSample,
    ImportCases,
    NewVisit,
    VisitKind,
    draw_sample,
    import_cases,
    new_visit,
)
from desktop_app.errors import UserError
from desktop_app.store.database import Database
from forms import shipped_template
from forms.validation import question_issues
from tests.team.laptops import write_case_list

LONG_REASON = "Baby left with a violent adult overnight; duty manager told at 14:10 today."


def _visit(database: Database, folder: Path) -> tuple[AppContext, int, list[str]]:
    context = AppContext(database.home, _database=database)
    visit = new_visit(context, NewVisit("QA", VisitKind.QA, "Midthorpe Council")).visit_id
    import_cases(context, ImportCases(visit, write_case_list(folder, 12)))
    cases = draw_sample(context, DrawSample(visit, 3, 7)).references
    return context, visit, cases


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _stored(database: Database) -> tuple[Any, ...]:
    connection = sqlite3.connect(database.home.root / "critical-friend.db")
    try:
        counts = [
            connection.execute(f"SELECT COUNT(*), MAX(rowid) FROM {table}").fetchone()
            for table in ("answer", "answer_change")
        ]
        audits = connection.execute("SELECT status, escalated FROM audit ORDER BY id").fetchall()
        return (*counts, audits)
    finally:
        connection.close()


HEADER = ["audit.case_reference", "overall_grade", "escalate", "escalation_reason", "escalated_to"]


def test_the_forms_checks_refuse_a_sheet_and_name_row_and_column(
    database: Database, tmp_path: Path
) -> None:
    context, visit, cases = _visit(database, tmp_path)
    before = _stored(database)
    short = _write(
        tmp_path / "short.csv",
        [HEADER, [cases[0], "Good", "no", "", ""], [cases[1], "Good", "yes", "Told.", "Sam Hale"]],
    )
    with pytest.raises(UserError) as refused:
        import_audit_sheet(context, ImportAuditSheet(visit, short))
    lines = refused.value.message.splitlines()
    assert lines[0].startswith("Row 3, column 'escalation_reason': Say what the risk is")
    assert "Nothing was imported from short.csv" in lines[-1]
    assert _stored(database) == before  # row 2 was fine, but nothing at all is stored

    # "yes" to the escalation makes its reason and who was told required, as in the form.
    missing = _write(
        tmp_path / "missing.csv",
        [["audit.case_reference", "escalate"], [cases[2], "yes"]],
    )
    with pytest.raises(UserError) as refused:
        import_audit_sheet(context, ImportAuditSheet(visit, missing))
    lines = refused.value.message.splitlines()
    assert lines[0] == (
        "Row 2, column 'escalation_reason': “What is the risk, and what has been done about "
        "it?” needs an answer."
    )
    assert lines[1].startswith("Row 2, column 'escalated_to':")
    assert _stored(database) == before

    # Choices and types are the form's: an unknown grade, a yes/no that is neither.
    wrong = _write(tmp_path / "wrong.csv", [HEADER, [cases[0], "Good", "maybe", "", ""]])
    with pytest.raises(UserError, match=r"Row 2, column 'escalate': 'maybe' is not one of"):
        import_audit_sheet(context, ImportAuditSheet(visit, wrong))

    # What the form accepts, the sheet accepts; an audit in progress may still lack answers.
    good = _write(
        tmp_path / "good.csv",
        [HEADER, [cases[1], "Inadequate", "yes", LONG_REASON, "Sam Hale, duty manager"]],
    )
    done = import_audit_sheet(context, ImportAuditSheet(visit, good))
    assert done.updated == 1 and done.answers == 4
    assert sum(escalated for _status, escalated in _stored(database)[2]) == 1


CELLS = st.sampled_from(
    [
        "",
        "Good",
        "Inadequate",
        "Brilliant",
        "yes",
        "no",
        "Yes",
        "maybe",
        "Told.",
        LONG_REASON,
        "Sam Hale",
        "=1+1",
        " ",
    ]
)


@pytest.mark.slow
def test_a_hostile_sheet_is_checked_as_the_form_checks_or_stores_nothing(
    database: Database, tmp_path: Path
) -> None:
    context, visit, cases = _visit(database, tmp_path)
    sheet = tmp_path / "hostile.csv"
    definition = shipped_template("case-audit")

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        st.lists(
            st.tuples(st.sampled_from(cases), st.lists(CELLS, min_size=4, max_size=4)),
            min_size=1,
            max_size=4,
        )
    )
    def import_any(rows: list[tuple[str, list[str]]]) -> None:
        _write(sheet, [HEADER, *([case, *cells] for case, cells in rows)])
        before = _stored(database)
        try:
            import_audit_sheet(context, ImportAuditSheet(visit, sheet))
        except UserError as error:
            lines = error.message.splitlines()
            assert lines and all(line.endswith(".") for line in lines)
            assert all(line.startswith("Row ") for line in lines[:-1])
            assert _stored(database) == before
            return
        # Imported: every answer the sheet gave passes the form's own checks.
        from desktop_app.store.models import Audit
        from desktop_app.store.repositories.records import load_answers

        with database.session() as session:
            from sqlmodel import select

            for audit in session.exec(select(Audit).where(Audit.visit_id == visit)):
                answers = load_answers(session, audit.record_id)
                for question_id in HEADER[1:]:
                    question = definition.question(question_id)
                    if question_id in answers:
                        issues = question_issues(definition, question, answers)
                        assert not [i for i in issues if i.blocking], (question_id, answers)

    import_any()


def test_numbers_are_read_and_held_to_the_forms_rule(database: Database, tmp_path: Path) -> None:
    context = AppContext(database.home, _database=database)
    visit = new_visit(
        context, NewVisit("SoS", VisitKind.QA, "Midthorpe Council", template="case-audit-sos")
    ).visit_id
    import_cases(context, ImportCases(visit, write_case_list(tmp_path, 12)))
    case = draw_sample(context, DrawSample(visit, 1, 7)).references[0]
    before = _stored(database)
    for cell, problem in (
        ("abc", "Row 2, column 'scaling_practitioner': 'abc' is not a number"),
        ("nan", "Row 2, column 'scaling_practitioner': 'nan' is not a number"),
        ("11", "Row 2, column 'scaling_practitioner': A scaling is a number from 0 to 10."),
    ):
        sheet = _write(
            tmp_path / "sos.csv", [["audit.case_reference", "scaling_practitioner"], [case, cell]]
        )
        with pytest.raises(UserError) as refused:
            import_audit_sheet(context, ImportAuditSheet(visit, sheet))
        assert refused.value.message.startswith(problem), refused.value.message
        assert _stored(database) == before
    sheet = _write(
        tmp_path / "sos.csv", [["audit.case_reference", "scaling_practitioner"], [case, "7"]]
    )
    assert import_audit_sheet(context, ImportAuditSheet(visit, sheet)).answers == 1
