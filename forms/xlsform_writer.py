"""Writing any template out as a spreadsheet in the XLSForm layout (read back by
`forms.xlsform_reader`, to the same definition).

Each section is a begin_group/end_group pair (its guidance in `hint`, its kind in `kind`); each
repeat a begin_repeat/end_repeat pair; single and multi choices are `select_one` /
`select_multiple` with their list on the choices sheet (named after the question); a grade is
`grade SCALE`; yes/no questions are `select_one yes_no` (or `yes_no_partly`) with that list;
long text is `text` with the appearance `multiline`; expressions are in XLSForm spelling.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from forms.model import FormDefinition, Question, Section
from forms.xlsform_expressions import to_xlsform
from forms.xlsform_reader import CHOICES_COLUMNS, SETTINGS_COLUMNS, SURVEY_COLUMNS, UPGRADE_COLUMNS

_FIXED_LISTS = {
    "yes_no": [("yes", "Yes"), ("no", "No")],
    "yes_no_partly": [("yes", "Yes"), ("no", "No"), ("partly", "Partly")],
}
_PLAIN = {
    "text": "text",
    "long_text": "text",
    "number": "decimal",
    "date": "date",
    "note": "note",
    "attachment": "file",
}


class _Sheets:
    def __init__(self, definition: FormDefinition) -> None:
        self.definition = definition
        self.survey: list[dict[str, str]] = []
        self.choices: list[tuple[str, str, str]] = []
        self.list_names: set[str] = set()
        self.multi = {
            question.id
            for question in definition.iter_questions()
            for question in (question, *question.questions)
            if question.type == "multi_choice"
        }

    def expression(self, text: str | None) -> str:
        return "" if text is None else to_xlsform(text, self.multi.__contains__)

    def section(self, section: Section) -> None:
        self.survey.append(
            {
                "type": "begin_group",
                "name": section.id,
                "label": section.title,
                "hint": section.guidance,
                "kind": section.kind or "",
            }
        )
        for question in section.questions:
            self.question(question, prefix="")
        self.survey.append({"type": "end_group", "name": section.id})

    def choice_list(self, question: Question, prefix: str) -> str:
        name: str
        if question.type in _FIXED_LISTS:
            name = str(question.type)
            options = _FIXED_LISTS[question.type]
        else:
            name = f"{prefix}{question.id}"
            options = [(choice.id, choice.label) for choice in question.choices]
        if name not in self.list_names:
            self.list_names.add(name)
            self.choices.extend((name, option_id, label) for option_id, label in options)
        return name

    def question(self, question: Question, prefix: str) -> None:
        row: dict[str, Any] = {
            "name": question.id,
            "label": question.label,
            "hint": question.hint,
            "required": "yes" if question.required else "",
            "relevant": self.expression(question.relevant),
            "constraint": self.expression(question.constraint),
            "constraint_message": question.constraint_message,
            "calculation": self.expression(question.calculate),
            "role": question.role or "",
            "warning": self.expression(question.warning),
            "warning_message": question.warning_message,
        }
        kind = question.type
        if kind == "repeat":
            row["type"] = "begin_repeat"
            self.survey.append(row)
            for inner in question.questions:
                self.question(inner, prefix=f"{question.id}__")
            self.survey.append({"type": "end_repeat", "name": question.id})
            return
        if kind in ("single_choice", "yes_no", "yes_no_partly"):
            row["type"] = f"select_one {self.choice_list(question, prefix)}"
        elif kind == "multi_choice":
            row["type"] = f"select_multiple {self.choice_list(question, prefix)}"
        elif kind == "grade":
            row["type"] = f"grade {question.scale}"
        else:
            row["type"] = _PLAIN[kind]
        if kind == "long_text":
            row["appearance"] = "multiline"
        if kind == "note":
            row["label"] = question.label or question.text
            row["text"] = question.text if question.label else ""
        self.survey.append(row)


def xlsform_bytes(definition: FormDefinition) -> bytes:
    """The definition as an .xlsx workbook in the XLSForm layout (sheets survey, choices,
    settings, and upgrade when the version declares one)."""
    from openpyxl import Workbook

    sheets = _Sheets(definition)
    for section in definition.sections:
        sheets.section(section)
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(list(SURVEY_COLUMNS))
    for row in sheets.survey:
        survey.append([row.get(column, "") or None for column in SURVEY_COLUMNS])
    choices = workbook.create_sheet("choices")
    choices.append(list(CHOICES_COLUMNS))
    for item in sheets.choices:
        choices.append(list(item))
    settings = workbook.create_sheet("settings")
    settings.append(list(SETTINGS_COLUMNS))
    upgrade = definition.upgrade
    settings.append(
        [
            definition.id,
            definition.version,
            definition.title,
            definition.description or None,
            upgrade.from_version if upgrade is not None else None,
        ]
    )
    if upgrade is not None:
        changes = workbook.create_sheet("upgrade")
        changes.append(list(UPGRADE_COLUMNS))
        for old, new in upgrade.renamed.items():
            changes.append(["rename", None, old, new])
        for question_id, mapping in upgrade.choices.items():
            for old, new in mapping.items():
                changes.append(["choice", question_id, old, new])
        for old in upgrade.removed:
            changes.append(["remove", None, old, None])
    for sheet in workbook.worksheets:
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsform(definition: FormDefinition, path: Path) -> None:
    """Write `xlsform_bytes(definition)` to `path` (replacing it whole, never half-written)."""
    data = xlsform_bytes(definition)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    temporary.replace(path)
