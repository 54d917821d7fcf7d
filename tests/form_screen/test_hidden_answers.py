"""An answer hidden by a later answer: marked on the form, kept until the user clears it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.store.repositories.records import answer_history
from desktop_app.ui.services import AppServices
from forms import shipped_template
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import click_option, open_form, stored

REASON = "Bruising seen on the baby's arm at the home visit; Jo Patel told at 14:10."


def test_a_hidden_answer_is_marked_and_can_be_cleared(
    qtbot: QtBot, services: AppServices, make_record: MakeRecord, database: Database
) -> None:
    audit = shipped_template("case-audit")
    record_id = make_record(audit, {"escalate": "yes", "escalation_reason": REASON})
    screen = open_form(qtbot, services, record_id)
    screen.focus_question("escalate")
    row = screen.row("escalation_reason")
    assert row.isVisible() and not row.hidden_label.isVisible()

    click_option(qtbot, screen, "escalate", "No")
    qtbot.waitUntil(lambda: stored(database, record_id).get("escalate") == "no", timeout=3000)
    assert row.isVisible()  # still shown, marked, not editable
    assert row.hidden_label.isVisible()
    assert "Hidden by a later answer" in row.hidden_label.text()
    assert "Bruising" in row.hidden_label.text()
    assert row.editor is not None and not row.editor.isVisible()
    assert stored(database, record_id)["escalation_reason"] == REASON  # kept until cleared

    row.clear_hidden_button.click()
    qtbot.waitUntil(lambda: not stored(database, record_id).get("escalation_reason"), timeout=3000)
    assert not row.isVisible()
    with database.session() as session:
        changes = list(answer_history(session, record_id, ["escalation_reason"]))
    assert any(REASON in str(change.old_value) for change in changes)  # the log keeps it
