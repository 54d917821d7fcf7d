"""A big form opens on its first section and works out its section marks a slice at a time:
the marks it shows are those of the whole form read at once, and an answer given before they
are all worked out is counted."""

from __future__ import annotations

from typing import Any

from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.store.definitions import forget_parsed_definitions
from desktop_app.ui.form.section_list import section_mark
from desktop_app.ui.form.text_editors import TextEditor
from desktop_app.ui.services import AppServices
from forms import FormDefinition, compute_calculated, make_large_template, section_progress
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import open_form


def _some_answers(definition: FormDefinition) -> dict[str, Any]:
    """Every third question answered; some grades below good, so their follow-up applies."""
    answers: dict[str, Any] = {}
    for index, question in enumerate(definition.iter_questions()):
        if question.type == "grade":
            answers[question.id] = ("good", "inadequate", "outstanding")[index % 3]
        elif index % 3 == 0 and question.type in ("text", "long_text"):
            answers[question.id] = "Seen at home" if index % 2 else "short"
        elif index % 3 == 0 and question.type == "number":
            answers[question.id] = -2 if index % 2 else 4  # -2 breaks its rule
        elif index % 3 == 0 and question.type == "yes_no_partly":
            answers[question.id] = "partly"
    return answers


def _expected_marks(definition: FormDefinition, answers: dict[str, Any]) -> list[str]:
    shown = {**answers, **compute_calculated(definition, answers)}
    progress = section_progress(definition, shown)
    return [section_mark(progress[section.id])[1] for section in definition.sections]


def test_the_marks_of_a_big_form_are_those_of_the_whole_form(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord
) -> None:
    big = make_large_template(600)
    answers = _some_answers(big)
    record_id = make_record(big, answers)
    forget_parsed_definitions()  # read from the stored text, section by section
    screen = open_form(qtbot, services, record_id)
    qtbot.waitUntil(screen.marks_ready, timeout=5000)
    marks = [screen.section_list.mark_of(row) for row in range(screen.section_list.count())]
    assert marks == _expected_marks(big, answers)
    assert any(mark.startswith("!") for mark in marks)  # the broken rules are counted
    assert screen.built_sections() == [0]


def test_an_answer_given_before_the_marks_are_worked_out_is_counted(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord
) -> None:
    big = make_large_template(600)
    record_id = make_record(big)
    forget_parsed_definitions()
    screen = open_form(qtbot, services, record_id)
    editor = screen.row("q2").editor
    assert isinstance(editor, TextEditor)
    QTest.keyClicks(editor.line, "Seen at home")
    assert screen.marks_ready()  # the edit worked out every mark at once
    expected = _expected_marks(big, {"q2": "Seen at home"})
    assert screen.section_list.mark_of(0) == expected[0] == "1 of 19"
    marks = [screen.section_list.mark_of(row) for row in range(screen.section_list.count())]
    assert marks == expected
