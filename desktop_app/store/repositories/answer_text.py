"""Answers as the words a reader expects, for exports and reports (no Qt): choice and grade
labels, repeats as numbered lines, files by name; and the union of questions across versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from forms import FormDefinition, Question
from forms.scales import Scale

YES_NO_WORDS = {"yes": "Yes", "no": "No", "partly": "Partly"}


def question_index(
    definitions: Sequence[FormDefinition],
) -> tuple[dict[str, Question], dict[str, str], dict[str, str]]:
    """Every answerable top-level question across ``definitions`` (oldest first), keyed by id:
    the newest wording of each, its section title, and the versions that have it."""
    questions: dict[str, Question] = {}
    sections: dict[str, str] = {}
    versions: dict[str, list[str]] = {}
    for definition in definitions:
        for section in definition.sections:
            for question in section.questions:
                if question.type == "note":
                    continue
                questions[question.id] = question
                sections[question.id] = section.title
                versions.setdefault(question.id, []).append(str(definition.version))
    return questions, sections, {qid: ", ".join(found) for qid, found in versions.items()}


def answer_text(scales: Mapping[str, Scale], question: Question, value: Any) -> str:
    """An answer in the words a reader expects: labels for choices and grades, repeats as
    numbered lines ``1. What: ...; Owner: ...``, files by name. Unknown ids are kept as they are."""
    if value is None or value == "" or value == []:
        return ""
    if question.type in ("yes_no", "yes_no_partly") and isinstance(value, str):
        return YES_NO_WORDS.get(value, value)
    if question.type in ("single_choice", "multi_choice"):
        labels = {choice.id: choice.label for choice in question.choices}
        items = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(item), str(item)) for item in items)
    if question.type == "grade":
        scale = scales.get(question.scale or "")
        return scale.label_of(str(value)) if scale is not None else str(value)
    if question.type == "attachment" and isinstance(value, list):
        return "; ".join(str(item.get("name", "file")) for item in value if isinstance(item, dict))
    if question.type == "repeat" and isinstance(value, list):
        lines = []
        for number, row in enumerate(value, start=1):
            if not isinstance(row, dict):
                continue
            parts = [
                f"{inner.label or inner.id}: {answer_text(scales, inner, row.get(inner.id))}"
                for inner in question.questions
                if inner.type != "note" and row.get(inner.id) not in (None, "", [])
            ]
            lines.append(f"{number}. " + "; ".join(parts))
        return "\n".join(lines)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def answer_text_of(definition: FormDefinition, question: Question, value: Any) -> str:
    """`answer_text` with the scales of the definition the answer was given in."""
    return answer_text(definition.scales, question, value)


def all_scales(definitions: Sequence[FormDefinition]) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for definition in definitions:
        scales.update(definition.scales)
    return scales
