"""Moving answers from one version of a template to another, by its declared upgrade mapping.

A template version may say how the previous version's answers map onto it (`upgrade:` in the
YAML, see forms/README.md): renamed question ids, renamed or merged choices and grades, and
questions removed on purpose. `plan_upgrade` applies that mapping and says, question by question
and in the words a user reads (labels, never ids), what carries over as it was, what is mapped
and what is dropped and why. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from forms.answer_checks import is_answered, shape_problem
from forms.model import FormDefinition, Question, UpgradeMapping

# Types whose answers keep their meaning when a question changes from one to the other.
_COMPATIBLE: dict[str, frozenset[str]] = {
    "text": frozenset({"text", "long_text"}),
    "long_text": frozenset({"long_text", "text"}),
    "yes_no": frozenset({"yes_no", "yes_no_partly"}),
    "single_choice": frozenset({"single_choice", "multi_choice"}),
}
_OPTION_TYPES = frozenset({"single_choice", "multi_choice", "grade", "yes_no", "yes_no_partly"})


class UpgradeOutcome(StrEnum):
    """What happens to one old answer on the new version."""

    CARRIED = "carried"  # same question, same value
    MAPPED = "mapped"  # renamed question, or a renamed or merged option
    DROPPED = "dropped"  # does not fit the new version; kept in the change log


@dataclass(frozen=True)
class UpgradeItem:
    """One answered question (or repeat field) of the old version and what becomes of it.

    `path` is the old answer's path (`leaders_know`, `actions[1].status`); `new_path` its place
    on the new version ("" when dropped); labels are each version's own; `reason` is a plain
    sentence for mapped and dropped items; `section` the old section's title.
    """

    outcome: UpgradeOutcome
    path: str
    new_path: str
    old_label: str
    new_label: str
    reason: str = ""
    section: str = ""  # the old question's section title, to tell apart repeated labels


@dataclass(frozen=True)
class UpgradePlan:
    """The answers on the new version and an item for every answered old question."""

    from_version: int
    to_version: int
    answers: dict[str, Any]
    items: list[UpgradeItem] = field(default_factory=list)
    mapping_used: bool = False  # False when the new version declares no mapping from the old

    def with_outcome(self, outcome: UpgradeOutcome) -> list[UpgradeItem]:
        """The items with this outcome, in the old version's document order."""
        return [item for item in self.items if item.outcome is outcome]

    def dropped_paths(self) -> list[str]:
        """The old answer paths that do not carry over (`carry_over`'s second value)."""
        return [item.path for item in self.with_outcome(UpgradeOutcome.DROPPED)]


def mapping_between(old_def: FormDefinition, new_def: FormDefinition) -> UpgradeMapping | None:
    """The new version's mapping when it is declared from the old version, else None."""
    upgrade = new_def.upgrade
    if upgrade is None or old_def.id != new_def.id or upgrade.from_version != old_def.version:
        return None
    return upgrade


def plan_upgrade(
    old_def: FormDefinition, old_answers: Mapping[str, Any], new_def: FormDefinition
) -> UpgradePlan:
    """Apply `new_def`'s upgrade mapping (when it is declared from `old_def`'s version) and
    compatible type changes (text<->long_text, yes_no->yes_no_partly, single->multi choice).

    Never raises for odd answers: whatever does not fit is a DROPPED item with the reason.
    """
    mapping = mapping_between(old_def, new_def)
    renamed = mapping.renamed if mapping else {}
    removed = set(mapping.removed) if mapping else set()
    option_maps = mapping.choices if mapping else {}
    answers: dict[str, Any] = {}
    items: list[UpgradeItem] = []
    for old_id, value in old_answers.items():
        if not is_answered(value):
            continue
        old_question = _question(old_def, old_id)
        old_label = _label(old_question, old_id)
        new_id = renamed.get(old_id, old_id)
        new_question = _question(new_def, new_id)
        if old_id in removed or new_question is None or old_question is None:
            why = (
                f"version {new_def.version} removes this question"
                if old_id in removed or new_question is None
                else "the old version does not have this question"
            )
            items.append(UpgradeItem(UpgradeOutcome.DROPPED, old_id, "", old_label, "", why))
            continue
        new_label = _label(new_question, new_id)
        if not new_question.is_answerable:
            why = f"version {new_def.version} works this out itself"
            items.append(UpgradeItem(UpgradeOutcome.DROPPED, old_id, "", old_label, "", why))
            continue
        if old_question.type == "repeat" and new_question.type == "repeat":
            rows, row_items = _carry_rows(old_question, value, new_def, new_question, new_id)
            if rows is None:
                why = "the entries are not in a form this version can read"
                items.append(UpgradeItem(UpgradeOutcome.DROPPED, old_id, "", old_label, "", why))
                continue
            answers[new_id] = rows
            outcome = UpgradeOutcome.MAPPED if new_id != old_id else UpgradeOutcome.CARRIED
            reason = _renamed_reason(old_label, new_label) if new_id != old_id else ""
            items.append(UpgradeItem(outcome, old_id, new_id, old_label, new_label, reason))
            items.extend(row_items)
            continue
        options = option_maps.get(new_id, {})
        converted, problem = _fit(old_question, new_question, new_def, value, options)
        if problem is not None:
            items.append(UpgradeItem(UpgradeOutcome.DROPPED, old_id, "", old_label, "", problem))
            continue
        answers[new_id] = converted
        reasons = []
        if new_id != old_id:
            reasons.append(_renamed_reason(old_label, new_label))
        if _options_changed(value, converted, options):
            reasons.append("the answer's option is renamed or merged in this version")
        outcome = UpgradeOutcome.MAPPED if reasons else UpgradeOutcome.CARRIED
        items.append(UpgradeItem(outcome, old_id, new_id, old_label, new_label, "; ".join(reasons)))
    order = {question.id: index for index, question in enumerate(old_def.iter_questions())}
    items = sorted(
        (_with_section(old_def, item) for item in items),
        key=lambda item: order.get(item.path.split("[", 1)[0], len(order)),
    )
    return UpgradePlan(old_def.version, new_def.version, answers, items, mapping is not None)


def _with_section(definition: FormDefinition, item: UpgradeItem) -> UpgradeItem:
    top_id = item.path.split("[", 1)[0]
    if not definition.has_question(top_id):
        return item
    return replace(item, section=definition.section_of(top_id).title)


def _question(definition: FormDefinition, question_id: str) -> Question | None:
    return definition.question(question_id) if definition.has_question(question_id) else None


def _label(question: Question | None, question_id: str) -> str:
    return (question.label if question is not None else "") or question_id


def _renamed_reason(old_label: str, new_label: str) -> str:
    if old_label == new_label:
        return "the question has a new id in this version"
    return f"now asked as “{new_label}”"


def _mapped_options(value: Any, options: Mapping[str, str]) -> Any:
    if not options:
        return value
    if isinstance(value, str):
        return options.get(value, value)
    if isinstance(value, list):
        merged: list[Any] = []
        for item in value:
            target = options.get(item, item) if isinstance(item, str) else item
            if target not in merged:
                merged.append(target)
        return merged
    return value


def _options_changed(old: Any, new: Any, options: Mapping[str, str]) -> bool:
    if not options:
        return False
    old_items = old if isinstance(old, list) else [old]
    return any(isinstance(item, str) and options.get(item, item) != item for item in old_items)


def _fit(
    old: Question,
    new: Question,
    new_def: FormDefinition,
    value: Any,
    options: Mapping[str, str],
) -> tuple[Any, str | None]:
    """(the value on the new question, None) or (None, why it cannot be carried)."""
    if old.type != new.type and new.type not in _COMPATIBLE.get(old.type, frozenset()):
        return None, f"the question changed from {old.type} to {new.type}"
    mapped = _mapped_options(value, options) if new.type in _OPTION_TYPES else value
    if old.type == "single_choice" and new.type == "multi_choice" and isinstance(mapped, str):
        mapped = [mapped]
    problem = shape_problem(new_def, new, mapped)
    if problem is None:
        return mapped, None
    if new.type in _OPTION_TYPES:
        return None, f"the option {_option_words(old, value)} is not in version {new_def.version}"
    return None, problem


def _option_words(question: Question, value: Any) -> str:
    labels = {choice.id: choice.label for choice in question.choices}
    items = value if isinstance(value, list) else [value]
    return ", ".join(f"“{labels.get(str(item), str(item))}”" for item in items)


def _carry_rows(
    old: Question, rows: Any, new_def: FormDefinition, new: Question, new_id: str
) -> tuple[list[dict[str, Any]] | None, list[UpgradeItem]]:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return None, []
    carried_rows: list[dict[str, Any]] = []
    items: list[UpgradeItem] = []
    for index, row in enumerate(rows):
        carried_row: dict[str, Any] = {}
        for inner_id, inner_value in row.items():
            if not is_answered(inner_value):
                continue
            old_inner = old.inner(inner_id)
            new_inner = new.inner(inner_id)
            path = f"{old.id}[{index}].{inner_id}"
            label = f"{_label(old, old.id)}, entry {index + 1}: {_label(old_inner, inner_id)}"
            problem: str | None = f"version {new_def.version} has no such field in its entries"
            converted: Any = None
            if old_inner is not None and new_inner is not None and new_inner.is_answerable:
                converted, problem = _fit(old_inner, new_inner, new_def, inner_value, {})
            if problem is not None:
                items.append(UpgradeItem(UpgradeOutcome.DROPPED, path, "", label, "", problem))
                continue
            carried_row[inner_id] = converted
        carried_rows.append(carried_row)
    return carried_rows, items
