"""Moderation (both grades kept), agreement and kappa on the visit, findings, actions, reports."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from audit_tool import weighted_kappa
from desktop_app.reports.audit_report import write_audit_report
from desktop_app.reports.visit_report import write_visit_report
from desktop_app.store.database import Database
from desktop_app.store.repositories.audits import (
    ModerationDecision,
    ModerationError,
    audit_grade_lines,
    latest_moderations,
    moderate_audit,
)
from desktop_app.store.repositories.findings import visit_actions, visit_findings
from desktop_app.store.repositories.visits import draw_visit_sample
from desktop_app.store.schema import connect_read_only
from tests.audits.builders import audits_of, fill, grade_answers, visit_with_cases
from tests.helpers import require_tool

ORDER = ["inadequate", "requires_improvement", "good", "outstanding"]


def _visit_with_graded_audits(database: Database, folder: Path) -> tuple[int, list[int]]:
    overall = ["good", "good", "requires_improvement", "inadequate", "outstanding", "good"]
    with database.session() as session:
        visit_id = visit_with_cases(session, folder)
        draw_visit_sample(session, visit_id, len(overall), 11)
        audits = audits_of(session, visit_id)
        for audit, grade in zip(audits, overall, strict=True):
            fill(
                session,
                audit,
                grade_answers(
                    grade,
                    "requires_improvement" if grade != "good" else "good",
                    strength_themes=["voice_of_child"],
                    development_themes=["planning"] if grade != "good" else [],
                    actions=[
                        {
                            "what": "See the child alone",
                            "owner": "SW",
                            "due": "2026-01-31",
                            "status": "open",
                        }
                    ],
                ),
            )
        ids = [audit.id or 0 for audit in audits]
    return visit_id, ids


def test_a_changed_grade_needs_a_rationale_and_both_grades_are_kept(
    database: Database, tmp_path: Path
) -> None:
    _visit_id, ids = _visit_with_graded_audits(database, tmp_path)
    with database.session() as session:
        with pytest.raises(ModerationError, match="needs a rationale"):
            moderate_audit(
                session,
                ids[0],
                [ModerationDecision("overall_grade", "requires_improvement")],
                "Mod",
            )
        moderate_audit(
            session,
            ids[0],
            [
                ModerationDecision("overall_grade", "requires_improvement", "Impact not shown"),
                ModerationDecision("voice_grade", "good"),
            ],
            "Mod",
        )
        kept = latest_moderations(session, ids[0])
        assert (kept["overall_grade"].auditor_value, kept["overall_grade"].moderator_value) == (
            "good",
            "requires_improvement",
        )
        lines = {line.question_id: line for line in audit_grade_lines(session, ids[0])}
        assert lines["overall_grade"].auditor_value == "good"  # the auditor's answer is unchanged
        assert lines["overall_grade"].moderator_value == "requires_improvement"


def test_visit_agreement_uses_quadratic_weighted_kappa_on_overall_grades(
    database: Database, tmp_path: Path
) -> None:
    visit_id, ids = _visit_with_graded_audits(database, tmp_path)
    changes = {
        ids[0]: "requires_improvement",
        ids[2]: "requires_improvement",
        ids[3]: "requires_improvement",
        ids[4]: "good",
    }
    with database.session() as session:
        for audit_id, grade in changes.items():
            moderate_audit(
                session, audit_id, [ModerationDecision("overall_grade", grade, "Because")], "Mod"
            )
    connection = connect_read_only(database.home.database)
    try:
        found = visit_findings(connection, visit_id)
    finally:
        connection.close()
    pairs = [
        ("good", "requires_improvement"),
        ("requires_improvement", "requires_improvement"),
        ("inadequate", "requires_improvement"),
        ("outstanding", "good"),
    ]
    assert found.moderated_audits == 4
    assert found.percent_moderated == pytest.approx(100 * 4 / 6)
    assert found.agreement.n == 4
    assert found.agreement.exact == pytest.approx(0.25)
    assert found.agreement.kappa == pytest.approx(weighted_kappa(pairs, ORDER, "quadratic"))
    # the moderator's overall grade counts: good, RI, RI, RI, good, good -> 3 of 6
    assert found.findings.overall.percent_good_or_better == pytest.approx(50.0)
    assert found.findings.sections["voice"].graded == 6
    assert dict(found.findings.strength_themes) == {"Voice of the child": 6}


def test_the_action_tracker_gathers_every_audit_action(database: Database, tmp_path: Path) -> None:
    visit_id, ids = _visit_with_graded_audits(database, tmp_path)
    connection = connect_read_only(database.home.database)
    try:
        actions = visit_actions(connection, visit_id)
    finally:
        connection.close()
    assert len(actions) == len(ids)
    assert {action.owner for action in actions} == {"SW"}
    assert all(action.is_open and action.due is not None for action in actions)


def test_the_visit_report_puts_the_escalation_on_page_one(
    database: Database, tmp_path: Path
) -> None:
    pdftotext = require_tool("pdftotext")
    visit_id, ids = _visit_with_graded_audits(database, tmp_path)
    reason = "The child said an adult who is on bail is living at the home; TM told today."
    with database.session() as session:
        audit = audits_of(session, visit_id)[4]
        fill(session, audit, {"escalate": "yes", "escalation_reason": reason})
    out = write_visit_report(database, visit_id, tmp_path / "visit.pdf")
    first_page = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "at risk now" in first_page
    assert audit.case_reference in first_page
    assert "adult who is on bail" in first_page
    audit_pdf = write_audit_report(database, ids[4], tmp_path / "audit.pdf")
    text = subprocess.run(
        [pdftotext, str(audit_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Child at risk now" in text and audit.case_reference in text
