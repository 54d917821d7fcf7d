"""A big generated form, for benchmarks and tests of speed with many questions."""

from __future__ import annotations

from forms.model import Choice, FormDefinition, Question, Section
from forms.scales import load_scales
from forms.vocabulary import QuestionType

_CYCLE = tuple(
    QuestionType(kind)
    for kind in (
        "yes_no_partly",
        "text",
        "long_text",
        "number",
        "date",
        "yes_no",
        "single_choice",
        "multi_choice",
        "yes_no_partly",
        "long_text",
    )
)
_CHOICES = [Choice("low", "Low"), Choice("medium", "Medium"), Choice("high", "High")]


def make_large_template(n_questions: int) -> FormDefinition:
    """A valid definition with `n_questions` mixed questions over about n/20 sections.

    Each section ends with a grade and has one question shown only when that grade is
    below good, so relevance, constraints and grades are all exercised.
    """
    n_questions = max(1, n_questions)
    section_count = max(1, n_questions // 20)
    per_section = [n_questions // section_count] * section_count
    for index in range(n_questions % section_count):
        per_section[index] += 1
    sections: list[Section] = []
    number = 0
    for section_index, size in enumerate(per_section):
        grade_id = f"s{section_index}_grade"
        questions: list[Question] = []
        for position in range(size):
            number += 1
            question_id = f"q{number}"
            if position == size - 1:
                questions.append(
                    Question(grade_id, QuestionType.GRADE, "Grade", scale="ofsted4", line=number)
                )
                continue
            kind = _CYCLE[position % len(_CYCLE)]
            questions.append(_question(question_id, kind, number, grade_id, position))
        sections.append(
            Section(
                f"section_{section_index + 1}",
                f"Section {section_index + 1}",
                guidance="Generated section.",
                kind="graded",
                questions=questions,
                line=number,
            )
        )
    scales = {"ofsted4": load_scales()["ofsted4"]}
    return FormDefinition(
        f"large-{n_questions}", 1, f"Large form ({n_questions} questions)", "", scales, sections
    )


def _question(
    question_id: str, kind: QuestionType, number: int, grade_id: str, position: int
) -> Question:
    label = f"Question {number}"
    if kind == "long_text" and position % 20 == 9:
        return Question(
            question_id,
            kind,
            f"{label}: why is this below good?",
            relevant=f"{grade_id} in ['requires_improvement', 'inadequate']",
            constraint="len(value) >= 20",
            constraint_message="Say what you saw in the file (at least a sentence).",
            required=True,
            line=number,
        )
    if kind == "number":
        return Question(question_id, kind, label, constraint="value >= 0", line=number)
    if kind in ("single_choice", "multi_choice"):
        return Question(question_id, kind, label, choices=list(_CHOICES), line=number)
    return Question(question_id, kind, label, required=position % 3 == 0, line=number)
