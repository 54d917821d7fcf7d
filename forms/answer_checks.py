"""What counts as answered, and whether an answer has the right shape for its question type."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, assert_never

from forms.model import FormDefinition, Question
from forms.vocabulary import FIXED_CHOICES, QuestionType

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_answered(value: Any) -> bool:
    """None, blank text and empty lists are unanswered; anything else counts as an answer."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | tuple | dict):
        return len(value) > 0
    return True


def is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_attachment(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("sha256"), str)
        and bool(_SHA256.match(item["sha256"]))
        and isinstance(item.get("name"), str)
        and item["name"].strip() != ""
        and isinstance(item.get("size"), int)
        and not isinstance(item.get("size"), bool)
        and item["size"] >= 0
        and isinstance(item.get("mime"), str)
    )


def shape_problem(definition: FormDefinition, question: Question, value: Any) -> str | None:
    """A plain sentence saying why an (answered) value does not fit the question, or None."""
    label = f"“{question.label or question.id}”"
    kind = question.type
    match kind:
        case QuestionType.TEXT | QuestionType.LONG_TEXT:
            return None if isinstance(value, str) else f"{label} should be written text."
        case QuestionType.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"{label} should be a number."
            return None if math.isfinite(value) else f"{label} should be an ordinary number."
        case QuestionType.DATE:
            return None if is_iso_date(value) else f"{label} should be a real date (YYYY-MM-DD)."
        case QuestionType.YES_NO | QuestionType.YES_NO_PARTLY:
            allowed = FIXED_CHOICES[kind]
            if value in allowed:
                return None
            return f"{label} should be answered {' or '.join(allowed)}."
        case QuestionType.SINGLE_CHOICE:
            if isinstance(value, str) and value in question.choice_ids():
                return None
            return f"{label} should be one of the listed options."
        case QuestionType.MULTI_CHOICE:
            ids = question.choice_ids()
            if (
                isinstance(value, list)
                and all(isinstance(item, str) and item in ids for item in value)
                and len(set(value)) == len(value)
            ):
                return None
            return f"{label} should be a selection from the listed options."
        case QuestionType.GRADE:
            scale = definition.scale_for(question)
            if scale is not None and isinstance(value, str) and scale.value(value) is not None:
                return None
            options = ", ".join(scale_value.label for scale_value in scale.values) if scale else ""
            return f"{label} should be one of the grades: {options}."
        case QuestionType.REPEAT:
            if isinstance(value, list) and all(isinstance(row, dict) for row in value):
                return None
            return f"{label} should be a list of entries."
        case QuestionType.ATTACHMENT:
            if isinstance(value, list) and all(is_attachment(item) for item in value):
                return None
            return f"{label} should be a list of attached files."
        case QuestionType.NOTE:
            return None  # a note is shown, never answered
        case _:
            assert_never(kind)
