"""The improvement plan's rules as a user meets them: RAG by due date, overdue first, filters,
a drop needs a reason, sources brought in once, answers' history kept, and the workbook."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.app.challenge_answers import (
    AnswerChallengeNote,
    ChallengeAnswerError,
    answer_challenge_note,
    answer_history,
)
from desktop_app.app.context import AppContext
from desktop_app.app.plan import (
    AddPlanAction,
    ExportPlan,
    PlanFilter,
    PlanInputError,
    PlanSource,
    PlanStatus,
    UpdatePlanAction,
    add_plan_action,
    export_plan,
    list_plan,
    update_plan_action,
)
from desktop_app.app.plan_sources import import_audit_actions, import_priorities
from desktop_app.store.database import Database
from desktop_app.store.repositories.plan import Rag, rag_of

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("status", "days", "rag"),
    [
        ("on_track", -1, Rag.RED),  # open and past its date
        ("at_risk", 200, Rag.AMBER),
        ("not_started", 10, Rag.AMBER),  # little time left and not started
        ("not_started", 60, Rag.GREEN),
        ("on_track", 5, Rag.GREEN),
        ("done", -30, Rag.GREEN),  # done late is still done
        ("dropped", -30, Rag.NONE),
    ],
)
def test_rag_follows_the_due_date_and_the_status(status: str, days: int, rag: Rag) -> None:
    assert rag_of(status, TODAY + timedelta(days=days), TODAY) is rag


def _first(database: Database, sql: str) -> int:
    from sqlalchemy import text

    with database.session() as session:
        return int(session.execute(text(sql)).scalars().first() or 0)


def _add(ctx: AppContext, what: str, owner: str, days: int, area: str = "") -> int:
    request = AddPlanAction(what, owner, TODAY + timedelta(days=days), area=area)
    return add_plan_action(ctx, request).action_id


def test_overdue_actions_come_first_and_filters_narrow_the_list(database: Database) -> None:
    ctx = AppContext(database.home, database)
    later = _add(ctx, "Refresh the threshold document", "Tom Reilly", 40, "help_protection")
    late = _add(ctx, "Audit supervision", "Helen Marsh", -3, "leaders")
    done = _add(ctx, "Publish the local offer", "Helen Marsh", -10, "care_leavers")
    update_plan_action(ctx, UpdatePlanAction(done, PlanStatus.DONE, "Published."))
    rows = list_plan(ctx, PlanFilter(today=TODAY))
    assert [row.id for row in rows] == [late, done, later]
    assert [row.overdue for row in rows] == [True, False, False]
    assert [r.id for r in list_plan(ctx, PlanFilter(owner="helen", today=TODAY))] == [late, done]
    assert [r.id for r in list_plan(ctx, PlanFilter(area="leaders", today=TODAY))] == [late]
    assert [r.id for r in list_plan(ctx, PlanFilter(status=PlanStatus.DONE))] == [done]
    assert list_plan(ctx, PlanFilter(source=PlanSource.CHALLENGE)) == []


def test_dropping_needs_a_reason_and_keeps_it(database: Database) -> None:
    ctx = AppContext(database.home, database)
    action = _add(ctx, "A separate duty team", "Helen Marsh", 30)
    with pytest.raises(PlanInputError, match="needs a reason"):
        update_plan_action(ctx, UpdatePlanAction(action, PlanStatus.DROPPED))
    with pytest.raises(PlanInputError, match="new status, a progress note"):
        update_plan_action(ctx, UpdatePlanAction(action))
    update_plan_action(
        ctx, UpdatePlanAction(action, PlanStatus.DROPPED, "The regional service covers it.")
    )
    (row,) = list_plan(ctx)
    assert row.status is PlanStatus.DROPPED and row.status_reason.startswith("The regional")
    assert row.progress[-1].status_before == "not_started"
    with pytest.raises(PlanInputError, match="no plan action 999"):
        update_plan_action(ctx, UpdatePlanAction(999, note="x"))
    with pytest.raises(PlanInputError, match="not an ILACS area"):
        add_plan_action(ctx, AddPlanAction("x", "y", TODAY, area="finance"))


def test_audit_actions_and_priorities_come_in_once(demo_database: Database) -> None:
    ctx = AppContext(demo_database.home, demo_database)
    before = len(list_plan(ctx))
    visit_id = _first(demo_database, "SELECT id FROM visit ORDER BY id")
    first = import_audit_actions(ctx, int(visit_id))
    assert first.added > 0 and first.already == 0
    again = import_audit_actions(ctx, int(visit_id))
    assert again.added == 0 and again.already == first.added
    audit_rows = list_plan(ctx, PlanFilter(source=PlanSource.AUDIT))
    assert len(audit_rows) == first.added + 1  # the demo's own audit action too
    assert all(row.owner for row in audit_rows)
    assessment = _first(demo_database, "SELECT id FROM assessment ORDER BY period")
    priorities = import_priorities(ctx, int(assessment))
    assert priorities.added > 0
    assert import_priorities(ctx, int(assessment)).added == 0
    assert len(list_plan(ctx)) == before + first.added + priorities.added
    with pytest.raises(PlanInputError, match="no visit 999"):
        import_audit_actions(ctx, 999)


def test_a_changed_answer_is_kept_in_the_notes_history(demo_database: Database) -> None:
    ctx = AppContext(demo_database.home, demo_database)
    note = _first(
        demo_database,
        "SELECT id FROM challenge_note WHERE direction = 'received' AND accepted IS NULL",
    )
    with pytest.raises(ChallengeAnswerError, match="needs a reason"):
        answer_challenge_note(ctx, AnswerChallengeNote(note, accepted=False))
    first = answer_challenge_note(ctx, AnswerChallengeNote(note, True, "We will do it."))
    assert first.action_created and first.previous == ""
    second = answer_challenge_note(ctx, AnswerChallengeNote(note, False, "On reflection, no."))
    assert second.previous == "accepted" and second.action_id is None
    history = answer_history(ctx, note)
    assert [entry.accepted for entry in history] == [True, False]
    assert history[0].action_id == first.action_id
    assert all(entry.author and entry.author not in ("Me", "Reviewer") for entry in history)
    created = next(r for r in list_plan(ctx) if r.id == first.action_id)
    assert created.source is PlanSource.CHALLENGE
    assert "was declined" in created.progress[-1].text


def test_the_workbook_has_every_action_and_keeps_text_as_text(
    database: Database, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    ctx = AppContext(database.home, database)
    action = _add(ctx, '=HYPERLINK("http://x")', "Tom Reilly", 5)
    update_plan_action(ctx, UpdatePlanAction(action, PlanStatus.ON_TRACK, "Started."))
    out = tmp_path / "plan.xlsx"
    assert export_plan(ctx, ExportPlan("xlsx", out)).actions == 1
    workbook = load_workbook(out)
    # a text cell holding the text as typed: never a formula, no apostrophe inserted
    assert workbook["Plan"].cell(row=3, column=2).value == '=HYPERLINK("http://x")'
    assert workbook["Plan"].cell(row=3, column=2).data_type == "s"
    assert workbook["Progress"].cell(row=2, column=6).value == "Started."
    with pytest.raises(PlanInputError, match="does not exist"):
        export_plan(ctx, ExportPlan("pdf", tmp_path / "missing" / "plan.pdf"))
    assert not list(tmp_path.glob(".plan-*"))


ANSWER = st.fixed_dictionaries(
    {},
    optional={
        "note_id": st.one_of(st.integers(-5, 50), st.text(max_size=3), st.none()),
        "accepted": st.one_of(st.booleans(), st.none(), st.text(max_size=3)),
        "answer": st.one_of(st.text(max_size=30), st.integers()),
        "action": st.one_of(st.none(), st.dictionaries(st.text(max_size=5), st.text(max_size=5))),
        "answered_at": st.one_of(st.text(max_size=25), st.none()),
    },
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.one_of(ANSWER, st.integers(), st.text(max_size=4)), max_size=6))
def test_a_hostile_reply_changes_only_our_own_notes_on_the_bundle_it_answers(
    demo_database: Database, answers: list[object]
) -> None:
    """Whatever the answers list holds, a reply only ever touches our given notes on the
    challenged bundle, and never raises anything but a refusal."""
    from sqlmodel import select

    from desktop_app.exchange.challenge_reply import store_reply_answers
    from desktop_app.store.models import ChallengeNote, ImportedBundle

    with demo_database.session() as session:
        reply = session.exec(
            select(ImportedBundle).where(ImportedBundle.bundle_type == "challenge-reply")
        ).one()
        import json

        document = json.loads(reply.document)
        others = {
            n.id: (n.accepted, n.answer)
            for n in session.exec(select(ChallengeNote))
            if n.direction != "given"
        }
        document["answers"] = answers
        store_reply_answers(session, reply, document)
        session.flush()
        after = {
            n.id: (n.accepted, n.answer)
            for n in session.exec(select(ChallengeNote))
            if n.direction != "given"
        }
        assert after == others
        session.rollback()
