"""The one rule for answers to questions that no longer apply.

An answer given while its question was relevant stays stored (and in the change log) when a
later answer makes the question irrelevant, e.g. "child at risk now: yes", the risk described,
then "no". Such an answer is *hidden by a later answer*: the form marks it and lets the user
clear it, and every place an answer leaves the form (reports, CSV/XLSX exports, bundles and
comparisons) uses `relevant_answers`, so a hidden answer never leaves.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from forms.expressions import cached_expression
from forms.model import FormDefinition, Question
from forms.relevance import is_relevant

# A relevance chain longer than this is not expected in a real template; the loop stops there.
_MAX_PASSES = 8


def relevant_answers(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> dict[str, Any]:
    """`answers` without those to questions whose `relevant` rule is false, judged with the
    hidden answers themselves left out (so a question that depends on a hidden one is hidden
    too); inside a repeat, each row without its hidden inner answers. Answers to ids the
    definition does not have are kept as they are."""
    ruled, repeats = _rules_of(definition)
    kept = dict(answers)
    today = today or date.today()
    for _ in range(_MAX_PASSES):
        hidden = [
            question.id
            for question in ruled
            if question.id in kept and not _relevant_at_top(definition, question, kept, today)
        ]
        if not hidden:
            break
        for question_id in hidden:
            kept.pop(question_id, None)
    for question in repeats:
        rows = kept.get(question.id)
        if isinstance(rows, list):
            kept[question.id] = [
                _relevant_row(definition, question, row, kept, today)
                if isinstance(row, dict)
                else row
                for row in rows
            ]
    return kept


# Per definition (by identity): its questions with a `relevant` rule, and its repeats with an
# inner question that has one. Definitions are immutable once loaded.
_RULES: dict[int, tuple[FormDefinition, list[Question], list[Question]]] = {}


def _rules_of(definition: FormDefinition) -> tuple[list[Question], list[Question]]:
    entry = _RULES.get(id(definition))
    if entry is None or entry[0] is not definition:
        questions = list(definition.iter_questions())
        ruled = [question for question in questions if question.relevant is not None]
        repeats = [
            question
            for question in questions
            if question.type == "repeat" and any(inner.relevant for inner in question.questions)
        ]
        if len(_RULES) > 256:
            _RULES.clear()
        entry = _RULES[id(definition)] = (definition, ruled, repeats)
    return entry[1], entry[2]


# A top-level rule's verdict depends only on its text, the answers it reads, the question's own
# answer and the day: an export of 1,000 audits asks the same few questions thousands of times.
_VERDICTS: dict[tuple[Any, ...], bool] = {}
_VERDICTS_LIMIT = 65536


def _relevant_at_top(
    definition: FormDefinition, question: Question, answers: Mapping[str, Any], today: date
) -> bool:
    rule = question.relevant
    if rule is None:
        return True
    key = (
        rule,
        today,
        _frozen(answers.get(question.id)),
        *(_frozen(answers.get(name)) for name in _names_read(rule)),
    )
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = is_relevant(definition, question, answers, today=today)
        if len(_VERDICTS) >= _VERDICTS_LIMIT:
            _VERDICTS.clear()
        _VERDICTS[key] = verdict
    return verdict


@lru_cache(maxsize=4096)
def _names_read(rule: str) -> tuple[str, ...]:
    return tuple(sorted(cached_expression(rule).names()))


def _frozen(value: Any) -> Hashable:
    """A hashable stand-in for a JSON value that tells apart what the expressions tell apart
    (``1``, ``1.0`` and ``true`` are different answers)."""
    if isinstance(value, list):
        return ("list", tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    return (type(value).__name__, value)


def hidden_answer_ids(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> list[str]:
    """Ids of top-level questions that have a stored answer but are hidden by a later answer,
    in the order of the form."""
    kept = relevant_answers(definition, answers, today)
    return [
        question.id
        for question in definition.iter_questions()
        if question.id in answers and question.id not in kept and _has_value(answers[question.id])
    ]


def _relevant_row(
    definition: FormDefinition,
    repeat: Question,
    row: Mapping[str, Any],
    answers: Mapping[str, Any],
    today: date | None,
) -> dict[str, Any]:
    kept = dict(row)
    for inner in repeat.questions:
        if inner.id in kept and not is_relevant(definition, inner, answers, row=kept, today=today):
            kept.pop(inner.id)
    return kept


def _has_value(value: Any) -> bool:
    return value not in (None, "", [], {})
