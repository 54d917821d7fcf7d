"""Text and long-text answers hold at most 1,000,000 characters in the form, as in `audits
import`: typing at the limit and pasting past it keep the text up to the limit and say why in
one sentence; the saved answer is what the box shows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.app import audit_sheet
from desktop_app.store.database import Database
from desktop_app.ui.form.text_editors import LongTextEditor, TextEditor
from desktop_app.ui.services import AppServices
from forms import FormDefinition
from forms.answer_limits import LIMIT_SENTENCE, MAX_ANSWER_CHARACTERS, kept_within_limit
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import open_form, stored, wait_saved

LIMIT = MAX_ANSWER_CHARACTERS
# a long answer in lines, as people write it (one huge line is slow for Qt to lay out)
LINE = "Seen at school; ŁÓDŹ 👨‍👩‍👧 मैं ठीक हूँ.\n"


def _text_of(length: int) -> str:
    return (LINE * (length // len(LINE) + 1))[:length]


def test_the_form_and_audits_import_keep_one_limit() -> None:
    assert audit_sheet.MAX_ANSWER_CHARACTERS == LIMIT == 1_000_000
    assert LIMIT_SENTENCE.count(".") == 1 and "1,000,000 characters" in LIMIT_SENTENCE


def test_typing_at_the_limit_stops_says_why_and_keeps_what_was_typed(
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
    story.box.setPlainText(_text_of(LIMIT - 2))
    story.box.moveCursor(story.box.textCursor().MoveOperation.End)
    QTest.keyClicks(story.box, "xyz")
    text = story.box.toPlainText()
    assert len(text) == LIMIT and text.endswith("xy")
    assert story.limit_note.isVisibleTo(story) and story.limit_note.text() == LIMIT_SENTENCE
    wait_saved(qtbot, screen)
    assert stored(database, record_id)["story"] == text
    QTest.keyClick(story.box, Qt.Key.Key_Backspace)
    assert not story.limit_note.isVisibleTo(story)
    assert story.box.toPlainText() == text[:-1]


def _editor(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, form: FormDefinition, qid: str
) -> object:
    """The editor of question `qid` on a new record of `form`, opened in the form screen."""
    return open_form(qtbot, services, make_record(form)).row(qid).editor


def test_pasting_past_the_limit_keeps_the_text_around_it_and_the_paste_up_to_the_limit(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    story = _editor(qtbot, services, make_record, all_types, "story")
    assert isinstance(story, LongTextEditor)
    story.box.setPlainText("Before. After.")
    cursor = story.box.textCursor()
    cursor.setPosition(len("Before. "))
    story.box.setTextCursor(cursor)
    pasted = _text_of(LIMIT)
    QApplication.clipboard().setText(pasted)
    story.box.paste()
    text = story.box.toPlainText()
    room = LIMIT - len("Before. After.")
    assert text == "Before. " + pasted[:room] + "After."
    assert story.limit_note.isVisibleTo(story)


def test_a_one_line_answer_takes_more_than_qts_32767_and_stops_at_the_limit(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    name = _editor(qtbot, services, make_record, all_types, "name")
    assert isinstance(name, TextEditor)
    name.line.setFocus()
    QApplication.clipboard().setText("🙂" * 40_000)
    name.line.paste()
    assert name.line.text() == "🙂" * 40_000  # Qt alone kept 16,383 of them, silently
    assert not name.limit_note.isVisibleTo(name)
    QApplication.clipboard().setText("a" * (LIMIT - 40_000) + "bcd")
    name.line.paste()
    assert name.line.text() == "🙂" * 40_000 + "a" * (LIMIT - 40_000)
    assert name.limit_note.isVisibleTo(name)


@given(
    before=st.text(max_size=30),
    inserted=st.text(max_size=30),
    after=st.text(max_size=30),
    limit=st.integers(min_value=0, max_value=70),
)
def test_an_edit_past_the_limit_loses_only_the_end_of_what_was_inserted(
    before: str, inserted: str, after: str, limit: int
) -> None:
    text = before + inserted + after
    kept = kept_within_limit(text, len(before) + len(inserted), limit)
    assert len(kept) <= limit
    if len(text) <= limit:
        assert kept == text
    elif len(before) + len(after) <= limit:
        room = limit - len(before) - len(after)
        assert kept == before + inserted[:room] + after
