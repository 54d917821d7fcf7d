"""Reading a template YAML file into a FormDefinition, refusing it with file:line problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from forms.calculation_order import calculation_cycle
from forms.expressions import Expression, compile_expression
from forms.model import MAX_FORM_VERSION, Choice, FormDefinition, Question, Section, UpgradeMapping
from forms.problems import ExpressionError, TemplateError, TemplateProblem
from forms.scales import Scale, load_scales
from forms.vocabulary import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    RESERVED_IDS,
    ROLES,
    SECTION_KINDS,
    QuestionType,
)
from forms.yaml_nodes import NodeReader, line_of

_FORM_KEYS = frozenset({"id", "version", "title", "description", "scales", "sections", "upgrade"})
_UPGRADE_KEYS = frozenset({"from_version", "renamed", "choices", "removed"})
_SECTION_KEYS = frozenset({"id", "title", "guidance", "kind", "questions"})
_QUESTION_KEYS = frozenset(
    {
        "id",
        "type",
        "label",
        "hint",
        "required",
        "constraint",
        "constraint_message",
        "warning",
        "warning_message",
        "relevant",
        "calculate",
        "choices",
        "scale",
        "role",
        "questions",
        "text",
    }
)
_CHOICE_KEYS = frozenset({"id", "label"})


class _AnyKey(frozenset[str]):
    """Allows every key: for mappings whose keys are ids rather than vocabulary."""

    def __contains__(self, key: object) -> bool:
        return True


_ANY_KEY = _AnyKey()
_EXPRESSION_KEYS = ("relevant", "constraint", "warning", "calculate")
_FORM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CHOICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def load_template(path: Path) -> FormDefinition:
    """Read a template file; TemplateError lists every problem as file:line: message."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = TemplateProblem(str(path), 1, f"cannot read the file: {error}")
        raise TemplateError([problem]) from None
    return load_template_text(text, str(path))


def load_template_text(text: str, filename: str) -> FormDefinition:
    """Read template YAML text; `filename` is used in problem messages."""
    reader = NodeReader(filename)
    root = reader.compose(text)
    definition = None
    if root is not None:
        definition = build_definition(reader, load_scales(), root)
    if reader.problems or definition is None:
        problems = sorted(reader.problems, key=lambda problem: problem.line)
        raise TemplateError(problems)
    return definition


def build_definition(
    reader: NodeReader, known_scales: dict[str, Scale], root: yaml.Node
) -> FormDefinition | None:
    """Check a template's node tree (from YAML, or built from a spreadsheet) and build its
    definition; problems are added to `reader.problems` (None when it could not be built)."""
    return _TemplateBuilder(reader, known_scales).build(root)


@dataclass
class _PendingExpression:
    expression: Expression
    key: str
    node: yaml.Node
    scope: set[str] | None  # ids of the enclosing repeat's row (filled as read), or None


class _TemplateBuilder:
    def __init__(self, reader: NodeReader, known_scales: dict[str, Scale]) -> None:
        self.reader = reader
        self.known_scales = known_scales
        self.listed_scales: list[str] = []
        self.question_ids: dict[str, int] = {}
        self.roles_seen: dict[str, int] = {}
        self.expressions: list[_PendingExpression] = []

    def build(self, root: yaml.Node) -> FormDefinition | None:
        reader = self.reader
        entries = reader.mapping(root, "the template", _FORM_KEYS, ("id", "version", "title"))
        if entries is None:
            return None
        form_id = reader.text(entries["id"], "the template id") if "id" in entries else ""
        if form_id and not _FORM_ID.match(form_id):
            reader.problem(
                entries["id"],
                f"the template id '{form_id}' must be lower-case letters, digits, '-' and '_'",
            )
        version = 0
        if "version" in entries:
            number = reader.whole_number(entries["version"], "version")
            if number is not None and not 1 <= number <= MAX_FORM_VERSION:
                reader.problem(
                    entries["version"],
                    f"version must be a whole number from 1 to {MAX_FORM_VERSION:,}",
                )
            version = number or 0
        title = reader.text(entries["title"], "the template title") if "title" in entries else ""
        description = reader.optional_text(entries, "description", "template")
        self._read_scale_list(entries.get("scales"))
        sections: list[Section] = []
        if "sections" not in entries:
            reader.problem(root, "the template has no 'sections'")
        else:
            section_ids: set[str] = set()
            nodes = reader.sequence(entries["sections"], "'sections'") or []
            if not nodes and isinstance(entries["sections"], yaml.SequenceNode):
                reader.problem(entries["sections"], "the template has no sections")
            for node in nodes:
                section = self._section(node)
                if section is None:
                    continue
                if section.id in section_ids:
                    reader.problem(node, f"the section id '{section.id}' is used twice")
                section_ids.add(section.id)
                sections.append(section)
        self._check_expression_names()
        check_calculation_cycles(sections, self.reader.problem_at_line)
        scales = {
            scale_id: self.known_scales[scale_id]
            for scale_id in self.listed_scales
            if scale_id in self.known_scales
        }
        upgrade = None
        if "upgrade" in entries:
            upgrade = self._upgrade(entries["upgrade"], version, sections)
        return FormDefinition(
            form_id or "", version, title or "", description, scales, sections, upgrade
        )

    def _id_map(self, node: yaml.Node, what: str) -> dict[str, str]:
        reader = self.reader
        entries = reader.mapping(node, what, _ANY_KEY)
        mapped: dict[str, str] = {}
        for key, value in (entries or {}).items():
            target = reader.text(value, f"the new id for '{key}' in {what}")
            if target is not None:
                mapped[key] = target
        return mapped

    def _upgrade(
        self, node: yaml.Node, version: int, sections: list[Section]
    ) -> UpgradeMapping | None:
        """The `upgrade` block: how answers of `from_version` map onto this version."""
        reader = self.reader
        entries = reader.mapping(node, "'upgrade'", _UPGRADE_KEYS, ("from_version",))
        if entries is None or "from_version" not in entries:
            return None
        from_version = reader.whole_number(entries["from_version"], "'from_version'")
        if from_version is None:
            return None
        if version and not 1 <= from_version < version:
            reader.problem(
                entries["from_version"],
                f"'from_version' must be an earlier version than this one ({version})",
            )
        questions = {q.id: q for section in sections for q in section.questions}
        renamed = {}
        if "renamed" in entries:
            renamed = self._id_map(entries["renamed"], "'upgrade: renamed'")
            for old_id, new_id in renamed.items():
                if new_id not in questions:
                    reader.problem(
                        entries["renamed"],
                        f"'{old_id}' is renamed to '{new_id}', which is not a question "
                        "in this version",
                    )
        choices: dict[str, dict[str, str]] = {}
        for question_id, mapping_node in (
            (reader.mapping(entries["choices"], "'upgrade: choices'", _ANY_KEY) or {}).items()
            if "choices" in entries
            else []
        ):
            question = questions.get(question_id)
            mapping = self._id_map(mapping_node, f"the choices of '{question_id}'")
            if question is None:
                reader.problem(mapping_node, f"'{question_id}' is not a question in this version")
                continue
            allowed = set(question.choice_ids())
            if question.type == "grade" and question.scale in self.known_scales:
                allowed = set(self.known_scales[question.scale].ids())
            if question.type in ("yes_no", "yes_no_partly"):
                allowed = {"yes", "no", "partly"} if question.type == "yes_no_partly" else set()
                allowed |= {"yes", "no"}
            for old_id, new_id in mapping.items():
                if new_id not in allowed:
                    reader.problem(
                        mapping_node,
                        f"'{old_id}' maps to '{new_id}', which is not an option of "
                        f"'{question_id}' in this version",
                    )
            choices[question_id] = mapping
        removed: list[str] = []
        for item in (
            reader.sequence(entries["removed"], "'upgrade: removed'") or []
            if ("removed" in entries)
            else []
        ):
            removed_id = reader.text(item, "a removed question id")
            if removed_id is None:
                continue
            if removed_id in questions and removed_id not in renamed.values():
                reader.problem(
                    item, f"'{removed_id}' is listed as removed but is still a question here"
                )
            removed.append(removed_id)
        return UpgradeMapping(from_version, renamed, choices, removed)

    def _read_scale_list(self, node: yaml.Node | None) -> None:
        if node is None:
            return
        for item in self.reader.sequence(node, "'scales'") or []:
            scale_id = self.reader.text(item, "a scale id")
            if scale_id is None:
                continue
            if scale_id not in self.known_scales:
                known = ", ".join(sorted(self.known_scales))
                self.reader.problem(item, f"unknown scale '{scale_id}' (known: {known})")
            elif scale_id in self.listed_scales:
                self.reader.problem(item, f"the scale '{scale_id}' is listed twice")
            else:
                self.listed_scales.append(scale_id)

    def _section(self, node: yaml.Node) -> Section | None:
        reader = self.reader
        entries = reader.mapping(node, "a section", _SECTION_KEYS, ("id", "title", "questions"))
        if entries is None:
            return None
        section_id = reader.text(entries["id"], "a section id") if "id" in entries else None
        if section_id is not None and not _QUESTION_ID.match(section_id):
            reader.problem(
                entries["id"],
                f"the section id '{section_id}' must start with a "
                "lower-case letter and use only a-z, 0-9 and _",
            )
        title = reader.text(entries["title"], "a section title") if "title" in entries else None
        guidance = reader.optional_text(entries, "guidance", "section")
        kind = reader.text(entries["kind"], "a section kind") if "kind" in entries else None
        if kind is not None and kind not in SECTION_KINDS:
            known = ", ".join(sorted(SECTION_KINDS))
            reader.problem(entries["kind"], f"unknown section kind '{kind}' (known: {known})")
        questions: list[Question] = []
        if "questions" in entries:
            nodes = reader.sequence(entries["questions"], "a section's 'questions'") or []
            if not nodes and isinstance(entries["questions"], yaml.SequenceNode):
                reader.problem(entries["questions"], f"the section '{section_id}' has no questions")
            for question_node in nodes:
                question = self._question(question_node, repeat_ids=None)
                if question is not None:
                    questions.append(question)
        grades = [question for question in questions if question.type == "grade"]
        if len(grades) > 1 and kind != "overall":
            reader.problem_at_line(
                grades[1].line,
                f"the section '{section_id}' has more than "
                "one grade question (only a section of kind 'overall' may)",
            )
        if section_id is None or title is None:
            return None
        return Section(section_id, title, guidance, kind, questions, line_of(node))

    def _question(self, node: yaml.Node, repeat_ids: set[str] | None) -> Question | None:
        reader = self.reader
        entries = reader.mapping(node, "a question", _QUESTION_KEYS, ("id", "type"))
        if entries is None or "id" not in entries or "type" not in entries:
            return None
        question_id = reader.text(entries["id"], "a question id")
        question_type = reader.text(entries["type"], "a question type")
        if question_id is None or question_type is None:
            return None
        self._check_id(question_id, entries["id"], repeat_ids)
        if question_type not in QUESTION_TYPES:
            known = ", ".join(sorted(QUESTION_TYPES))
            reader.problem(
                entries["type"], f"unknown question type '{question_type}' (known: {known})"
            )
            return None
        where = f"the question '{question_id}'"
        self._check_keys_fit_type(
            entries, question_type, where, inside_repeat=repeat_ids is not None
        )
        label = reader.optional_text(entries, "label", where)
        if not label and question_type not in ("note", "grade"):
            reader.problem(node, f"{where} needs a label")
        if question_type == "grade" and not label:
            label = "Grade"
        text = reader.optional_text(entries, "text", where)
        required = False
        if "required" in entries:
            required = reader.boolean(entries["required"], f"'required' of {where}") is True
        role = self._role(entries.get("role"), question_type, where)
        scale = self._scale(entries.get("scale"), where)
        choices = self._choices(entries.get("choices"), where)
        inner = self._inner_questions(entries.get("questions"), where)
        scope = repeat_ids
        texts: dict[str, str | None] = {}
        for key in _EXPRESSION_KEYS:
            texts[key] = self._expression(entries.get(key), key, where, scope)
        return Question(
            id=question_id,
            type=QuestionType(question_type),
            label=label,
            hint=reader.optional_text(entries, "hint", where),
            required=required,
            constraint=texts["constraint"],
            constraint_message=reader.optional_text(entries, "constraint_message", where),
            warning=texts["warning"],
            warning_message=reader.optional_text(entries, "warning_message", where),
            relevant=texts["relevant"],
            calculate=texts["calculate"],
            choices=choices,
            scale=scale,
            role=role,
            questions=inner,
            text=text,
            line=line_of(node),
        )

    def _check_id(self, question_id: str, node: yaml.Node, repeat_ids: set[str] | None) -> None:
        reader = self.reader
        if not _QUESTION_ID.match(question_id):
            reader.problem(
                node,
                f"the question id '{question_id}' must start with a lower-case "
                "letter and use only a-z, 0-9 and _",
            )
        elif question_id in RESERVED_IDS:
            reader.problem(
                node, f"'{question_id}' cannot be a question id: expressions use that word"
            )
        seen = repeat_ids if repeat_ids is not None else self.question_ids.keys()
        if question_id in seen:
            reader.problem(node, f"the question id '{question_id}' is used twice")
        elif repeat_ids is not None:
            repeat_ids.add(question_id)
        else:
            self.question_ids[question_id] = line_of(node)

    def _check_keys_fit_type(
        self, entries: dict[str, yaml.Node], question_type: str, where: str, inside_repeat: bool
    ) -> None:
        reader = self.reader
        if question_type in CHOICE_TYPES and "choices" not in entries:
            reader.problem(entries["type"], f"{where} is a {question_type} but has no choices")
        if question_type not in CHOICE_TYPES and "choices" in entries:
            reader.problem(
                entries["choices"],
                f"{where}: 'choices' only apply to single_choice and multi_choice",
            )
        if question_type == "grade" and "scale" not in entries:
            reader.problem(entries["type"], f"{where} is a grade but has no scale")
        if question_type != "grade" and "scale" in entries:
            reader.problem(entries["scale"], f"{where}: 'scale' only applies to a grade")
        if question_type == "repeat" and "questions" not in entries:
            reader.problem(entries["type"], f"{where} is a repeat but has no questions")
        if question_type == "repeat" and inside_repeat:
            reader.problem(entries["type"], f"{where}: a repeat cannot hold another repeat")
        if question_type != "repeat" and "questions" in entries:
            reader.problem(entries["questions"], f"{where}: 'questions' only apply to a repeat")
        if question_type == "note":
            if "text" not in entries:
                reader.problem(entries["type"], f"{where} is a note but has no text")
            for key in ("required", "constraint", "calculate", "warning"):
                if key in entries:
                    reader.problem(entries[key], f"{where} is a note, which takes no '{key}'")
        elif "text" in entries:
            reader.problem(entries["text"], f"{where}: 'text' only applies to a note")

    def _role(self, node: yaml.Node | None, question_type: str, where: str) -> str | None:
        if node is None:
            return None
        role = self.reader.text(node, f"the role of {where}")
        if role is None:
            return None
        if role not in ROLES:
            known = ", ".join(sorted(ROLES))
            self.reader.problem(node, f"unknown role '{role}' (known: {known})")
            return None
        types, may_repeat = ROLES[role]
        if question_type not in types:
            allowed = " or ".join(sorted(types))
            self.reader.problem(node, f"the role '{role}' needs a question of type {allowed}")
        if not may_repeat and role in self.roles_seen:
            self.reader.problem(
                node, f"the role '{role}' is already given on line {self.roles_seen[role]}"
            )
        self.roles_seen.setdefault(role, line_of(node))
        return role

    def _scale(self, node: yaml.Node | None, where: str) -> str | None:
        if node is None:
            return None
        scale_id = self.reader.text(node, f"the scale of {where}")
        if scale_id is None:
            return None
        if scale_id not in self.known_scales:
            known = ", ".join(sorted(self.known_scales))
            self.reader.problem(node, f"unknown scale '{scale_id}' (known: {known})")
        elif scale_id not in self.listed_scales:
            self.reader.problem(
                node, f"the scale '{scale_id}' is not listed in the template's 'scales'"
            )
        return scale_id

    def _choices(self, node: yaml.Node | None, where: str) -> list[Choice]:
        if node is None:
            return []
        reader = self.reader
        nodes = reader.sequence(node, f"the choices of {where}")
        if nodes is None:
            return []
        if not nodes:
            reader.problem(node, f"{where} has an empty list of choices")
        choices: list[Choice] = []
        for item in nodes:
            entries = reader.mapping(item, "a choice", _CHOICE_KEYS, ("id", "label"))
            if entries is None or "id" not in entries or "label" not in entries:
                continue
            choice_id = reader.text(entries["id"], "a choice id")
            label = reader.text(entries["label"], "a choice label")
            if choice_id is None or label is None:
                continue
            if not _CHOICE_ID.match(choice_id):
                reader.problem(
                    entries["id"],
                    f"the choice id '{choice_id}' must use only letters, digits, '-' and '_'",
                )
            if any(choice.id == choice_id for choice in choices):
                reader.problem(
                    entries["id"], f"the choice id '{choice_id}' is used twice in {where}"
                )
            choices.append(Choice(choice_id, label))
        return choices

    def _inner_questions(self, node: yaml.Node | None, where: str) -> list[Question]:
        if node is None:
            return []
        nodes = self.reader.sequence(node, f"the questions of {where}")
        if nodes is None:
            return []
        if not nodes:
            self.reader.problem(node, f"{where} has an empty list of questions")
        row_ids: set[str] = set()
        inner = [self._question(item, repeat_ids=row_ids) for item in nodes]
        return [question for question in inner if question is not None]

    def _expression(
        self, node: yaml.Node | None, key: str, where: str, scope: set[str] | None
    ) -> str | None:
        if node is None:
            return None
        text = self.reader.text(node, f"'{key}' of {where}")
        if text is None:
            return None
        try:
            expression = compile_expression(text)
        except ExpressionError as error:
            self.reader.problem(node, f"the {key} expression of {where} is malformed: {error}")
            return text
        self.expressions.append(_PendingExpression(expression, key, node, scope))
        return text

    def _check_expression_names(self) -> None:
        top_level = self.question_ids.keys()
        for pending in self.expressions:
            allowed = set(top_level) | set(pending.scope or ())
            for name in sorted(pending.expression.names() - allowed):
                self.reader.problem(
                    pending.node,
                    f"the {pending.key} expression "
                    f"'{pending.expression.text}' refers to '{name}', "
                    "which is not a question id in this template",
                )


def check_calculation_cycles(sections: list[Section], report: Callable[[int, str], None]) -> None:
    """Report calculations that read each other (top level, and within each repeat's rows) as
    one problem per cycle, at the line of the cycle's first question, naming its ids."""
    top_level = [question for section in sections for question in section.questions]
    groups = [top_level] + [question.questions for question in top_level if question.questions]
    for group in groups:
        cycle = calculation_cycle(group)
        if cycle is None:
            continue
        line = next((question.line for question in group if question.id == cycle[0]), 1)
        report(
            line,
            "the calculations " + " → ".join(cycle) + " read each other in a cycle, so none "
            "of them can be worked out; make one of them an answer or remove the loop",
        )
