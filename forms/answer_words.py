"""Answers as the words a reader expects, for the screen, reports, exports and comparisons:
choice and grade labels, repeats as numbered lines, files by name, dates as people write them
("14 May 2026"; ISO 8601 only for machine-readable exports); and the union of questions across
versions. Pure Python: the one answer-to-words function of the app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
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


def people_date(value: date | str, *, short: bool = False) -> str:
    """A date as people write it in the UK: "14 May 2026", or "6 Nov 2026" when ``short`` (no
    leading zero either way). ``value`` may be ISO 8601 text ("2026-11-06", or a time from which
    only the day is kept); text that is not a date is returned as it is."""
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
        return people_date(day, short=short)
    return f"{value.day} {value:%b %Y}" if short else f"{value.day} {value:%B %Y}"


def people_moment(value: datetime, *, year: bool = True, seconds: bool = False) -> str:
    """A moment as people read it: "6 Nov 2026 14:05" ("6 Nov 14:05" without ``year``; with
    ``seconds`` "14:05:09"), no leading zero on the day."""
    clock = f"{value:%H:%M:%S}" if seconds else f"{value:%H:%M}"
    return f"{value.day} {value:%b}{f' {value.year}' if year else ''} {clock}"


def answer_text(
    scales: Mapping[str, Scale], question: Question, value: Any, *, machine: bool = False
) -> str:
    """An answer in the words a reader expects: labels for choices and grades, repeats as
    numbered lines ``1. What: ...; Owner: ...``, files by name, dates "14 May 2026" (kept as
    ISO 8601 "2026-05-14" when ``machine`` is True, for CSV/XLSX exports). Unknown ids and
    unreadable dates are kept as they are."""
    if value is None or value == "" or value == []:
        return ""
    if question.type == "date" and isinstance(value, str) and not machine:
        try:
            return people_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
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
                f"{inner.label or inner.id}: "
                f"{answer_text(scales, inner, row.get(inner.id), machine=machine)}"
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


def answer_text_of(
    definition: FormDefinition, question: Question, value: Any, *, machine: bool = False
) -> str:
    """`answer_text` with the scales of the definition the answer was given in."""
    return answer_text(definition.scales, question, value, machine=machine)


def all_scales(definitions: Sequence[FormDefinition]) -> dict[str, Scale]:
    """Every grade scale the definitions use, the later definitions' winning."""
    scales: dict[str, Scale] = {}
    for definition in definitions:
        scales.update(definition.scales)
    return scales
