"""The self-assessment year: create, carry over, mark ready (frozen), edit again, compare, evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop_app.store.repositories import assessments as repo
from desktop_app.store.repositories.attachments import store_attachment
from desktop_app.store.repositories.records import carried_over_ids, load_answers
from forms import shipped_template

LEAD = "Priya Lambert"


def _area_question(role: str | None, index: int = 0, kind: str = "long_text") -> str:
    """A question of the first ILACS area, found by role (or by position among unroled ones)."""
    definition = shipped_template("self-assessment")
    area = next(s for s in definition.sections if s.kind == "ilacs_area")
    found = [q for q in area.questions if q.role == role and (role or q.type == kind)]
    return found[index].id


def test_period_must_be_one_year() -> None:
    assert repo.check_period(" 2026-27 ") == "2026-27"
    assert repo.previous_period("2026-27") == "2025-26"
    assert repo.check_period("1999-00") == "1999-00"
    for bad in ("2026-28", "2026", "26-27", "2026/27"):
        with pytest.raises(repo.AssessmentError, match='like "2026-27"'):
            repo.check_period(bad)


def test_new_assessment_is_an_empty_draft_and_a_period_only_once(council_database: Any) -> None:
    with council_database.session() as session:
        created = repo.create_assessment(session, "2026-27", by=LEAD)
        assert created.assessment.status == "draft"
        assert created.carried_from is None
        assert load_answers(session, created.assessment.record_id) == {}
        with pytest.raises(repo.AssessmentError, match="already a self-assessment for 2026-27"):
            repo.create_assessment(session, "2026-27", by=LEAD)
        with pytest.raises(repo.AssessmentError, match="no earlier self-assessment"):
            repo.create_assessment(session, "2024-25", by=LEAD, from_last_year=True)


def test_last_years_answers_are_carried_over_and_marked_until_edited(council_database: Any) -> None:
    know, grade = _area_question(None), _area_question("self_grade", kind="grade")
    with council_database.session() as session:
        old = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        assert old.id is not None
        repo.save_assessment_answer(session, old.id, know, "We know the front door well.", by=LEAD)
        repo.save_assessment_answer(session, old.id, grade, "good", by=LEAD)
        created = repo.create_assessment(session, "2026-27", by=LEAD, from_last_year=True)
        new = created.assessment
        assert new.id is not None and created.carried_from is not None
        assert created.carried_from.id == old.id and created.not_carried == []
        assert load_answers(session, new.record_id)[know] == "We know the front door well."
        assert carried_over_ids(session, new.record_id) == {know, grade}
        repo.save_assessment_answer(session, new.id, know, "We now know more.", by=LEAD)
        assert carried_over_ids(session, new.record_id) == {grade}


def test_answers_that_no_longer_fit_are_listed_not_lost(council_database: Any) -> None:
    definition = shipped_template("self-assessment")
    snapshot = definition.to_snapshot()
    snapshot["version"] = 2
    removed = _area_question("strengths")
    for section in snapshot["sections"]:
        section["questions"] = [q for q in section["questions"] if q["id"] != removed]
    from forms import FormDefinition

    new_definition = FormDefinition.from_snapshot(snapshot)
    with council_database.session() as session:
        old = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        assert old.id is not None
        repo.save_assessment_answer(session, old.id, removed, "Stable senior team.", by=LEAD)
        created = repo.create_assessment(
            session, "2026-27", by=LEAD, from_last_year=True, definition=new_definition
        )
        assert created.not_carried == [removed]


def test_ready_freezes_a_snapshot_that_later_edits_never_change(council_database: Any) -> None:
    know = _area_question(None)
    with council_database.session() as session:
        assessment = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        assert assessment.id is not None
        repo.save_assessment_answer(session, assessment.id, know, "Version peers see.", by=LEAD)
        frozen = repo.mark_ready(session, assessment.id, by=LEAD)
        assert assessment.status == "ready"
        frozen_text, frozen_hash = frozen.answers, frozen.sha256

        repo.save_assessment_answer(session, assessment.id, know, "Rewritten after.", by=LEAD)
        assert repo.get_assessment(session, assessment.id).status == "draft"
        snapshot = repo.latest_snapshot(session, assessment.id)
        assert snapshot is not None
        assert (snapshot.answers, snapshot.sha256) == (frozen_text, frozen_hash)
        _definition, answers = repo.snapshot_content(session, snapshot)
        assert answers[know] == "Version peers see."

        second = repo.mark_ready(session, assessment.id, by=LEAD)
        assert json.loads(second.answers)[know] == "Rewritten after."
        assert [s.sha256 for s in repo.snapshots_of(session, assessment.id)] == [
            frozen_hash,
            second.sha256,
        ]


def test_status_moves_forward_only_and_closed_is_read_only(council_database: Any) -> None:
    know = _area_question(None)
    with council_database.session() as session:
        assessment = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        assert assessment.id is not None
        with pytest.raises(repo.AssessmentError, match="cannot be marked shared"):
            repo.change_status(session, assessment.id, "shared", by=LEAD)
        repo.mark_ready(session, assessment.id, by=LEAD)
        repo.change_status(session, assessment.id, "shared", by=LEAD)
        repo.change_status(session, assessment.id, "closed", by=LEAD)
        with pytest.raises(repo.AssessmentError, match="closed"):
            repo.save_assessment_answer(session, assessment.id, know, "Too late.", by=LEAD)


def test_list_shows_status_progress_and_last_change(council_database: Any) -> None:
    know = _area_question(None)
    with council_database.session() as session:
        first = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        repo.create_assessment(session, "2026-27", by=LEAD)
        assert first.id is not None
        repo.save_assessment_answer(session, first.id, know, "Something.", by=LEAD)
        repo.mark_ready(session, first.id, by=LEAD)
    with council_database.session() as session:
        listed = repo.list_assessments(session)
    assert [(s.period, s.status_label) for s in listed] == [
        ("2026-27", "Draft"),
        ("2025-26", "Ready for challenge"),
    ]
    assert listed[0].progress == 0
    assert 0 < listed[1].progress < 1
    assert listed[1].snapshots == 1
    assert listed[1].last_change > listed[0].last_change  # edited after 2026-27 was made


def test_compare_says_what_changed_in_each_section(council_database: Any) -> None:
    know, grade = _area_question(None), _area_question("self_grade", kind="grade")
    plans = _area_question(None, 2)
    with council_database.session() as session:
        old = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        assert old.id is not None
        repo.save_assessment_answer(session, old.id, know, "Old picture.", by=LEAD)
        repo.save_assessment_answer(session, old.id, grade, "requires_improvement", by=LEAD)
        new = repo.create_assessment(session, "2026-27", by=LEAD, from_last_year=True).assessment
        assert new.id is not None
        repo.save_assessment_answer(session, new.id, know, "New picture.", by=LEAD)
        repo.save_assessment_answer(session, new.id, grade, "good", by=LEAD)
        repo.save_assessment_answer(session, new.id, plans, "New plans.", by=LEAD)
        comparison = repo.compare_assessments(session, new.id, old.id)
    assert (comparison.earlier.period, comparison.later.period) == ("2025-26", "2026-27")
    leaders = next(s for s in comparison.sections if s.changed)
    changes = {q.question_id: q for q in leaders.questions}
    assert changes[know].change == "changed"
    assert (changes[grade].before, changes[grade].after) == (
        "Requires improvement to be good",
        "Good",
    )
    assert changes[plans].change == "added"
    assert sum(s.changed for s in comparison.sections) == 3


def test_evidence_list_has_every_attachment_with_size_and_type(
    council_database: Any, tmp_path: Path
) -> None:
    evidence = _area_question("evidence", kind="attachment")
    report = tmp_path / "Audit summary.csv"
    report.write_text("audits,good\n40,22\n", encoding="utf-8")
    with council_database.session() as session:
        assessment = repo.create_assessment(session, "2025-26", by=LEAD).assessment
        assert assessment.id is not None
        item = store_attachment(council_database.home, session, report)
        repo.save_assessment_answer(session, assessment.id, evidence, [item], by=LEAD)
        listed = repo.evidence_list(session, assessment.id)
    assert [(e.name, e.size, e.mime) for e in listed] == [("Audit summary.csv", 18, "text/csv")]
    assert listed[0].section_title.startswith("Impact of leaders")
