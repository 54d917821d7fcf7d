"""What counts as answered, and whether an answer has the right shape for its question type."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from forms.model import FormDefinition, Question
from forms.vocabulary import FIXED_CHOICES

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
    if kind in ("text", "long_text"):
        return None if isinstance(value, str) else f"{label} should be written text."
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{label} should be a number."
        return None if math.isfinite(value) else f"{label} should be an ordinary number."
    if kind == "date":
        return None if is_iso_date(value) else f"{label} should be a real date (YYYY-MM-DD)."
    if kind in FIXED_CHOICES:
        allowed = FIXED_CHOICES[kind]
        if value in allowed:
            return None
        return f"{label} should be answered {' or '.join(allowed)}."
    if kind == "single_choice":
        if isinstance(value, str) and value in question.choice_ids():
            return None
        return f"{label} should be one of the listed options."
    if kind == "multi_choice":
        ids = question.choice_ids()
        if (
            isinstance(value, list)
            and all(isinstance(item, str) and item in ids for item in value)
            and len(set(value)) == len(value)
        ):
            return None
        return f"{label} should be a selection from the listed options."
    if kind == "grade":
        scale = definition.scale_for(question)
        if scale is not None and isinstance(value, str) and scale.value(value) is not None:
            return None
        options = ", ".join(scale_value.label for scale_value in scale.values) if scale else ""
        return f"{label} should be one of the grades: {options}."
    if kind == "repeat":
        if isinstance(value, list) and all(isinstance(row, dict) for row in value):
            return None
        return f"{label} should be a list of entries."
    if kind == "attachment":
        if isinstance(value, list) and all(is_attachment(item) for item in value):
            return None
        return f"{label} should be a list of attached files."
    return None
