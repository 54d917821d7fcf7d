from datetime import date
from typing import Any

import pytest

from forms import (
    compute_calculated,
    is_relevant,
    load_template_text,
    make_large_template,
    overall_progress,
    section_progress,
    validate_answers,
)

TEMPLATE = """\
id: all-types
version: 1
title: All types
scales: [ofsted4]
sections:
  - id: main
    title: Main
    questions:
      - {id: name_ref, type: text, label: Reference, required: true}
      - {id: notes, type: long_text, label: Notes}
      - {id: visits, type: number, label: Visits, constraint: "value >= 0",
         constraint_message: Visits cannot be negative.}
      - {id: seen_on, type: date, label: Seen on}
      - {id: alone, type: yes_no, label: Seen alone}
      - {id: views, type: yes_no_partly, label: Views recorded}
      - id: cohort
        type: single_choice
        label: Cohort
        choices: [{id: cin, label: Child in need}, {id: cp, label: Child protection}]
      - id: themes
        type: multi_choice
        label: Themes
        choices: [{id: neglect, label: Neglect}, {id: voice, label: Voice}]
      - {id: files, type: attachment, label: Files}
      - {id: guide, type: note, text: Read the file first.}
      - {id: grade, type: grade, scale: ofsted4, required: true}
      - id: evidence
        type: long_text
        label: Evidence
        relevant: grade in ['requires_improvement', 'inadequate']
        required: true
        constraint: len(value) >= 20
        constraint_message: Say what you saw in the file (at least a sentence).
        warning: grade != 'inadequate' or len(value) >= 60
        warning_message: Give more detail for an inadequate grade.
      - {id: doubled, type: number, label: Doubled, calculate: "visits * 2"}
  - id: plan
    title: Plan
    questions:
      - id: actions
        type: repeat
        label: Actions
        questions:
          - {id: what, type: text, label: What, required: true}
          - {id: due, type: date, label: Due, required: true, constraint: "value >= seen_on",
             constraint_message: Due after the visit.}
          - {id: why_late, type: text, label: Why late, relevant: "status == 'late'",
             required: true}
          - {id: status, type: single_choice, label: Status,
             choices: [{id: open, label: Open}, {id: late, label: Late}]}
          - {id: days, type: number, label: Days, calculate: "count(what) + 1"}
"""
DEF = load_template_text(TEMPLATE, "all-types.yaml")
SHA = "a" * 64


def issues(answers: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    return {i.path: (i.message, i.blocking) for i in validate_answers(DEF, answers)}


def test_required_questions_are_reported_in_plain_words() -> None:
    found = issues({})
    assert found == {
        "name_ref": ("“Reference” needs an answer.", True),
        "grade": ("“Grade” needs an answer.", True),
    }


@pytest.mark.parametrize(
    ("question_id", "good", "bad"),
    [
        ("name_ref", "C123", 5),
        ("notes", "Some notes", ["x"]),
        ("visits", 3, "three"),
        ("visits", 2.5, True),
        ("seen_on", "2024-02-29", "2023-02-29"),
        ("seen_on", "2024-01-05", "05/01/2024"),
        ("alone", "yes", "partly"),
        ("views", "partly", "maybe"),
        ("cohort", "cp", "child protection"),
        ("themes", ["neglect", "voice"], ["neglect", "neglect"]),
        ("themes", ["voice"], "voice"),
        (
            "files",
            [{"sha256": SHA, "name": "a.pdf", "size": 10, "mime": "application/pdf"}],
            [{"sha256": "xyz", "name": "a.pdf", "size": 10, "mime": "application/pdf"}],
        ),
        ("grade", "good", "excellent"),
        ("actions", [], {"what": "x"}),
    ],
)
def test_each_type_accepts_its_shape_and_refuses_others(
    question_id: str, good: object, bad: object
) -> None:
    base: dict[str, Any] = {"name_ref": "C1", "grade": "good"}
    assert question_id not in issues({**base, question_id: good})
    message, blocking = issues({**base, question_id: bad})[question_id]
    assert blocking
    assert message.startswith("“")


def test_grade_message_lists_the_scale_labels() -> None:
    message = issues({"name_ref": "C1", "grade": "meh"})["grade"][0]
    assert "Requires improvement to be good" in message


def test_constraint_failure_uses_the_templates_message() -> None:
    assert issues({"name_ref": "C1", "grade": "good", "visits": -1})["visits"] == (
        "Visits cannot be negative.",
        True,
    )


def test_relevance_hides_evidence_until_grade_is_below_good() -> None:
    evidence = DEF.question("evidence")
    assert not is_relevant(DEF, evidence, {"grade": "good"})
    assert is_relevant(DEF, evidence, {"grade": "inadequate"})
    assert "evidence" not in issues({"name_ref": "C1", "grade": "good", "evidence": 1})
    assert issues({"name_ref": "C1", "grade": "requires_improvement"})["evidence"][1]
    short = issues({"name_ref": "C1", "grade": "requires_improvement", "evidence": "too short"})
    assert short["evidence"] == ("Say what you saw in the file (at least a sentence).", True)


def test_warning_is_not_blocking() -> None:
    answers = {"name_ref": "C1", "grade": "inadequate", "evidence": "The child was not seen."}
    assert issues(answers)["evidence"] == ("Give more detail for an inadequate grade.", False)


def test_repeat_rows_are_validated_with_paths_and_row_scope() -> None:
    answers: dict[str, Any] = {
        "name_ref": "C1",
        "grade": "good",
        "seen_on": "2024-03-01",
        "actions": [
            {"what": "Visit", "due": "2024-04-01", "status": "open"},
            {"what": "", "due": "2024-02-01", "status": "late"},
        ],
    }
    found = issues(answers)
    assert set(found) == {"actions[1].what", "actions[1].due", "actions[1].why_late"}
    assert found["actions[1].due"] == ("Actions, entry 2: Due after the visit.", True)
    row = answers["actions"][1]
    why_late = DEF.question("actions").inner("why_late")
    assert why_late is not None
    assert is_relevant(DEF, why_late, answers, row=row)
    assert not is_relevant(DEF, why_late, answers, row=answers["actions"][0])


def test_calculated_values_include_repeat_rows() -> None:
    answers = {"visits": 4, "actions": [{"what": "Visit"}, {}]}
    calculated = compute_calculated(DEF, answers)
    assert calculated["doubled"] == 8
    assert calculated["actions"] == [{"what": "Visit", "days": 2}, {"days": 1}]
    assert compute_calculated(DEF, {})["doubled"] is None


def test_progress_counts_only_relevant_questions() -> None:
    empty = section_progress(DEF, {})
    assert (empty["main"].required, empty["main"].required_answered) == (2, 0)
    assert not empty["main"].complete
    answers = {"name_ref": "C1", "grade": "inadequate"}
    assert section_progress(DEF, answers)["main"].required == 3
    answers["evidence"] = "The child was not seen alone in six months."
    progress = section_progress(DEF, answers)
    assert progress["main"].complete
    assert not progress["plan"].complete  # optional and untouched
    assert overall_progress(DEF, answers) == 1.0
    assert overall_progress(DEF, {"name_ref": "C1"}) == pytest.approx(1 / 2)


def test_invalid_answer_keeps_section_incomplete() -> None:
    progress = section_progress(DEF, {"name_ref": "C1", "grade": "good", "seen_on": "soon"})
    assert progress["main"].blocking_issues == 1
    assert not progress["main"].complete


def test_large_template_validates_quickly() -> None:
    large = make_large_template(1000)
    assert sum(len(section.questions) for section in large.sections) == 1000
    assert len(large.sections) == 50
    answers = {question.id: "yes" for question in large.iter_questions()}
    assert len(validate_answers(large, answers, today=date(2024, 1, 1))) > 0
    assert 0 <= overall_progress(large, answers) <= 1


def test_relevant_answers_judge_each_audit_by_its_own_answers_when_asked_many_times() -> None:
    """The remembered verdicts of a rule never carry one audit's answers over to another: the
    follow-up is kept only where the grade below good shows it, whatever was asked before."""
    from forms.relevance import relevant_answers

    definition = make_large_template(40)
    follow_up = next(q for q in definition.iter_questions() if q.relevant is not None)
    grade_id = next(q.id for q in definition.iter_questions() if q.type == "grade")
    cases = [
        ("good", False),
        ("inadequate", True),
        ("requires_improvement", True),
        ("outstanding", False),
        (None, False),
        (["inadequate"], False),
    ]
    for _ in range(3):
        for grade, kept in cases:
            answers: dict[str, Any] = {follow_up.id: "Seen alone and the plan reviewed."}
            if grade is not None:
                answers[grade_id] = grade
            result = relevant_answers(definition, answers, today=date(2026, 3, 1))
            assert (follow_up.id in result) is kept, grade
