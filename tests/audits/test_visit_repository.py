"""Visits: case list import, the sample, cases added or swapped, audit status and escalation."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from audit_tool import CaseListError
from desktop_app.store.database import Database
from desktop_app.store.models import Visit, VisitCase
from desktop_app.store.repositories.audits import AuditError, audit_summary
from desktop_app.store.repositories.listing import audit_rows, visit_rows
from desktop_app.store.repositories.records import load_answers
from desktop_app.store.repositories.visits import (
    VisitError,
    add_case,
    audit_list,
    draw_visit_sample,
    import_case_list,
    swap_case,
    team_of,
)
from desktop_app.store.schema import connect_read_only
from tests.audits.builders import audits_of, fill, new_visit, visit_with_cases


def test_a_bad_case_list_names_row_and_column_and_imports_nothing(
    database: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Case reference,Cohort\nC1,CIN\n,CP\nC3,CIN\n", encoding="utf-8")
    with database.session() as session:
        visit_id = new_visit(session)
    with (
        pytest.raises(CaseListError, match=r"Row 3, column 'Case reference'"),
        database.session() as session,
    ):
        import_case_list(session, visit_id, bad)
    with database.session() as session:
        assert session.exec(select(VisitCase)).all() == []
        assert [m.role for m in team_of(session, visit_id)] == ["lead", "moderator"]


def test_sample_records_its_seed_and_makes_one_audit_per_case(
    database: Database, tmp_path: Path
) -> None:
    with database.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        result = draw_visit_sample(session, visit_id, 8, 1234, by="cohort")
        visit = session.get(Visit, visit_id)
        assert visit is not None
        assert (visit.sample_seed, visit.sample_size, visit.sample_by) == (1234, 8, "Cohort")
        audits = audits_of(session, visit_id)
        chosen = [case.reference for case in result.chosen]
        assert [audit.case_reference for audit in audits] == chosen
        first = load_answers(session, audits[0].record_id)
        assert first["case_reference"] == chosen[0]  # filled in from the case list
        assert first["cohort"] in {
            "child_in_need",
            "child_protection",
            "child_in_care",
            "early_help",
        }
        assert audit_summary(session, audits[0].id or 0).status == "not_started"
    with database.session() as session:
        again = visit_with_cases(session, tmp_path)
        same = draw_visit_sample(session, again, 8, 1234, by="cohort")
    assert [case.reference for case in same.chosen] == chosen


def test_cases_recently_audited_by_the_lists_own_column_are_left_out_not_by_this_home(
    database: Database, tmp_path: Path
) -> None:
    """The same list, size and seed give the same sample whatever audits a laptop holds."""
    today = date.today()
    recent_day = (today - timedelta(days=30)).strftime("%d/%m/%Y")
    listed = tmp_path / "listed.csv"
    listed.write_text(
        "Case reference,Cohort,Last audited\n"
        + "".join(f"C{i:04d},CIN,{recent_day if i < 3 else ''}\n" for i in range(6)),
        encoding="utf-8",
    )
    with database.session() as session:
        earlier = visit_with_cases(session, tmp_path, count=6)
        draw_visit_sample(session, earlier, 3, 7)
        for audit in audits_of(session, earlier):
            fill(session, audit, {"audit_date": (today - timedelta(days=30)).isoformat()})
        later = visit_with_cases(session, tmp_path, count=6)
        held_here = draw_visit_sample(session, later, 6, 7, exclude_within_days=365)
        by_column = new_visit(session, "QA with the audit register")
        import_case_list(session, by_column, listed)
        result = draw_visit_sample(session, by_column, 6, 7, exclude_within_days=365)
    assert not held_here.excluded_recently_audited and held_here.shortfall == 0
    assert set(result.excluded_recently_audited) == {"C0000", "C0001", "C0002"}
    assert {case.reference for case in result.chosen} == {"C0003", "C0004", "C0005"}
    assert result.shortfall == 3


def test_add_and_swap_keep_both_cases_with_their_reasons(
    database: Database, tmp_path: Path
) -> None:
    with database.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        draw_visit_sample(session, visit_id, 3, 5)
        with pytest.raises(VisitError, match="Say why"):
            add_case(session, visit_id, "X1", "  ")
        add_case(session, visit_id, "X1", "Raised by the front door this week")
        first = audit_list(session, visit_id)[0]
        assert first.id is not None
        swap_case(session, first.id, "X2", "Case closed last week")
        cases = {
            case.case_reference: case
            for case in audit_list(session, visit_id, include_removed=True)
        }
        assert cases[first.case_reference].removed
        assert cases[first.case_reference].removed_reason == "Case closed last week"
        assert cases["X2"].source == "swapped_in" and cases["X2"].reason == "Case closed last week"
        assert cases["X1"].source == "added"
        references = [audit.case_reference for audit in audits_of(session, visit_id)]
        assert first.case_reference not in references and {"X1", "X2"} <= set(references)


def test_an_audit_with_answers_cannot_be_swapped_away(database: Database, tmp_path: Path) -> None:
    with database.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        draw_visit_sample(session, visit_id, 2, 5)
        audit = audits_of(session, visit_id)[0]
        fill(session, audit, {"voice_grade": "good"})
        assert audit.visit_case_id is not None
        with pytest.raises(AuditError, match="already has answers"):
            swap_case(session, audit.visit_case_id, "X9", "wrong case")


def test_status_and_escalation_follow_the_answers_and_escalations_list_first(
    database: Database, tmp_path: Path
) -> None:
    with database.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        draw_visit_sample(session, visit_id, 4, 9)
        audits = audits_of(session, visit_id)
        fill(session, audits[2], {"voice_grade": "good"})
        assert audits[2].status == "in_progress" and not audits[2].escalated
        fill(session, audits[3], {"escalate": "yes"})
        assert audits[3].escalated
        fill(session, audits[3], {"escalate": "no"})
        assert not audits[3].escalated
        fill(session, audits[3], {"escalate": "yes"})
    connection = connect_read_only(database.home.database)
    try:
        rows = audit_rows(connection, visit_id)
        assert rows[0]["case_reference"] == audits[3].case_reference and rows[0]["escalated"]
        assert visit_rows(connection)[0]["escalations"] == 1
    finally:
        connection.close()


def test_a_fully_answered_audit_is_complete(database: Database, tmp_path: Path) -> None:
    import random

    from desktop_app.demo.visits import _answers
    from desktop_app.store.repositories.records import record_definition

    with database.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        draw_visit_sample(session, visit_id, 1, 9)
        audit = audits_of(session, visit_id)[0]
        definition = record_definition(session, audit.record_id)
        answers = _answers(
            definition, random.Random(1), date.today(), "Auditor A", "Child in need", escalate=False
        )
        fill(session, audit, {**answers, "team": "North", "cohort": "child_in_need"})
        assert audit_summary(session, audit.id or 0).left == []
        assert audit.status == "complete"
        assert audit.audited_on == date.today()
        assert audit.auditor == "Auditor A"
