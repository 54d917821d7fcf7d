"""Checking answers against a definition: required, type, constraint and warning rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.answer_checks import is_answered, shape_problem
from forms.expressions import cached_expression
from forms.model import FormDefinition, Question
from forms.relevance import row_scope


@dataclass(frozen=True)
class ValidationIssue:
    """One thing to put right. `path` is a question id, or e.g. "actions[2].due" in a repeat."""

    path: str
    message: str
    blocking: bool


def validate_answers(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> list[ValidationIssue]:
    """Every issue with the answers, in form order; hidden (not relevant) questions are skipped."""
    issues: list[ValidationIssue] = []
    for question in definition.iter_questions():
        issues.extend(question_issues(definition, question, answers, today))
    return issues


def question_issues(
    definition: FormDefinition,
    question: Question,
    answers: Mapping[str, Any],
    today: date | None = None,
) -> list[ValidationIssue]:
    """Issues for one top-level question (and, for a repeat, each of its rows)."""
    value = answers.get(question.id)
    if not _applies(question, answers, value, today):
        return []
    issues = _value_issues(definition, question, value, answers, question.id, "", today)
    rows_ok = isinstance(value, list) and all(isinstance(row, dict) for row in value)
    if question.type == "repeat" and rows_ok and isinstance(value, list):
        for index, row in enumerate(value):
            scope = row_scope(question, row, answers)
            prefix = f"{question.label or question.id}, entry {index + 1}: "
            for inner in question.questions:
                inner_value = row.get(inner.id)
                if _applies(inner, scope, inner_value, today):
                    path = f"{question.id}[{index}].{inner.id}"
                    issues.extend(
                        _value_issues(definition, inner, inner_value, scope, path, prefix, today)
                    )
    return issues


def _applies(question: Question, scope: Mapping[str, Any], value: Any, today: date | None) -> bool:
    if question.type == "note" or question.calculate is not None:
        return False
    if question.relevant is None:
        return True
    return cached_expression(question.relevant).is_true(scope, value, today)


def _value_issues(
    definition: FormDefinition,
    question: Question,
    value: Any,
    scope: Mapping[str, Any],
    path: str,
    prefix: str,
    today: date | None,
) -> list[ValidationIssue]:
    label = f"“{question.label or question.id}”"
    if not is_answered(value):
        if question.required:
            return [ValidationIssue(path, f"{prefix}{label} needs an answer.", True)]
        return []
    problem = shape_problem(definition, question, value)
    if problem is not None:
        return [ValidationIssue(path, prefix + problem, True)]
    issues: list[ValidationIssue] = []
    if question.constraint is not None and not cached_expression(question.constraint).is_true(
        scope, value, today
    ):
        message = question.constraint_message or f"{label} does not meet the rule for this answer."
        issues.append(ValidationIssue(path, prefix + message, True))
    if question.warning is not None and not cached_expression(question.warning).is_true(
        scope, value, today
    ):
        message = question.warning_message or f"Please check {label} before you finish."
        issues.append(ValidationIssue(path, prefix + message, False))
    return issues


def changed_answer_issues(
    definition: FormDefinition,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    given: set[str],
    today: date | None = None,
) -> list[ValidationIssue]:
    """The blocking issues an outside change of answers (a sheet's row, a script) must not make:
    the same checks the form applies as a person types (``question_issues``: required, type,
    choices, constraint), in form order.

    An issue counts when it is about a question in ``given`` (the ids the change answers), or
    when ``after`` has it and ``before`` did not (e.g. answering the escalation "yes" makes its
    reason required). Issues the audit already had, on questions not given, are left for the
    form, as an audit in progress may have them. Warnings never count.
    """
    had = {issue.path for issue in validate_answers(definition, before, today) if issue.blocking}
    return [
        issue
        for issue in validate_answers(definition, after, today)
        if issue.blocking and (issue_question(issue) in given or issue.path not in had)
    ]


def issue_question(issue: ValidationIssue) -> str:
    """The top-level question id an issue is about ("actions[2].due" → "actions")."""
    return issue.path.split("[", 1)[0].split(".", 1)[0]
