"""Each question type renders from the definition and its answer is saved as the user works."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.store.repositories.attachments import attachment_path
from desktop_app.ui.form.attachment_editor import AttachmentEditor
from desktop_app.ui.form.repeat_editor import RepeatEditor
from desktop_app.ui.form.text_editors import DateEditor, LongTextEditor, TextEditor
from desktop_app.ui.services import AppServices
from forms import FormDefinition
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import click_option, open_form, stored, wait_saved


def test_typing_is_saved_after_a_pause_and_only_then_shown_as_saved(
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
    QTest.keyClicks(editor.line, "MID-7")
    assert screen.header.indicator.text() == "Saving…"
    assert "name" not in stored(database, record_id)
    with qtbot.waitSignal(screen.saved, timeout=3000) as saved:
        pass
    assert saved.args == ["name"]
    wait_saved(qtbot, screen)
    assert stored(database, record_id)["name"] == "MID-7"


def test_every_simple_type_saves_its_answer(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
) -> None:
    record_id = make_record(all_types)
    screen = open_form(qtbot, services, record_id)
    story = screen.row("story").editor
    assert isinstance(story, LongTextEditor)
    QTest.keyClicks(story.box, "Seen at school.")
    count = screen.row("count").editor
    assert isinstance(count, TextEditor)
    QTest.keyClicks(count.line, "12")
    when = screen.row("when").editor
    assert isinstance(when, DateEditor)
    QTest.mouseClick(when.today, Qt.MouseButton.LeftButton)
    click_option(qtbot, screen, "seen_alone", "Partly")
    click_option(qtbot, screen, "colour", "South")
    boxes = {box.text(): box for box in screen.row("tags").findChildren(QCheckBox)}
    QTest.mouseClick(boxes["Voice of the child"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(boxes["Oversight"], Qt.MouseButton.LeftButton)
    screen.go_to_section(1)
    click_option(qtbot, screen, "grade", "Good")
    wait_saved(qtbot, screen)
    answers = stored(database, record_id)
    assert answers["story"] == "Seen at school."
    assert answers["count"] == 12
    assert answers["when"] == date.today().isoformat()
    when.line.clear()
    QTest.keyClicks(when.line, "14/05/2026")
    when.line.editingFinished.emit()
    assert when.value() == "2026-05-14"
    assert when.line.text() == "14 May 2026"
    assert answers["seen_alone"] == "partly"
    assert answers["colour"] == "south"
    assert answers["tags"] == ["voice", "oversight"]
    assert answers["grade"] == "good"


def test_calculated_value_and_note_are_shown_not_edited(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types, {"count": 21}))
    doubled = screen.row("doubled")
    assert doubled.editor is None
    assert doubled.answer_label is not None and doubled.answer_label.text() == "42"
    note = screen.row("about")
    assert note.answer_label is not None
    assert note.answer_label.text() == "Answer from what is in the file, not from memory."
    count = screen.row("count").editor
    assert isinstance(count, TextEditor)
    count.line.clear()
    QTest.keyClicks(count.line, "5")
    assert doubled.answer_label.text() == "10"


def test_clear_removes_a_choice_answer(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
) -> None:
    record_id = make_record(all_types, {"colour": "north"})
    screen = open_form(qtbot, services, record_id)
    clear = next(
        button
        for button in screen.row("colour").findChildren(QPushButton)
        if button.text() == "Clear"
    )
    assert clear.isVisible()
    QTest.mouseClick(clear, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, screen)
    assert "colour" not in stored(database, record_id)


def test_repeat_rows_can_be_added_filled_and_removed(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record_id = make_record(all_types)
    screen = open_form(qtbot, services, record_id)
    screen.go_to_section(1)
    repeat = screen.row("actions").editor
    assert isinstance(repeat, RepeatEditor)
    QTest.mouseClick(repeat.add_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(repeat.add_button, Qt.MouseButton.LeftButton)
    first_what = repeat.rows[0].fields[0].editor
    second_what = repeat.rows[1].fields[0].editor
    assert isinstance(first_what, TextEditor) and isinstance(second_what, TextEditor)
    QTest.keyClicks(first_what.line, "Update the plan")
    QTest.keyClicks(second_what.line, "Visit the school")
    screen.flush()
    assert stored(database, record_id)["actions"] == [
        {"what": "Update the plan"},
        {"what": "Visit the school"},
    ]
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    QTest.mouseClick(repeat.rows[0].remove_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, screen)
    assert stored(database, record_id)["actions"] == [{"what": "Visit the school"}]
    assert repeat.rows[0].title.text() == "Actions — entry 1"


def test_attachments_are_copied_by_content_opened_and_removed_after_asking(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    source = tmp_path / "chronology.txt"
    source.write_text("12 May: home visit, child seen alone.\n", encoding="utf-8")
    record_id = make_record(all_types)
    screen = open_form(qtbot, services, record_id)
    screen.go_to_section(1)
    editor = screen.row("evidence").editor
    assert isinstance(editor, AttachmentEditor)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(source)], ""))
    QTest.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, screen)
    [item] = stored(database, record_id)["evidence"]
    assert item["name"] == "chronology.txt"
    assert item["size"] == source.stat().st_size
    assert item["mime"] == "text/plain"
    copy = attachment_path(database.home, item["sha256"])
    assert copy.read_bytes() == source.read_bytes()

    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    QTest.mouseClick(editor.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(copy)]

    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    QTest.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.list.count() == 1  # said No: nothing removed
    QTest.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, screen)
    assert "evidence" not in stored(database, record_id)
