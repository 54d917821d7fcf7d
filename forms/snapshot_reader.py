"""Rebuilding a FormDefinition from a stored or imported snapshot, trusting nothing in it."""

from __future__ import annotations

from typing import Any

from forms.expressions import cached_expression
from forms.model import (
    MAX_FORM_VERSION,
    SNAPSHOT_FORMAT,
    Choice,
    FormDefinition,
    Question,
    Section,
    UpgradeMapping,
)
from forms.problems import ExpressionError, TemplateError, TemplateProblem
from forms.scales import Scale
from forms.vocabulary import QuestionType

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


def section_from_snapshot(data: Any, scales: dict[str, Scale]) -> Section:
    """One section of a snapshot (its `sections` item), checked as `definition_from_snapshot`
    checks it; TemplateError when it is malformed. (`forms.lazy_snapshot` reads a stored
    snapshot's sections one at a time with it.)"""
    try:
        return _section(data, scales)
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
    if not 1 <= version <= MAX_FORM_VERSION:
        raise _Refused(
            f"the snapshot's version is not a whole number from 1 to {MAX_FORM_VERSION:,}"
        )
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
        upgrade=_upgrade(data.get("upgrade")),
    )


def _text_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    ):
        raise _Refused(f"{where} is not a mapping of ids to ids")
    return dict(value)


def _upgrade(data: Any) -> UpgradeMapping | None:
    if data is None:
        return None
    where = "the snapshot's upgrade"
    from_version = _get(data, "from_version", int, where)
    if not 0 <= from_version <= MAX_FORM_VERSION:
        raise _Refused(f"'from_version' of {where} is not a form version")
    removed = _get(data, "removed", list, where)
    if not all(isinstance(item, str) for item in removed):
        raise _Refused(f"'removed' of {where} is not a list of ids")
    choices = _get(data, "choices", dict, where)
    return UpgradeMapping(
        from_version=from_version,
        renamed=_text_map(_get(data, "renamed", dict, where), f"'renamed' of {where}"),
        choices={
            str(qid): _text_map(mapping, f"the choices of '{qid}' in {where}")
            for qid, mapping in choices.items()
        },
        removed=list(removed),
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


_MISSING = object()
# a question's plain fields and their JSON types (checked with `type(...) is`, so true is no int)
_QUESTION_FIELDS: tuple[tuple[str, type], ...] = (
    ("label", str),
    ("hint", str),
    ("required", bool),
    ("constraint_message", str),
    ("warning_message", str),
    ("text", str),
    ("line", int),
)
_EXPRESSION_FIELDS = ("constraint", "warning", "relevant", "calculate")
_QUESTION_KEYS = frozenset(Question.__dataclass_fields__)
# The type's member by its text: a dict look-up, many times quicker than QuestionType(text).
_TYPE_BY_TEXT: dict[str, QuestionType] = {member.value: member for member in QuestionType}


def _question(data: Any, scales: dict[str, Scale]) -> Question:
    # One pass over the mapping per question, so that a 5,000-question form opens quickly.
    if not isinstance(data, dict):
        raise _Refused("a question is not a mapping")
    question_id = data.get("id")
    if not isinstance(question_id, str):
        raise _Refused("a question has no 'id' or its 'id' is not text")
    where = f"the question '{question_id}'"
    question_type = data.get("type")
    if not isinstance(question_type, str):
        raise _Refused(f"{where} has no 'type' or its 'type' is not text")
    member = _TYPE_BY_TEXT.get(question_type)
    if member is None:
        raise _Refused(f"{where} has an unknown type '{question_type}'")
    values: dict[str, Any] = {"id": question_id, "type": member}
    for key, kind in _QUESTION_FIELDS:
        value = data.get(key, _MISSING)
        if value is _MISSING:
            raise _Refused(f"{where} has no '{key}'")
        if type(value) is not kind:
            raise _Refused(f"'{key}' of {where} has the wrong type")
        values[key] = value
    for key in _EXPRESSION_FIELDS:
        values[key] = _optional_expression(data, key, where)
    scale = data.get("scale")
    if scale is not None and scale not in scales:
        raise _Refused(f"{where} uses the scale '{scale}', which the snapshot does not hold")
    values["scale"] = scale if isinstance(scale, str) else None
    role = data.get("role")
    values["role"] = role if isinstance(role, str) else None
    values["choices"] = [
        Choice(_get(item, "id", str, "a choice"), _get(item, "label", str, "a choice"))
        for item in _get(data, "choices", list, where)
    ]
    values["questions"] = [_question(item, scales) for item in _get(data, "questions", list, where)]
    assert values.keys() == _QUESTION_KEYS
    return Question.from_checked(values)
