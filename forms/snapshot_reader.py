"""Rebuilding a FormDefinition from a stored or imported snapshot, trusting nothing in it."""

from __future__ import annotations

from typing import Any

from forms.expressions import cached_expression
from forms.model import SNAPSHOT_FORMAT, Choice, FormDefinition, Question, Section
from forms.problems import ExpressionError, TemplateError, TemplateProblem
from forms.scales import Scale
from forms.vocabulary import QUESTION_TYPES, QuestionType

_SOURCE = "form snapshot"


class _Refused(Exception):
    pass


def definition_from_snapshot(data: Any) -> FormDefinition:
    """The definition a snapshot describes; TemplateError when the snapshot is malformed."""
    try:
        return _definition(data)
    except _Refused as refusal:
        raise TemplateError([TemplateProblem(_SOURCE, 0, str(refusal))]) from None
    except (KeyError, TypeError, ValueError) as error:
        message = f"the snapshot is incomplete or malformed ({type(error).__name__}: {error})"
        raise TemplateError([TemplateProblem(_SOURCE, 0, message)]) from None


def _get(data: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(data, dict):
        raise _Refused(f"{where} is not a mapping")
    if key not in data:
        raise _Refused(f"{where} has no '{key}'")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Refused(f"'{key}' of {where} has the wrong type")
    return value


def _definition(data: Any) -> FormDefinition:
    if _get(data, "format", str, "the snapshot") != SNAPSHOT_FORMAT:
        raise _Refused(f"unknown snapshot format '{data['format']}'")
    version = _get(data, "version", int, "the snapshot")
    if version < 1:
        raise _Refused("the snapshot's version is not a positive whole number")
    scales = {
        str(scale_id): Scale.from_snapshot(scale)
        for scale_id, scale in _get(data, "scales", dict, "the snapshot").items()
    }
    sections = [_section(item, scales) for item in _get(data, "sections", list, "the snapshot")]
    return FormDefinition(
        id=_get(data, "id", str, "the snapshot"),
        version=version,
        title=_get(data, "title", str, "the snapshot"),
        description=_get(data, "description", str, "the snapshot"),
        scales=scales,
        sections=sections,
    )


def _section(data: Any, scales: dict[str, Scale]) -> Section:
    where = "a section"
    kind = data.get("kind") if isinstance(data, dict) else None
    return Section(
        id=_get(data, "id", str, where),
        title=_get(data, "title", str, where),
        guidance=_get(data, "guidance", str, where),
        kind=kind if isinstance(kind, str) else None,
        questions=[_question(item, scales) for item in _get(data, "questions", list, where)],
        line=_get(data, "line", int, where),
    )


def _optional_expression(data: dict[str, Any], key: str, where: str) -> str | None:
    text = data.get(key)
    if text is None:
        return None
    if not isinstance(text, str):
        raise _Refused(f"'{key}' of {where} is not text")
    try:
        cached_expression(text)  # checks it, and warms the cache evaluation uses
    except ExpressionError as error:
        raise _Refused(f"the {key} expression of {where} is malformed: {error}") from None
    return text


def _question(data: Any, scales: dict[str, Scale]) -> Question:
    question_id = _get(data, "id", str, "a question")
    where = f"the question '{question_id}'"
    question_type = _get(data, "type", str, where)
    if question_type not in QUESTION_TYPES:
        raise _Refused(f"{where} has an unknown type '{question_type}'")
    scale = data.get("scale")
    if scale is not None and scale not in scales:
        raise _Refused(f"{where} uses the scale '{scale}', which the snapshot does not hold")
    role = data.get("role")
    choices = [
        Choice(_get(item, "id", str, "a choice"), _get(item, "label", str, "a choice"))
        for item in _get(data, "choices", list, where)
    ]
    return Question(
        id=question_id,
        type=QuestionType(question_type),
        label=_get(data, "label", str, where),
        hint=_get(data, "hint", str, where),
        required=_get(data, "required", bool, where),
        constraint=_optional_expression(data, "constraint", where),
        constraint_message=_get(data, "constraint_message", str, where),
        warning=_optional_expression(data, "warning", where),
        warning_message=_get(data, "warning_message", str, where),
        relevant=_optional_expression(data, "relevant", where),
        calculate=_optional_expression(data, "calculate", where),
        choices=choices,
        scale=scale if isinstance(scale, str) else None,
        role=role if isinstance(role, str) else None,
        questions=[_question(item, scales) for item in _get(data, "questions", list, where)],
        text=_get(data, "text", str, where),
        line=_get(data, "line", int, where),
    )
