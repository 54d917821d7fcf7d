"""Which questions apply (relevant), the answers expressions see, and calculated values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from forms.calculation_order import calculation_order
from forms.expressions import cached_expression
from forms.model import FormDefinition, Question


def row_scope(
    repeat: Question, row: Mapping[str, Any], answers: Mapping[str, Any]
) -> dict[str, Any]:
    """Names as seen from inside a repeat row: the row's own ids first, then top-level ids."""
    scope = dict(answers)
    for inner in repeat.questions:
        scope[inner.id] = row.get(inner.id)
    return scope


def scope_for(
    definition: FormDefinition,
    question: Question,
    answers: Mapping[str, Any],
    row: Mapping[str, Any] | None,
) -> Mapping[str, Any]:
    if row is None:
        return answers
    repeat = definition.repeat_of(question)
    return row_scope(repeat, row, answers) if repeat is not None else {**answers, **row}


def is_relevant(
    definition: FormDefinition,
    question: Question,
    answers: Mapping[str, Any],
    row: Mapping[str, Any] | None = None,
    today: date | None = None,
) -> bool:
    """False when the question's `relevant` expression is false: it is hidden, not validated.

    For a question inside a repeat pass its `row`; names resolve to the row first.
    """
    if question.relevant is None:
        return True
    scope = scope_for(definition, question, answers, row)
    own = row.get(question.id) if row is not None else answers.get(question.id)
    return cached_expression(question.relevant).is_true(scope, own, today)


def compute_calculated(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """Values of every `calculate` question, to merge into the answers.

    Top-level calculations are keyed by their id and run in dependency order (each after the
    calculations it reads, whatever the template's order; see `calculation_order`); a hidden
    calculated question is null. A repeat with calculated questions inside is returned whole,
    each row with its calculated values set (in the same order within the row).
    """
    scope = dict(answers)
    results: dict[str, Any] = {}
    for question in calculation_order(list(definition.iter_questions())):
        value: Any = None
        if is_relevant(definition, question, scope, today=today):
            value = cached_expression(question.calculate or "null").evaluate(scope, None, today)
        scope[question.id] = value
        results[question.id] = value
    for question in definition.iter_questions():
        if question.type == "repeat" and any(inner.calculate for inner in question.questions):
            rows = scope.get(question.id)
            if isinstance(rows, list):
                results[question.id] = [
                    _calculated_row(definition, question, row, scope, today)
                    if isinstance(row, dict)
                    else row
                    for row in rows
                ]
    return results


def _calculated_row(
    definition: FormDefinition,
    repeat: Question,
    row: dict[str, Any],
    answers: Mapping[str, Any],
    today: date | None,
) -> dict[str, Any]:
    updated = dict(row)
    for inner in calculation_order(repeat.questions):
        scope = row_scope(repeat, updated, answers)
        value: Any = None
        if inner.relevant is None or cached_expression(inner.relevant).is_true(scope, None, today):
            value = cached_expression(inner.calculate or "null").evaluate(scope, None, today)
        updated[inner.id] = value
    return updated
