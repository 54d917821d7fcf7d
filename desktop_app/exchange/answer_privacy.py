"""What of a record's answers may leave in a bundle: one form's privacy rules, compiled once.

The rules (DESIGN.md, "Bundles"; the bundle document's privacy by default): a case reference
becomes its pseudonym; long-text answers (case notes) are left out, and attachments dropped,
unless the user opts in to case notes; every other text has the case references met so far
replaced by their pseudonyms; inside a repeat each row is treated the same way, question by
question (a cell whose question the form lost is kept as it is, and a row that is not an object
is dropped); answers to questions the form lost keep their non-text values, their text only
with case notes. An export of 1,000 audits applies them to 66,000 answers, so each question's
rule is worked out once per form (`AnswerPrivacy`) rather than once per answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from desktop_app.exchange.pseudonyms import CasePseudonyms
from forms import Question

LEFT_OUT = "[case notes left out of this bundle]"


class _Rule(Enum):
    TEXT = "text"  # texts have known case references replaced; other values kept
    LEFT_OUT = "left out"  # case notes without the user's opt-in
    ATTACHMENT = "attachment"
    REPEAT = "repeat"


@dataclass(frozen=True)
class _QuestionRule:
    question_id: str
    case_reference: bool  # a text answer is turned into its pseudonym
    rule: _Rule
    inner: dict[str, _QuestionRule]  # a repeat's inner questions, by id


def _compiled(question: Question, case_notes: bool) -> _QuestionRule:
    if question.type == "long_text" and not case_notes:
        rule = _Rule.LEFT_OUT
    elif question.type == "attachment":
        rule = _Rule.ATTACHMENT
    elif question.type == "repeat":
        rule = _Rule.REPEAT
    else:
        rule = _Rule.TEXT
    inner: dict[str, _QuestionRule] = {}
    for inner_question in question.questions:  # the first of an id, as Question.inner finds
        inner.setdefault(inner_question.id, _compiled(inner_question, case_notes))
    return _QuestionRule(question.id, question.role == "case_reference", rule, inner)


class AnswerPrivacy:
    """One form's answers as they may leave in a bundle.

    `questions`: the form's top-level questions in order (`FormDefinition.iter_questions`);
    `case_notes`: the user opted in to case notes; `pseudonyms`: the council's; `take_attachments`
    is called with each attachment answer kept (only with case notes). `private(answers)` gives
    a new dict: the form's questions first in form order, then answers to ids it lost.
    """

    def __init__(
        self,
        questions: Iterable[Question],
        *,
        case_notes: bool,
        pseudonyms: CasePseudonyms,
        take_attachments: Callable[[Any], None],
    ) -> None:
        self._rules = [_compiled(question, case_notes) for question in questions]
        self._case_notes = case_notes
        self._pseudonyms = pseudonyms
        self._take_attachments = take_attachments

    def private(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers that may leave, as the module's rules say."""
        result: dict[str, Any] = {}
        replace = self._pseudonyms.replace_known
        for rule in self._rules:
            question_id = rule.question_id
            if question_id not in answers:
                continue
            value = answers[question_id]
            if rule.rule is _Rule.TEXT and not rule.case_reference:
                result[question_id] = replace(value) if isinstance(value, str) else value
            else:
                result[question_id] = self._value(rule, value)
        if len(result) == len(answers):
            return result  # every answer belongs to a question of the form
        for key, value in answers.items():  # answers to questions the form lost: text only
            if key not in result:
                keep_text = self._case_notes or not isinstance(value, str)
                result[key] = value if keep_text else LEFT_OUT
        return result

    def _value(self, rule: _QuestionRule, value: Any) -> Any:
        if rule.case_reference and isinstance(value, str):
            return self._pseudonyms(value)
        if rule.rule is _Rule.LEFT_OUT:
            return LEFT_OUT
        if rule.rule is _Rule.ATTACHMENT:
            if not self._case_notes:
                return []
            self._take_attachments(value)
            return value
        if rule.rule is _Rule.REPEAT and isinstance(value, list):
            return [
                {
                    key: self._value(inner, cell)
                    if (inner := rule.inner.get(key)) is not None
                    else cell
                    for key, cell in row.items()
                }
                for row in value
                if isinstance(row, dict)
            ]
        if isinstance(value, str):
            return self._pseudonyms.replace_known(value)
        return value
