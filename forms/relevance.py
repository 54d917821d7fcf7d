"""Which questions apply (relevant), the answers expressions see, and calculated values.

One rule for answers to questions that no longer apply. An answer given while its question was
relevant stays stored (and in the change log) when a later answer makes the question
irrelevant, e.g. "child at risk now: yes", the risk described, then "no". Such an answer is
*hidden by a later answer*: the form marks it and lets the user clear it, and every place an
answer leaves the form (reports, CSV/XLSX exports, bundles and comparisons) uses
`relevant_answers`, so a hidden answer never leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
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
    calculating = definition.calculating_questions()
    for question in calculation_order(calculating):
        value: Any = None
        if is_relevant(definition, question, scope, today=today):
            value = cached_expression(question.calculate or "null").evaluate(scope, None, today)
        scope[question.id] = value
        results[question.id] = value
    for question in calculating:
        if question.type == "repeat" and question.calculates:
            repeat = _RepeatRows(definition, question, scope, today)
            rows = repeat.each(repeat.calculated)
            if rows is not None:
                results[question.id] = rows
    return results


@dataclass(frozen=True)
class _RepeatRows:
    """A repeat's stored rows, seen with the form's other answers (for relevance and
    calculations inside each row)."""

    definition: FormDefinition
    repeat: Question
    answers: Mapping[str, Any]
    today: date | None

    def each(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> list[Any] | None:
        """The rows with `change` applied to each (a row that is not a mapping is kept as it
        is); None when the stored answer is not a list of rows."""
        rows = self.answers.get(self.repeat.id)
        if not isinstance(rows, list):
            return None
        return [change(row) if isinstance(row, dict) else row for row in rows]

    def calculated(self, row: dict[str, Any]) -> dict[str, Any]:
        """`row` with each calculated inner question set, in dependency order."""
        updated = dict(row)
        for inner in calculation_order(self.repeat.questions):
            scope = row_scope(self.repeat, updated, self.answers)
            value: Any = None
            if inner.relevant is None or cached_expression(inner.relevant).is_true(
                scope, None, self.today
            ):
                value = cached_expression(inner.calculate or "null").evaluate(
                    scope, None, self.today
                )
            updated[inner.id] = value
        return updated

    def relevant(self, row: dict[str, Any]) -> dict[str, Any]:
        """`row` without the inner answers hidden by its relevance rules."""
        kept = dict(row)
        for inner in self.repeat.questions:
            if inner.id in kept and not is_relevant(
                self.definition, inner, self.answers, row=kept, today=self.today
            ):
                kept.pop(inner.id)
        return kept


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
    today = today or date.today()
    kept = _without_hidden(definition, ruled, answers, today)
    for question in repeats:
        repeat = _RepeatRows(definition, question, kept, today)
        rows = repeat.each(repeat.relevant)
        if rows is not None:
            kept[question.id] = rows
    return kept


def _without_hidden(
    definition: FormDefinition,
    ruled: list[Question],
    answers: Mapping[str, Any],
    today: date,
) -> dict[str, Any]:
    """`answers` without those of `ruled` whose rule is false, pass after pass (a question that
    reads a hidden answer may be hidden in turn), at most `_MAX_PASSES` times."""
    kept = dict(answers)
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
    return kept


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


def hidden_among(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    question_ids: Iterable[str],
    today: date | None = None,
) -> set[str]:
    """Those of `question_ids` (top-level ids) that `hidden_answer_ids` names, working out
    only their rules and the rules those read, directly or in a chain: a question's verdict in
    each pass of `relevant_answers` depends only on the answers its rule reads, so the passes
    over that closed set give the same verdicts. A screen showing one section of a big form
    (read section by section) reads only the sections those rules name."""
    wanted = list(question_ids)
    ruled: dict[str, Question] = {}
    waiting = list(wanted)
    while waiting:
        question_id = waiting.pop()
        if question_id in ruled or not definition.has_question(question_id):
            continue
        question = definition.question(question_id)
        if question.relevant is not None:
            ruled[question_id] = question
            waiting.extend(_names_read(question.relevant))
    kept = _without_hidden(definition, list(ruled.values()), answers, today or date.today())
    return {
        question_id
        for question_id in wanted
        if question_id in answers and question_id not in kept and _has_value(answers[question_id])
    }


def _has_value(value: Any) -> bool:
    return value not in (None, "", [], {})
