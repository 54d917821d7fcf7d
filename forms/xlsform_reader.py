"""Reading a template from a spreadsheet in the XLSForm layout (https://xlsform.org).

Sheets: `survey` (type, name, label, hint, required, relevant, constraint, constraint_message,
calculation, appearance; our own columns role, kind, warning, warning_message, text), `choices`
(list_name, name, label), `settings` (form_id, version, form_title; our own description,
upgrade_from_version) and, for a version that maps answers from an earlier one, `upgrade`
(change, question, old, new). forms/README.md gives the whole mapping.

The rows become the same node tree a YAML template is read into, each node marked with the cell
it came from, and the one template loader checks it: so every rule of a YAML template holds, and
every problem is reported as `file:sheet!cell: what`. A type, column, sheet or function that we
do not support is refused by name, never skipped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from forms.model import FormDefinition
from forms.problems import ExpressionError, TemplateError, TemplateProblem
from forms.scales import load_scales
from forms.template_loader import build_definition
from forms.xlsform_expressions import from_xlsform
from forms.yaml_nodes import NodeReader

SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "appearance",
    "role",
    "kind",
    "warning",
    "warning_message",
    "text",
)
CHOICES_COLUMNS = ("list_name", "name", "label")
SETTINGS_COLUMNS = ("form_id", "version", "form_title", "description", "upgrade_from_version")
UPGRADE_COLUMNS = ("change", "question", "old", "new")
SHEETS = ("survey", "choices", "settings", "upgrade")
UPGRADE_CHANGES = ("rename", "choice", "remove")

# XLSForm type -> ours (types with a list name are handled on their own)
_PLAIN_TYPES = {
    "text": "text",
    "integer": "number",
    "decimal": "number",
    "date": "date",
    "note": "note",
    "file": "attachment",
    "calculate": "text",
}
SUPPORTED_TYPES = (
    "text, integer, decimal, date, note, file, calculate, select_one LIST, "
    "select_multiple LIST, grade SCALE, yes_no, yes_no_partly, begin_group/end_group, "
    "begin_repeat/end_repeat"
)
_EXPRESSION_COLUMNS = {
    "relevant": "relevant",
    "constraint": "constraint",
    "calculation": "calculate",
    "warning": "warning",
}
_TEXT_COLUMNS = ("hint", "constraint_message", "role", "warning_message")
_TRUE_WORDS = frozenset({"yes", "true", "true()", "1"})
_FALSE_WORDS = frozenset({"no", "false", "false()", "0", ""})
_STR = "tag:yaml.org,2002:str"
_YES_NO_LABELS = {"yes": "yes", "no": "no", "partly": "partly"}


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA" (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def load_xlsform(path: Path) -> FormDefinition:
    """Read an XLSForm workbook; TemplateError with problems as `file:sheet!cell: what`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problem = TemplateProblem(str(path), 1, f"cannot read the file: {error}")
        raise TemplateError([problem]) from None
    return load_xlsform_bytes(data, str(path))


def load_xlsform_bytes(data: bytes, filename: str) -> FormDefinition:
    """`load_xlsform` for workbook bytes (an upload, a bundle's payload)."""
    sheets = _read_workbook(data, filename)
    builder = _NodeBuilder(filename)
    root = builder.root(sheets)
    reader = NodeReader(filename)
    definition = None
    if root is not None:
        definition = build_definition(reader, load_scales(), root)
    problems = builder.problems + [builder.located(problem) for problem in reader.problems]
    if problems or definition is None:
        raise TemplateError(problems or [TemplateProblem(filename, 1, "nothing could be read")])
    return definition


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _read_workbook(data: bytes, filename: str) -> dict[str, list[list[str]]]:
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets: dict[str, list[list[str]]] = {}
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = [[_cell_text(value) for value in row] for row in rows]
    except Exception as error:  # calamine raises its own errors and Rust panics for bad files
        message = f"cannot read the workbook ({error}); save it as .xlsx and try again"
        raise TemplateError([TemplateProblem(filename, 1, message)]) from None
    return sheets


@dataclass
class _Row:
    number: int  # 1-based spreadsheet row
    cells: dict[str, str]
    columns: dict[str, int]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def ref(self, sheet: str, column: str) -> str:
        return f"{sheet}!{column_letter(self.columns.get(column, 0))}{self.number}"


@dataclass
class _Group:
    kind: str  # "group" or "repeat"
    row: _Row
    node: yaml.MappingNode
    questions: list[yaml.Node] = field(default_factory=list)


class _NodeBuilder:
    """Turns sheets into YAML nodes whose marks index `refs` (the cell each came from)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.refs: list[str] = ["survey!A1"]
        self.problems: list[TemplateProblem] = []

    # --- marks and problems --------------------------------------------------------------
    def mark(self, ref: str) -> yaml.Mark:
        self.refs.append(ref)
        return yaml.Mark(self.filename, 0, len(self.refs) - 1, 0, None, 0)

    def problem(self, ref: str, message: str) -> None:
        self.problems.append(TemplateProblem(self.filename, 0, message, ref))

    def located(self, problem: TemplateProblem) -> TemplateProblem:
        """A loader problem (its line indexes `refs`) as `file:sheet!cell: message`."""
        index = problem.line - 1
        ref = self.refs[index] if 0 <= index < len(self.refs) else self.refs[0]
        return TemplateProblem(problem.file, 0, problem.message, ref)

    def scalar(self, value: str, ref: str, tag: str = _STR) -> yaml.ScalarNode:
        mark = self.mark(ref)
        return yaml.ScalarNode(tag, value, mark, mark)

    def mapping(self, pairs: list[tuple[str, yaml.Node]], ref: str) -> yaml.MappingNode:
        mark = self.mark(ref)
        value = [(yaml.ScalarNode(_STR, key, mark, mark), node) for key, node in pairs]
        return yaml.MappingNode("tag:yaml.org,2002:map", value, mark, mark)

    def sequence(self, items: list[yaml.Node], ref: str) -> yaml.SequenceNode:
        mark = self.mark(ref)
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, mark, mark)

    # --- sheets ---------------------------------------------------------------------------
    def table(
        self, sheets: dict[str, list[list[str]]], sheet: str, known: tuple[str, ...]
    ) -> list[_Row]:
        rows = sheets.get(sheet, [])
        if not rows:
            return []
        header = [cell.strip().lower() for cell in rows[0]]
        columns: dict[str, int] = {}
        for index, name in enumerate(header):
            if not name:
                continue
            ref = f"{sheet}!{column_letter(index)}1"
            if name not in known:
                self.problem(
                    ref,
                    f"the column '{rows[0][index]}' is not supported "
                    f"(supported: {', '.join(known)})",
                )
            elif name in columns:
                self.problem(ref, f"the column '{name}' appears twice")
            else:
                columns[name] = index
        table: list[_Row] = []
        for number, row in enumerate(rows[1:], start=2):
            cells = {name: row[index] for name, index in columns.items() if index < len(row)}
            stray = [
                index
                for index, value in enumerate(row)
                if value and index < len(header) and not header[index]
            ]
            for index in stray:
                self.problem(
                    f"{sheet}!{column_letter(index)}{number}",
                    "this cell has no column heading, so its meaning is unknown",
                )
            if any(cells.values()):
                table.append(_Row(number, cells, columns))
        return table

    def root(self, sheets: dict[str, list[list[str]]]) -> yaml.MappingNode | None:
        for name in sheets:
            if name.strip().lower() not in SHEETS:
                self.problem(
                    f"{name}!A1",
                    f"the sheet '{name}' is not supported (supported: {', '.join(SHEETS)})",
                )
        sheets = {name.strip().lower(): rows for name, rows in sheets.items()}
        if "survey" not in sheets:
            self.problem("survey!A1", "the workbook has no 'survey' sheet")
            return None
        settings = self.table(sheets, "settings", SETTINGS_COLUMNS)
        choices = self.choice_lists(self.table(sheets, "choices", CHOICES_COLUMNS))
        survey = self.table(sheets, "survey", SURVEY_COLUMNS)
        pairs = self.settings(settings)
        title = next((node.value for key, node in pairs if key == "title"), "Questions")
        sections, scales = self.sections(survey, choices, str(title))
        pairs.append(
            ("scales", self.sequence([self.scalar(s, ref) for s, ref in scales], "survey!A1"))
        )
        pairs.append(("sections", self.sequence(sections, "survey!A1")))
        upgrade = self.upgrade(settings, self.table(sheets, "upgrade", UPGRADE_COLUMNS))
        if upgrade is not None:
            pairs.append(("upgrade", upgrade))
        return self.mapping(pairs, "settings!A1")

    def settings(self, rows: list[_Row]) -> list[tuple[str, yaml.Node]]:
        pairs: list[tuple[str, yaml.Node]] = []
        if not rows:
            self.problem(
                "settings!A1",
                "the workbook has no 'settings' sheet with form_id, version and form_title",
            )
            return pairs
        row = rows[0]
        for extra in rows[1:]:
            self.problem(
                extra.ref("settings", "form_id"), "the settings sheet has one row of values"
            )
        for column, key, tag in (
            ("form_id", "id", _STR),
            ("version", "version", "tag:yaml.org,2002:int"),
            ("form_title", "title", _STR),
            ("description", "description", _STR),
        ):
            value = row.get(column)
            if not value:
                if column != "description":
                    self.problem(
                        row.ref("settings", column) if column in row.columns else "settings!A1",
                        f"the settings need a {column}",
                    )
                continue
            if tag != _STR and not value.isdigit():
                self.problem(row.ref("settings", column), f"the {column} must be a whole number")
                continue
            pairs.append((key, self.scalar(value, row.ref("settings", column), tag)))
        return pairs

    def choice_lists(self, rows: list[_Row]) -> dict[str, list[tuple[_Row, str, str]]]:
        lists: dict[str, list[tuple[_Row, str, str]]] = {}
        for row in rows:
            name = row.get("list_name")
            if not name:
                self.problem(row.ref("choices", "list_name"), "this choice has no list_name")
                continue
            lists.setdefault(name, []).append((row, row.get("name"), row.get("label")))
        return lists

    # --- survey ---------------------------------------------------------------------------
    def sections(
        self,
        rows: list[_Row],
        choices: dict[str, list[tuple[_Row, str, str]]],
        form_title: str,
    ) -> tuple[list[yaml.Node], list[tuple[str, str]]]:
        sections: list[yaml.Node] = []
        scales: list[tuple[str, str]] = []
        loose: _Group | None = None  # questions outside any group
        stack: list[_Group] = []
        for row in rows:
            kind = " ".join(row.get("type").split())
            ref = row.ref("survey", "type")
            if not kind:
                self.problem(ref, "this row has no type")
                continue
            if kind in ("begin_group", "begin group"):
                if stack:
                    self.problem(
                        ref,
                        "a group inside a group or repeat is not supported (sections are one level)",
                    )
                    continue
                stack.append(_Group("group", row, self.mapping([], ref)))
                continue
            if kind in ("end_group", "end group"):
                if not stack or stack[-1].kind != "group":
                    self.problem(ref, "end_group without a begin_group above it")
                    continue
                sections.append(self.section(stack.pop()))
                continue
            if kind in ("begin_repeat", "begin repeat"):
                if stack and stack[-1].kind == "repeat":
                    self.problem(ref, "a repeat inside a repeat is not supported")
                    continue
                stack.append(_Group("repeat", row, self.mapping([], ref)))
                continue
            if kind in ("end_repeat", "end repeat"):
                if not stack or stack[-1].kind != "repeat":
                    self.problem(ref, "end_repeat without a begin_repeat above it")
                    continue
                repeat = stack.pop()
                node = self.question(repeat.row, "repeat", choices, scales, repeat.questions)
            else:
                node = self.question(row, kind, choices, scales, [])
            if node is None:
                continue
            if stack:
                stack[-1].questions.append(node)
                continue
            if loose is None:
                loose = _Group("group", row, self.mapping([], ref))
                sections.append(loose.node)
            loose.questions.append(node)
        for group in stack:
            self.problem(
                group.row.ref("survey", "type"), f"this begin_{group.kind} has no end_{group.kind}"
            )
        if loose is not None:
            self._fill_loose(loose, form_title)
        return sections, scales

    def _fill_loose(self, loose: _Group, title: str) -> None:
        ref = loose.row.ref("survey", "type")
        loose.node.value.extend(
            [
                (self.scalar("id", ref), self.scalar("questions_outside_groups", ref)),
                (self.scalar("title", ref), self.scalar(title, ref)),
                (self.scalar("questions", ref), self.sequence(loose.questions, ref)),
            ]
        )

    def section(self, group: _Group) -> yaml.Node:
        row = group.row
        pairs: list[tuple[str, yaml.Node]] = []
        if row.get("name"):
            pairs.append(("id", self.scalar(row.get("name"), row.ref("survey", "name"))))
        if row.get("label"):
            pairs.append(("title", self.scalar(row.get("label"), row.ref("survey", "label"))))
        if row.get("hint"):
            pairs.append(("guidance", self.scalar(row.get("hint"), row.ref("survey", "hint"))))
        if row.get("kind"):
            pairs.append(("kind", self.scalar(row.get("kind"), row.ref("survey", "kind"))))
        for column in ("required", "relevant", "constraint", "calculation", "role", "appearance"):
            if row.get(column):
                self.problem(row.ref("survey", column), f"'{column}' on a group is not supported")
        pairs.append(("questions", self.sequence(group.questions, row.ref("survey", "type"))))
        group.node.value.extend(
            (self.scalar(key, row.ref("survey", "type")), node) for key, node in pairs
        )
        return group.node

    def question(
        self,
        row: _Row,
        kind: str,
        choices: dict[str, list[tuple[_Row, str, str]]],
        scales: list[tuple[str, str]],
        inner: list[yaml.Node],
    ) -> yaml.Node | None:
        type_ref = row.ref("survey", "type")
        words = kind.split(" ")
        our_type: str | None = None
        pairs: list[tuple[str, yaml.Node]] = []
        if kind == "repeat":
            our_type = "repeat"
        elif words[0] in ("select_one", "select_multiple") and len(words) == 2:
            our_type = self.choice_type(row, words[0], words[1], choices, pairs)
        elif words[0] == "grade" and len(words) == 2:
            our_type = "grade"
            pairs.append(("scale", self.scalar(words[1], type_ref)))
            if words[1] not in (scale for scale, _ref in scales):
                scales.append((words[1], type_ref))
        elif kind in ("yes_no", "yes_no_partly"):
            our_type = kind
        elif len(words) == 1 and kind in _PLAIN_TYPES:
            our_type = _PLAIN_TYPES[kind]
            if kind == "text" and row.get("appearance") == "multiline":
                our_type = "long_text"
        if our_type is None:
            self.problem(
                type_ref, f"the type '{kind}' is not supported (supported: {SUPPORTED_TYPES})"
            )
            return None
        appearance = row.get("appearance")
        if appearance and not (appearance == "multiline" and kind == "text"):
            self.problem(
                row.ref("survey", "appearance"),
                f"the appearance '{appearance}' is not supported (only 'multiline' on a text)",
            )
        if kind == "calculate" and not row.get("calculation"):
            self.problem(type_ref, "a calculate row needs a calculation")
        pairs.insert(0, ("type", self.scalar(our_type, type_ref)))
        if row.get("name"):
            pairs.insert(0, ("id", self.scalar(row.get("name"), row.ref("survey", "name"))))
        label = row.get("label")
        if our_type == "note":
            text = row.get("text")
            pairs.append(
                ("text", self.scalar(text or label, row.ref("survey", "text" if text else "label")))
            )
            label = label if text else ""
        elif row.get("text"):
            self.problem(row.ref("survey", "text"), "'text' is only for a note (its words)")
        if label:
            pairs.append(("label", self.scalar(label, row.ref("survey", "label"))))
        if our_type == "repeat":
            pairs.append(("questions", self.sequence(inner, type_ref)))
        required = row.get("required").lower()
        if required in _TRUE_WORDS:
            pairs.append(
                (
                    "required",
                    self.scalar("true", row.ref("survey", "required"), "tag:yaml.org,2002:bool"),
                )
            )
        elif required not in _FALSE_WORDS:
            self.problem(
                row.ref("survey", "required"),
                f"required must be yes or no, not '{row.get('required')}'",
            )
        for column in _TEXT_COLUMNS:
            if row.get(column):
                pairs.append((column, self.scalar(row.get(column), row.ref("survey", column))))
        for column, key in _EXPRESSION_COLUMNS.items():
            text = row.get(column)
            if not text:
                continue
            try:
                ours = from_xlsform(text)
            except ExpressionError as error:
                self.problem(
                    row.ref("survey", column), f"the {column} '{text}' cannot be read: {error}"
                )
                continue
            pairs.append((key, self.scalar(ours, row.ref("survey", column))))
        if row.get("kind"):
            self.problem(row.ref("survey", "kind"), "'kind' is for a begin_group row (a section)")
        return self.mapping(pairs, type_ref)

    def choice_type(
        self,
        row: _Row,
        select: str,
        list_name: str,
        choices: dict[str, list[tuple[_Row, str, str]]],
        pairs: list[tuple[str, yaml.Node]],
    ) -> str | None:
        type_ref = row.ref("survey", "type")
        options = choices.get(list_name)
        if options is None:
            self.problem(type_ref, f"the choice list '{list_name}' is not on the choices sheet")
            return None
        ids = [name for _row, name, _label in options]
        plain = all(_YES_NO_LABELS.get(name) == label.lower() for _row, name, label in options)
        if select == "select_one" and plain and ids in (["yes", "no"], ["yes", "no", "partly"]):
            return "yes_no" if len(ids) == 2 else "yes_no_partly"
        items: list[yaml.Node] = []
        for choice_row, name, label in options:
            entry: list[tuple[str, yaml.Node]] = []
            if name:
                entry.append(("id", self.scalar(name, choice_row.ref("choices", "name"))))
            if label:
                entry.append(("label", self.scalar(label, choice_row.ref("choices", "label"))))
            items.append(self.mapping(entry, choice_row.ref("choices", "list_name")))
        pairs.append(("choices", self.sequence(items, type_ref)))
        return "single_choice" if select == "select_one" else "multi_choice"

    def upgrade(self, settings: list[_Row], rows: list[_Row]) -> yaml.Node | None:
        source = settings[0].get("upgrade_from_version") if settings else ""
        if not source and not rows:
            return None
        ref = settings[0].ref("settings", "upgrade_from_version") if settings else "settings!A1"
        if not source.isdigit():
            self.problem(
                ref, "an upgrade sheet needs upgrade_from_version in the settings (a whole number)"
            )
            return None
        renamed: list[tuple[str, yaml.Node]] = []
        options: dict[str, list[tuple[str, yaml.Node]]] = {}
        removed: list[yaml.Node] = []
        for row in rows:
            change = row.get("change").lower()
            old, new, question = row.get("old"), row.get("new"), row.get("question")
            if change == "rename" and old and new:
                renamed.append((old, self.scalar(new, row.ref("upgrade", "new"))))
            elif change == "choice" and question and old and new:
                options.setdefault(question, []).append(
                    (old, self.scalar(new, row.ref("upgrade", "new")))
                )
            elif change == "remove" and old:
                removed.append(self.scalar(old, row.ref("upgrade", "old")))
            else:
                self.problem(
                    row.ref("upgrade", "change"),
                    "each upgrade row is 'rename' (old, new), 'choice' (question, old, new) "
                    "or 'remove' (old)",
                )
        pairs: list[tuple[str, yaml.Node]] = [
            ("from_version", self.scalar(source, ref, "tag:yaml.org,2002:int"))
        ]
        if renamed:
            pairs.append(("renamed", self.mapping(renamed, "upgrade!A1")))
        if options:
            pairs.append(
                (
                    "choices",
                    self.mapping(
                        [(q, self.mapping(m, "upgrade!A1")) for q, m in options.items()],
                        "upgrade!A1",
                    ),
                )
            )
        if removed:
            pairs.append(("removed", self.sequence(removed, "upgrade!A1")))
        return self.mapping(pairs, ref)
