"""Relevance, inline validation, completion marks and the escalation banner update as the user works."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.app.changes import Changed
from desktop_app.ui.form.form_header import ESCALATION_TEXT
from desktop_app.ui.form.text_editors import TextEditor
from desktop_app.ui.services import AppServices
from forms import FormDefinition
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import click_option, open_form, wait_saved


def test_relevance_shows_and_hides_questions_live(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    why_not = screen.row("why_not")
    assert not why_not.isVisible()
    click_option(qtbot, screen, "seen_alone", "No")
    assert why_not.isVisible()
    click_option(qtbot, screen, "seen_alone", "Yes")
    assert not why_not.isVisible()


def test_inline_messages_blocking_in_red_and_warnings_in_amber(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    name_row = screen.row("name")
    assert not name_row.message.isVisible()  # untouched: no nagging on open
    editor = name_row.editor
    assert isinstance(editor, TextEditor)
    QTest.keyClicks(editor.line, "MID-12345678")
    assert name_row.message.isVisible()
    assert name_row.message.text() == "A case reference is at most 10 characters."
    assert name_row.message.property("severity") == "blocking"
    editor.line.clear()
    QTest.keyClicks(editor.line, "MID-1")
    assert not name_row.message.isVisible()

    count_row = screen.row("count")
    count = count_row.editor
    assert isinstance(count, TextEditor)
    QTest.keyClicks(count.line, "150")
    assert count_row.message.text() == "That is a lot of visits; check the figure."
    assert count_row.message.property("severity") == "warning"


def test_a_required_answer_removed_says_it_is_needed(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types, {"name": "MID-1"}))
    editor = screen.row("name").editor
    assert isinstance(editor, TextEditor)
    editor.line.selectAll()
    QTest.keyClicks(editor.line, "x")
    editor.line.backspace()
    assert screen.row("name").message.text() == "“Case reference” needs an answer."


def test_completion_marks_update(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    marks = screen.section_list
    qtbot.waitUntil(lambda: marks.mark_of(0) != "")  # filled in just after the first paint
    assert marks.mark_of(0) == "0 of 8"  # the hidden follow-up question is not counted
    assert marks.mark_of(1) == "0 of 3"
    editor = screen.row("name").editor
    assert isinstance(editor, TextEditor)
    QTest.keyClicks(editor.line, "MID-12345678")
    assert marks.mark_of(0) == "! 1 to put right"
    editor.line.clear()
    QTest.keyClicks(editor.line, "MID-1")
    assert marks.mark_of(0) == "✓ Complete"
    with qtbot.waitSignal(screen.progress_changed) as progress:
        screen.go_to_section(1)
        click_option(qtbot, screen, "grade", "Requires improvement to be good")
    assert progress.args == [1.0]
    assert marks.mark_of(1) == "✓ Complete"


def test_escalation_shows_a_red_banner_and_tells_the_lists(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    banner = screen.header.banner
    assert banner.objectName() == "EscalationBanner"
    assert not banner.isVisible()
    with qtbot.waitSignal(services.changed, timeout=2000) as changed:
        click_option(qtbot, screen, "at_risk", "Yes")
    assert changed.args == [Changed.VISITS]
    assert banner.isVisible()
    assert banner.text() == ESCALATION_TEXT
    assert banner.mapTo(screen, banner.rect().topLeft()).y() < screen.section_list.y()
    click_option(qtbot, screen, "at_risk", "No")
    assert not banner.isVisible()


def test_escalated_record_opens_with_the_banner(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types, {"at_risk": "yes"}))
    assert screen.header.banner.isVisible()


def test_guidance_is_shown_on_demand(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types))
    page = screen.section_page(0)
    assert not page.guidance.isVisible()
    assert page.guidance_button is not None
    page.guidance_button.click()
    assert page.guidance.isVisible()
    assert page.guidance.text() == "Read the whole file before you answer."


def test_history_lists_who_changed_what_and_when(
    qtbot: QtBot,
    services: AppServices,
    make_record: MakeRecord,
    all_types: FormDefinition,
    database: object,
) -> None:
    from desktop_app.store.repositories.settings import CURRENT_USER, set_setting

    with services.context.database.session() as session:
        set_setting(session, CURRENT_USER, "Priya Shah")
    record_id = make_record(all_types, {"name": "MID-1"})
    screen = open_form(qtbot, services, record_id)
    editor = screen.row("name").editor
    assert isinstance(editor, TextEditor)
    editor.line.clear()
    QTest.keyClicks(editor.line, "MID-2")
    wait_saved(qtbot, screen)
    history_button = screen.row("name").history_button
    assert history_button is not None
    history_button.click()
    dialog = screen.history_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert [row[1:] for row in rows] == [
        ["Priya Shah", "MID-1", "MID-2"],
        ["Sam Auditor", "Not answered", "MID-1"],
    ]
    assert all(row[0] for row in rows)  # when
    dialog.close()


def test_read_only_record_shows_answers_as_text_and_refuses_edits(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    from desktop_app.store.repositories.records import ReadOnlyRecordError

    record_id = make_record(
        all_types, {"name": "MID-9", "seen_alone": "partly", "tags": ["voice"]}, read_only=True
    )
    screen = open_form(qtbot, services, record_id)
    assert screen.read_only
    assert screen.findChildren(QLineEdit) == []
    name_label = screen.row("name").answer_label
    assert name_label is not None
    assert name_label.text() == "MID-9"
    assert screen.row("seen_alone").answer_label.text() == "Partly"  # type: ignore[union-attr]
    assert screen.row("tags").answer_label.text() == "Voice of the child"  # type: ignore[union-attr]
    assert screen.header.indicator.text() == "Read-only"
    try:
        screen._store.save("name", "changed")
    except ReadOnlyRecordError:
        pass
    else:
        raise AssertionError("a read-only record accepted an edit")


def test_read_only_option_on_an_editable_record(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    screen = open_form(qtbot, services, make_record(all_types, {"name": "MID-3"}), read_only=True)
    assert screen.findChildren(QLineEdit) == []
    assert screen.row("name").answer_label.text() == "MID-3"  # type: ignore[union-attr]
