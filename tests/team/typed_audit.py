"""An auditor typing an audit into the real form, as on site: radio buttons clicked, text typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.ui.form import FormScreen
from desktop_app.ui.form.choice_editors import ChoiceButtonsEditor, ComboChoiceEditor
from desktop_app.ui.form.question_row import QuestionRow
from desktop_app.ui.form.text_editors import LongTextEditor
from tests.form_screen.helpers import click_option

TYPED = {
    "escalation_reason": "Toddler found alone at home; police and duty manager called.",
    "escalated_to": "Sam Hale, duty team manager",
}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _option(question_id: str, overall: str, escalate: bool) -> str:
    if question_id == "overall_grade":
        return overall
    if question_id.endswith("_grade"):
        return "good"
    if question_id == "escalate":
        return "yes" if escalate else "no"
    return ""


def _answer(qtbot: QtBot, form: FormScreen, row: QuestionRow, overall: str, escalate: bool) -> None:
    editor = row.editor
    question_id = row.question.id
    if isinstance(editor, ChoiceButtonsEditor):
        wanted = _option(question_id, overall, escalate)
        button = editor.buttons.get(wanted) or next(iter(editor.buttons.values()))
        click_option(qtbot, form, question_id, button.text())
    elif isinstance(editor, ComboChoiceEditor):
        QTest.keyClick(editor.combo, Qt.Key.Key_Down)
    elif isinstance(editor, LongTextEditor):
        default = "Seen at home with the social worker; the plan is clear and kept to."
        QTest.keyClicks(editor.box, TYPED.get(question_id, default))
    else:
        line = editor.focus_target() if editor is not None else None
        assert line is not None, f"no editor for {question_id}"
        text = "30/11/2026" if row.question.type == "date" else TYPED.get(question_id, "North")
        QTest.keyClicks(line, text)
        QTest.keyClick(line, Qt.Key.Key_Return)


def type_audit(qtbot: QtBot, form: FormScreen, *, overall: str, escalate: bool = False) -> int:
    """Answer every required question still empty, section by section, as a user would
    (questions that appear on an answer, such as the escalation's reason, are answered too).
    Returns how many answers were given."""
    given = 0
    for index in range(len(form.definition.sections)):
        form.go_to_section(index)
        page = form.section_page(index)
        for _round in range(3):  # answers can show further required questions
            todo = [
                row
                for row in page.rows.values()
                if row.editor is not None
                and row.question.required
                and not row.isHidden()
                and _empty(row.value())
            ]
            if not todo:
                break
            for row in todo:
                _answer(qtbot, form, row, overall, escalate)
                given += 1
    form.flush()
    return given
