"""How far a form has been filled: per section and overall, counting only relevant questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.answer_checks import is_answered
from forms.expressions import cached_expression
from forms.model import FormDefinition, Section
from forms.validation import question_issues


@dataclass(frozen=True)
class SectionProgress:
    """`answered` of `relevant` questions; `complete` when every required one is answered,
    nothing blocks, and the section is not untouched (an all-optional section needs one answer)."""

    answered: int
    relevant: int
    required: int
    required_answered: int
    blocking_issues: int
    complete: bool


def section_progress(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> dict[str, SectionProgress]:
    """Progress for each section id, in form order."""
    return {
        section.id: progress_of_section(definition, section, answers, today)
        for section in definition.sections
    }


def progress_of_section(
    definition: FormDefinition,
    section: Section,
    answers: Mapping[str, Any],
    today: date | None = None,
) -> SectionProgress:
    """One section's progress (as `section_progress` gives it), so a screen can work out a
    big form's marks a few sections at a time."""
    answered = relevant = required = required_answered = blocking = 0
    for question in section.questions:
        if not question.is_answerable:
            continue
        value = answers.get(question.id)
        if question.relevant is not None and not cached_expression(question.relevant).is_true(
            answers, value, today
        ):
            continue
        relevant += 1
        has_answer = is_answered(value)
        answered += has_answer
        if question.required:
            required += 1
            required_answered += has_answer
        blocking += sum(
            issue.blocking for issue in question_issues(definition, question, answers, today)
        )
    complete = required_answered == required and blocking == 0 and (required or answered) > 0
    return SectionProgress(answered, relevant, required, required_answered, blocking, complete)


def overall_progress(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> float:
    """0..1: share of required relevant questions answered (of all relevant ones if none is
    required)."""
    sections = section_progress(definition, answers, today).values()
    required = sum(item.required for item in sections)
    if required:
        return sum(item.required_answered for item in sections) / required
    relevant = sum(item.relevant for item in sections)
    return sum(item.answered for item in sections) / relevant if relevant else 1.0
