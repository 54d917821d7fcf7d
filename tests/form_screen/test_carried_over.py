"""Answers carried over from last year are marked as such until the user edits them."""

from __future__ import annotations

from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.store.repositories.records import carried_over_ids, save_answers
from desktop_app.ui.form.text_editors import TextEditor
from desktop_app.ui.services import AppServices
from forms import FormDefinition
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import open_form, wait_saved


def test_from_last_year_tag_until_edited(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    make_record: MakeRecord,
    all_types: FormDefinition,
) -> None:
    record_id = make_record(all_types)
    with database.session() as session:
        save_answers(session, record_id, {"name": "MID-1"}, by="Priya", carried_over=True)
    screen = open_form(qtbot, services, record_id)
    row = screen.row("name")
    assert row.carried_tag.isVisible()
    assert row.carried_tag.text() == "From last year"
    editor = row.editor
    assert isinstance(editor, TextEditor)
    QTest.keyClicks(editor.line, "2")
    assert not row.carried_tag.isVisible()
    wait_saved(qtbot, screen)
    with database.session() as session:
        assert carried_over_ids(session, record_id) == set()
