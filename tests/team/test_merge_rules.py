"""The merge rules on one laptop's database: a newer state replaces an older one, change logs
are merged and never lost, the same audit changed on two laptops is a conflict, and the lead's
decision keeps one state (the other archived with its change log) or both as two audits."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from desktop_app.store.database import Database
from desktop_app.store.models import AnswerChange, Audit, AuditConflict
from desktop_app.store.repositories.records import save_answer
from desktop_app.store.repositories.team import (
    add_member,
    assign_cases,
    auditors_not_returned,
    conflicts,
    resolve_conflict,
    split_cases,
)
from desktop_app.store.repositories.team_merge import (
    AuditState,
    AuditStateError,
    audit_states,
    merge_audit_states,
)
from desktop_app.store.repositories.visits import (
    draw_visit_sample,
)
from desktop_app.store.vocabulary import Keep, TeamRole
from tests.audits.builders import visit_with_cases

ANN = "Ann Ryder"
BOB = "Bob Achebe"


def _visit(database: Database, folder: Path) -> int:
    with database.session() as session:
        visit_id = visit_with_cases(session, folder, count=20)
        draw_visit_sample(session, visit_id, 4, 9)
        for name in (ANN, BOB):
            add_member(session, visit_id, name, TeamRole.AUDITOR, None)
        split_cases(session, visit_id)
        return visit_id


def _typed(state: AuditState, by: str, grade: str, when: str) -> AuditState:
    value = json.dumps(grade)
    old = state.answers.get("overall_grade")
    return replace(
        state,
        answers={**state.answers, "overall_grade": value},
        changes=[*state.changes, ["overall_grade", old, value, when, by]],
        status="in_progress",
    )


def _changes(database: Database, audit_id: int) -> int:
    with database.session() as session:
        audit = session.get(Audit, audit_id)
        assert audit is not None
        return len(
            list(
                session.exec(select(AnswerChange).where(AnswerChange.record_id == audit.record_id))
            )
        )


def test_a_newer_state_replaces_the_older_and_the_change_log_keeps_both(
    database: Database, tmp_path: Path
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        states, definitions = audit_states(session, visit_id, assigned_to=ANN)
        assert auditors_not_returned(session, visit_id) == [ANN, BOB]
    first = _typed(states[0], ANN, "good", "2026-11-30 10:00:00.000000")
    with database.session() as session:
        done = merge_audit_states(session, visit_id, ANN, [first], definitions)
    assert (done.replaced, done.conflicts) == (1, [])
    audit_id = next(a for a in _audits(database, visit_id) if a.uuid == first.uuid).id
    assert audit_id is not None
    logged = _changes(database, audit_id)
    second = _typed(first, ANN, "inadequate", "2026-11-30 11:00:00.000000")
    with database.session() as session:
        done = merge_audit_states(session, visit_id, ANN, [second], definitions)
        again = merge_audit_states(session, visit_id, ANN, [second], definitions)
    assert done.replaced == 1 and again.unchanged == 1 and again.replaced == 0
    assert _changes(database, audit_id) == logged + 1
    assert _grade(database, audit_id) == "inadequate"


def test_the_same_audit_changed_on_two_laptops_is_a_conflict_never_overwritten(
    database: Database, tmp_path: Path
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        states, definitions = audit_states(session, visit_id, assigned_to=ANN)
    target = next(a for a in _audits(database, visit_id) if a.uuid == states[0].uuid)
    with database.session() as session:  # the lead types into Ann's audit meanwhile
        save_answer(session, target.record_id, "overall_grade", "outstanding", by="Lena Okafor")
    arriving = _typed(states[0], ANN, "good", "2026-11-30 10:00:00.000000")
    with database.session() as session:
        done = merge_audit_states(session, visit_id, ANN, [arriving], definitions)
    assert len(done.conflicts) == 1
    assert target.id is not None and _grade(database, target.id) == "outstanding"
    with database.session() as session:
        (row,) = conflicts(session, visit_id)
    # Each side names who made it: the lead's edit here, Ann's in her return.
    assert row.kind == "same_audit" and (row.first.by, row.second.by) == ("Lena Okafor", ANN)
    assert row.second.audit_id is not None and _grade(database, row.second.audit_id) == "good"
    with database.session() as session:
        resolve_conflict(session, row.id, Keep.SECOND)
    kept = [a for a in _audits(database, visit_id) if a.case_reference == arriving.case_reference]
    assert len(kept) == 1 and not kept[0].conflict and kept[0].assigned_to == ANN
    with database.session() as session:
        decided = session.get(AuditConflict, row.id)
        assert decided is not None
        archived = json.loads(decided.discarded)
    assert any(change[4] == "Lena Okafor" for change in archived["changes"])  # nothing lost


def test_keeping_one_state_archives_the_other_and_a_repeat_is_not_a_conflict_again(
    database: Database, tmp_path: Path
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        ann_states, definitions = audit_states(session, visit_id, assigned_to=ANN)
    # Ann returns her audit; Bob, who held the case before it was moved, returns his too.
    anns = _typed(ann_states[1], ANN, "good", "2026-11-30 08:00:00.000000")
    bobs = _typed(ann_states[1], BOB, "requires_improvement", "2026-11-30 09:00:00.000000")
    with database.session() as session:
        merge_audit_states(session, visit_id, ANN, [anns], definitions)
        done = merge_audit_states(session, visit_id, BOB, [bobs], definitions)
        conflict = session.get(AuditConflict, done.conflicts[0])
        assert conflict is not None and conflict.kind == "same_case"
        assert (conflict.first_by, conflict.second_by) == (ANN, BOB)
    with database.session() as session:
        resolve_conflict(session, done.conflicts[0], Keep.FIRST)
        with pytest.raises(ValueError, match="already resolved"):
            resolve_conflict(session, done.conflicts[0], Keep.SECOND)
    with database.session() as session:
        row = session.get(AuditConflict, done.conflicts[0])
        assert row is not None
        archived = json.loads(row.discarded)
    assert archived["assigned_to"] == BOB
    assert any(change[4] == BOB for change in archived["changes"])
    assert len(_audits(database, visit_id)) == 4
    # Bob's laptop sends the same state again: the lead decided it already.
    with database.session() as session:
        again = merge_audit_states(session, visit_id, BOB, [bobs], definitions)
    assert again.conflicts == [] and again.unchanged == 1
    # New typing on top of it is new work: a conflict for the lead again, nothing dropped.
    more = _typed(bobs, BOB, "inadequate", "2026-11-30 12:00:00.000000")
    with database.session() as session:
        later = merge_audit_states(session, visit_id, BOB, [more], definitions)
    assert len(later.conflicts) == 1


def test_a_moved_audit_takes_its_earlier_holders_edits_while_the_new_holder_has_not_changed_it(
    database: Database, tmp_path: Path
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        ann_states, definitions = audit_states(session, visit_id, assigned_to=ANN)
    first = _typed(ann_states[0], ANN, "good", "2026-11-30 10:00:00.000000")
    with database.session() as session:
        merge_audit_states(session, visit_id, ANN, [first], definitions)
        moved = assign_cases(session, visit_id, BOB, [first.case_reference])
    assert (
        moved.warning is not None and f"case {first.case_reference} (Ann Ryder's" in moved.warning
    )
    audit_id = moved.audit_ids[0]
    logged = _changes(database, audit_id)
    # Ann types on (her laptop still holds it) and returns: merged as hers, Bob still holds it.
    later = _typed(first, ANN, "outstanding", "2026-11-30 11:00:00.000000")
    with database.session() as session:
        done = merge_audit_states(session, visit_id, ANN, [later], definitions)
    assert (done.replaced, done.conflicts) == (1, [])
    assert (
        _grade(database, audit_id) == "outstanding" and _changes(database, audit_id) == logged + 1
    )
    with database.session() as session:
        audit = session.get(Audit, audit_id)
        assert audit is not None and audit.assigned_to == BOB
    # Bob changes it from his copy (which had Ann's first state) while Ann changes it again:
    # both changed it, so it is a conflict, each side named.
    bobs = _typed(first, BOB, "inadequate", "2026-11-30 12:00:00.000000")
    with database.session() as session:
        clash = merge_audit_states(session, visit_id, BOB, [bobs], definitions)
        (row,) = conflicts(session, visit_id)
    assert len(clash.conflicts) == 1 and row.kind == "same_audit"
    assert (row.first.by, row.second.by) == (ANN, BOB)
    # Moving a case nobody has typed in warns of nothing.
    with database.session() as session:
        quiet = assign_cases(session, visit_id, ANN, [ann_states[1].case_reference])
    assert quiet.warning is None


def test_sharing_again_after_returns_warns_of_the_work_it_moves(
    database: Database, tmp_path: Path
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        states, definitions = audit_states(session, visit_id, assigned_to=ANN)
        returned = _typed(states[0], ANN, "good", "2026-11-30 10:00:00.000000")
        merge_audit_states(session, visit_id, ANN, [returned], definitions)
        # Ann becomes the visit's moderator and Cara joins: sharing again moves Ann's cases.
        add_member(session, visit_id, ANN, TeamRole.MODERATOR, None)
        add_member(session, visit_id, "Cara Diaz", TeamRole.AUDITOR, None)
        counts, warning = split_cases(session, visit_id)
    assert counts == {BOB: 2, "Cara Diaz": 2}
    assert warning is not None and f"case {returned.case_reference} (Ann Ryder's" in warning
    assert f"case {states[1].case_reference} " not in warning  # nothing typed in it yet


@pytest.mark.parametrize("kind", ["same_case", "same_audit"])
def test_after_keeping_both_later_returns_update_each_audit_without_a_new_conflict(
    database: Database, tmp_path: Path, kind: str
) -> None:
    visit_id = _visit(database, tmp_path)
    with database.session() as session:
        ann_states, definitions = audit_states(session, visit_id, assigned_to=ANN)
    shared = ann_states[0]
    target = next(a for a in _audits(database, visit_id) if a.uuid == shared.uuid)
    if kind == "same_case":  # Bob audits Ann's case too (he was given it for a while)
        other_state = _typed(shared, BOB, "inadequate", "2026-11-30 09:00:00.000000")
        first_ann = _typed(shared, ANN, "good", "2026-11-30 09:30:00.000000")
        with database.session() as session:
            merge_audit_states(session, visit_id, ANN, [first_ann], definitions)
            done = merge_audit_states(session, visit_id, BOB, [other_state], definitions)
        later_by, later_from = BOB, other_state
    else:  # the lead types into Ann's audit while Ann audits it on her laptop
        with database.session() as session:
            save_answer(session, target.record_id, "overall_grade", "outstanding", by="Lena")
        first_ann = _typed(shared, ANN, "good", "2026-11-30 09:30:00.000000")
        with database.session() as session:
            done = merge_audit_states(session, visit_id, ANN, [first_ann], definitions)
        later_by, later_from = ANN, first_ann
    assert len(done.conflicts) == 1
    with database.session() as session:
        conflict = session.get(AuditConflict, done.conflicts[0])
        assert conflict is not None and conflict.kind == kind
        kept_second = conflict.second_audit_id
        resolve_conflict(session, done.conflicts[0], Keep.BOTH)
    assert kept_second is not None
    logged = _changes(database, kept_second)

    # The second side's auditor goes on working on their copy (its uuid on their laptop is the
    # old one) and returns it again: it updates the audit kept for them, no conflict again.
    later = _typed(later_from, later_by, "requires_improvement", "2026-11-30 15:00:00.000000")
    with database.session() as session:
        again = merge_audit_states(session, visit_id, later_by, [later], definitions)
    assert again.conflicts == [] and again.replaced == 1
    assert _grade(database, kept_second) == "requires_improvement"
    assert _changes(database, kept_second) == logged + 1  # nothing lost: the log grows
    # Sending the same later state twice changes nothing.
    with database.session() as session:
        twice = merge_audit_states(session, visit_id, later_by, [later], definitions)
    assert twice.conflicts == [] and twice.unchanged == 1
    both = [a for a in _audits(database, visit_id) if a.case_reference == shared.case_reference]
    assert len(both) == 2 and not any(a.conflict for a in both)
    if kind == "same_case":  # Ann's later return goes to her audit, also without a conflict
        ann_later = _typed(first_ann, ANN, "outstanding", "2026-11-30 16:00:00.000000")
        with database.session() as session:
            ann_again = merge_audit_states(session, visit_id, ANN, [ann_later], definitions)
        assert ann_again.conflicts == [] and ann_again.replaced == 1
        assert target.id is not None and _grade(database, target.id) == "outstanding"


def _audits(database: Database, visit_id: int) -> list[Audit]:
    with database.session() as session:
        return list(session.exec(select(Audit).where(Audit.visit_id == visit_id)))


def _grade(database: Database, audit_id: int) -> Any:
    from desktop_app.store.repositories.records import load_answers

    with database.session() as session:
        audit = session.get(Audit, audit_id)
        assert audit is not None
        return load_answers(session, audit.record_id).get("overall_grade")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "uuid",
                "case_reference",
                "case_fields",
                "status",
                "escalated",
                "updated_at",
                "definition",
                "answers",
                "changes",
                "audited_on",
            ]
        ),
        JSONISH,
    )
)
def test_an_audit_in_a_bundle_is_read_or_refused_with_a_sentence(value: dict[str, Any]) -> None:
    try:
        AuditState.from_json(value, {"abc": {}})
    except AuditStateError as error:
        assert str(error)
