"""Keyboard use, lazy sections for big forms, and saving on navigation and close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.ui.form.text_editors import LongTextEditor, TextEditor
from desktop_app.ui.services import AppServices
from forms import FormDefinition, make_large_template
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import activate, open_form, stored


def test_ctrl_page_down_and_up_move_between_sections(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    activate(qtbot, screen)
    screen.focus_question("name")
    name = screen.row("name").editor
    assert isinstance(name, TextEditor)
    assert QApplication.focusWidget() is name.line
    QTest.keyClick(name.line, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_section() == 1
    assert screen.section_list.currentRow() == 1
    focused = QApplication.focusWidget()
    assert focused is not None and screen.section_page(1).isAncestorOf(focused)
    QTest.keyClick(focused, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_section() == 0


def test_tab_follows_the_form_and_every_control_is_named(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    activate(qtbot, screen)
    screen.focus_question("name")
    name = screen.row("name").editor
    story = screen.row("story").editor
    assert isinstance(name, TextEditor) and isinstance(story, LongTextEditor)
    assert QApplication.focusWidget() is name.line
    QTest.keyClick(name.line, Qt.Key.Key_Tab)
    assert (
        QApplication.focusWidget() is screen.row("name").history_button
    )  # the answer, then its history
    history = screen.row("name").history_button
    assert history is not None
    QTest.keyClick(history, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is story.box
    QTest.keyClick(story.box, Qt.Key.Key_Tab)  # a tab moves on; it is never typed
    assert story.box.toPlainText() == ""
    for index in range(len(all_types.sections)):
        screen.go_to_section(index)
        page = screen.section_page(index)
        focusable = [
            widget
            for widget in page.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(page)
        ]
        assert focusable
        unnamed = [type(widget).__name__ for widget in focusable if not widget.accessibleName()]
        assert unnamed == []


def test_focus_question_opens_its_section(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    activate(qtbot, screen)
    screen.focus_question("grade")
    assert screen.current_section() == 1
    focused = QApplication.focusWidget()
    assert focused is not None and screen.row("grade").isAncestorOf(focused)


def test_big_form_builds_only_the_section_shown(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord
) -> None:
    big = make_large_template(1000)
    screen = open_form(qtbot, services, make_record(big))
    assert len(big.sections) == 50
    assert screen.built_sections() == [0]
    screen.go_to_section(37)
    assert screen.built_sections() == [0, 37]
    assert screen.section_list.count() == 50


def test_a_big_form_goes_to_its_last_section_and_saves_an_answer_there(
    qtbot: QtBot, services: AppServices, database: Database, make_record: MakeRecord
) -> None:
    big = make_large_template(1000)
    record_id = make_record(big)
    screen = open_form(qtbot, services, record_id)
    last = len(big.sections) - 1
    screen.go_to_section(last)
    assert screen.current_section() == last
    assert screen.section_list.currentRow() == last
    editor = screen.row("q982").editor
    assert isinstance(editor, TextEditor)
    QTest.keyClicks(editor.line, "Seen at home")
    screen.hide()  # leaving the form saves what was typed
    assert stored(database, record_id)["q982"] == "Seen at home"


def test_pending_typing_is_saved_when_the_form_is_hidden(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
) -> None:
    record_id = make_record(all_types)
    screen = open_form(qtbot, services, record_id)
    editor = screen.row("name").editor
    assert isinstance(editor, TextEditor)
    QTest.keyClicks(editor.line, "MID-4")
    screen.hide()  # closing or navigating away: no waiting for the pause
    assert stored(database, record_id)["name"] == "MID-4"
    assert screen.header.indicator.text().startswith("Saved ")


def test_moving_to_another_section_saves_first(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
) -> None:
    record_id = make_record(all_types)
    screen = open_form(qtbot, services, record_id)
    editor = screen.row("story").editor
    assert isinstance(editor, LongTextEditor)
    QTest.keyClicks(editor.box, "A short note")
    screen.section_list.setCurrentRow(1)
    assert screen.current_section() == 1
    assert stored(database, record_id)["story"] == "A short note"
