"""Answers as the words a reader expects: choice labels, grade labels, rows, file names."""

from __future__ import annotations

from typing import Any

from forms import FormDefinition, Question, is_answered

YES_NO_LABELS = {"yes": "Yes", "no": "No", "partly": "Partly"}
NOT_ANSWERED = "Not answered"


def answer_text(definition: FormDefinition, question: Question, value: Any) -> str:
    """One readable line (or a few, for repeats) for any answer; unknown ids are shown as they are."""
    if not is_answered(value):
        return NOT_ANSWERED
    if question.type in ("yes_no", "yes_no_partly") and isinstance(value, str):
        return YES_NO_LABELS.get(value, value)
    if question.type in ("single_choice", "multi_choice"):
        labels = {choice.id: choice.label for choice in question.choices}
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in items)
    if question.type == "grade":
        scale = definition.scale_for(question)
        return scale.label_of(str(value)) if scale is not None else str(value)
    if question.type == "attachment" and isinstance(value, list):
        return ", ".join(str(item.get("name", "file")) for item in value if isinstance(item, dict))
    if question.type == "repeat" and isinstance(value, list):
        return "\n".join(
            f"{index}. {_row_text(definition, question, row)}"
            for index, row in enumerate(value, start=1)
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _row_text(definition: FormDefinition, repeat: Question, row: Any) -> str:
    if not isinstance(row, dict):
        return str(row)
    parts = [
        f"{inner.label or inner.id}: {answer_text(definition, inner, row.get(inner.id))}"
        for inner in repeat.questions
        if inner.type != "note" and is_answered(row.get(inner.id))
    ]
    return "; ".join(parts) if parts else "(empty)"
