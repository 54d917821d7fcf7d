"""Moving answers from one version of a form to another without silently losing any."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.answer_checks import is_answered, shape_problem
from forms.model import FormDefinition, Question

# Types whose answers keep their meaning when a question changes from one to the other.
_COMPATIBLE: dict[str, frozenset[str]] = {
    "text": frozenset({"text", "long_text"}),
    "long_text": frozenset({"long_text", "text"}),
    "yes_no": frozenset({"yes_no", "yes_no_partly"}),
    "single_choice": frozenset({"single_choice", "multi_choice"}),
}


def carry_over(
    old_def: FormDefinition, old_answers: Mapping[str, Any], new_def: FormDefinition
) -> tuple[dict[str, Any], list[str]]:
    """Answers that still fit `new_def`, and the paths of those that could not be carried.

    An answer is kept when its question id still exists with a compatible type and the value
    is valid for the new question (a removed choice or grade is not carried). Inside a repeat
    each row is carried field by field; a field that cannot be carried is reported as
    "actions[1].status". The caller shows the list: nothing is dropped silently.
    """
    carried: dict[str, Any] = {}
    dropped: list[str] = []
    for question_id, value in old_answers.items():
        if not is_answered(value):
            continue
        old_question = _top_level(old_def, question_id)
        new_question = _top_level(new_def, question_id)
        if old_question is None or new_question is None or not new_question.is_answerable:
            dropped.append(question_id)
            continue
        if new_question.type == "repeat" and old_question.type == "repeat":
            rows, row_drops = _carry_rows(old_question, value, new_def, new_question)
            if rows is None:
                dropped.append(question_id)
                continue
            carried[question_id] = rows
            dropped.extend(row_drops)
            continue
        converted = _converted(old_question, new_question, value)
        if converted is None or shape_problem(new_def, new_question, converted) is not None:
            dropped.append(question_id)
            continue
        carried[question_id] = converted
    return carried, dropped


def _top_level(definition: FormDefinition, question_id: str) -> Question | None:
    return definition.question(question_id) if definition.has_question(question_id) else None


def _converted(old: Question, new: Question, value: Any) -> Any:
    if old.type == new.type:
        return value
    if new.type not in _COMPATIBLE.get(old.type, frozenset()):
        return None
    if old.type == "single_choice" and new.type == "multi_choice":
        return [value]
    return value


def _carry_rows(
    old: Question, rows: Any, new_def: FormDefinition, new: Question
) -> tuple[list[dict[str, Any]] | None, list[str]]:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return None, []
    carried_rows: list[dict[str, Any]] = []
    dropped: list[str] = []
    for index, row in enumerate(rows):
        carried_row: dict[str, Any] = {}
        for inner_id, inner_value in row.items():
            if not is_answered(inner_value):
                continue
            old_inner = old.inner(inner_id)
            new_inner = new.inner(inner_id)
            converted = None
            if old_inner is not None and new_inner is not None and new_inner.is_answerable:
                converted = _converted(old_inner, new_inner, inner_value)
            if converted is None or shape_problem(new_def, new_inner, converted) is not None:  # type: ignore[arg-type]
                dropped.append(f"{old.id}[{index}].{inner_id}")
                continue
            carried_row[inner_id] = converted
        carried_rows.append(carried_row)
    return carried_rows, dropped
