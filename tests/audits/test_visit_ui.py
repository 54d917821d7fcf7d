"""The visits screen, the visit page, the audit view, the moderation dialog and the dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.store.repositories.audits import latest_moderations
from desktop_app.store.repositories.visits import draw_visit_sample
from desktop_app.ui.screens.visits import VisitsScreen
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.moderation_dialog import ModerationDialog
from tests.audits.builders import audits_of, fill, grade_answers, visit_with_cases


def _screen(qtbot: QtBot, database: Database) -> tuple[VisitsScreen, AppServices]:
    services = AppServices(database.home)
    screen = VisitsScreen(services)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    return screen, services


def _graded_visit(database: Database, folder: Path) -> tuple[int, list[int]]:
    with database.session() as session:
        visit_id = visit_with_cases(session, folder)
        draw_visit_sample(session, visit_id, 5, 2)
        audits = audits_of(session, visit_id)
        grades = ["good", "inadequate", "requires_improvement", "good"]
        for audit, grade in zip(audits, grades, strict=False):
            fill(session, audit, grade_answers(grade, grade))
        fill(session, audits[2], {"escalate": "yes"})
        return visit_id, [audit.id or 0 for audit in audits]


def test_the_demo_visit_opens_with_the_escalation_at_the_top(
    qtbot: QtBot, demo_database: Database
) -> None:
    screen, services = _screen(qtbot, demo_database)
    assert screen.model.rowCount() == 2  # the SAV, and the team's practice week before it
    assert screen.model.row_at(0)["title"].startswith("SAV")
    screen.open_row(screen.model.row_at(0))
    page = screen._page
    assert page.isVisible() and page.escalations.isVisible()
    assert "at risk now" in page.escalations.text()
    assert page.model.rowCount() >= 30
    assert page.model.row_at(0).escalated
    assert page.model.index(0, 0).data() == "● At risk now"
    assert page.model.index(0, 7).data() == "Nothing left"
    assert page.actions_tab.model.rowCount() > 0
    services.close()


def test_open_an_audit_and_move_to_the_next_case(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    visit_id, _ids = _graded_visit(database, tmp_path)
    screen, services = _screen(qtbot, database)
    page = screen.open_visit(visit_id)
    order = page.model.audit_ids()
    page.open_audit(order[0])
    qtbot.wait(20)  # the form works out its section marks just after it appears
    view = page.audit_view
    assert view.isVisible() and view.audit_id == order[0]
    assert "1 of 5" in view.position.text()
    assert not view.previous_button.isEnabled()
    view.next_button.click()
    qtbot.wait(20)
    assert view.audit_id == order[1]
    assert "still to do" in view.left.text()
    view.go_back()
    qtbot.wait(20)
    assert page.stack.currentIndex() == 0
    services.close()


def test_moderation_requires_a_rationale_for_a_changed_grade(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    _visit_id, ids = _graded_visit(database, tmp_path)
    services = AppServices(database.home)
    dialog = ModerationDialog(services, ids[0])
    qtbot.addWidget(dialog)
    overall = next(row for row in dialog.rows if row.line.question_id == "overall_grade")
    overall.choice.setCurrentIndex(overall.choice.findData("requires_improvement"))
    assert dialog.save() is False
    assert not dialog.error.isHidden() and "Overall judgement" in dialog.error.text()
    overall.rationale.setText("The plan has not reduced the risk yet.")
    assert dialog.save() is True
    with database.session() as session:
        kept = latest_moderations(session, ids[0])
    assert kept["overall_grade"].moderator_value == "requires_improvement"
    assert kept["overall_grade"].auditor_value == "good"
    assert kept["voice_grade"].moderator_value == kept["voice_grade"].auditor_value == "good"
    services.close()


def test_the_dashboard_shows_percent_good_or_better(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    visit_id, _ids = _graded_visit(database, tmp_path)
    screen, services = _screen(qtbot, database)
    page = screen.open_visit(visit_id)
    page.tabs.setCurrentIndex(1)
    dashboard = page.dashboard
    assert dashboard.figures["good"].text() == "50%"  # good, inadequate, RI, good
    assert dashboard.figures["escalations"].text() == "1"
    bars = {bar.title: bar for bar in dashboard.chart.bars}
    assert bars["Overall"].percent_good == 50.0
    assert bars["Voice and lived experience of the child"].counts == [0, 2, 1, 1]
    assert dashboard.cohort_model.rowCount() >= 1
    screen.show_list()
    assert screen.stack.currentIndex() == 0
    services.close()


def test_a_new_visit_is_created_and_opened_and_a_title_is_required(
    qtbot: QtBot, database: Database
) -> None:
    from desktop_app.store.repositories.organisations import ensure_organisation
    from desktop_app.ui.visit.visit_dialogs import VisitDialog, parse_team

    with database.session() as session:
        council_id = ensure_organisation(session, "Anyshire County Council", is_home=True).id
    screen, services = _screen(qtbot, database)
    dialog = VisitDialog(
        [(council_id or 0, "Anyshire County Council")], [("case-audit", "Case file audit")]
    )
    qtbot.addWidget(dialog)
    dialog.team.setPlainText("A. Lead; lead; Anyshire\nB. Peer; auditor; Otherton")
    assert "needs a title" in (screen.create_visit(dialog.details()) or "")
    dialog.title.setText("Thematic audit: neglect")
    dialog.kind.setCurrentIndex(dialog.kind.findData("thematic"))
    assert screen.create_visit(dialog.details()) is None
    page = screen._page
    assert page.title.text() == "Thematic audit: neglect"
    assert "Thematic audit" in page.meta.text() and "B. Peer (auditor)" in page.meta.text()
    assert not page.buttons["sample"].isEnabled()  # nothing to sample until a case list is in
    assert parse_team("C. Mod; moderator")[0].role == "moderator"
    services.close()


def test_a_visit_can_be_edited_from_its_page(qtbot: QtBot, demo_database: Database) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.store.repositories.visits import visit_details
    from desktop_app.ui.visit.visit_dialogs import VisitDialog

    screen, services = _screen(qtbot, demo_database)
    screen.open_row(screen.model.row_at(0))
    page = screen._page
    seen: list[str] = []

    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, VisitDialog):
            QTimer.singleShot(20, edit)
            return
        seen.append(dialog.windowTitle())
        assert dialog.title.text().startswith("SAV")
        assert "Kwame Mensah; lead" in dialog.team.toPlainText()
        dialog.status.setCurrentIndex(dialog.status.findData("complete"))
        dialog.lead.setText("Helen Marsh")
        dialog.accept()

    QTimer.singleShot(0, edit)
    page.buttons["edit"].click()
    assert seen == ["Edit visit"]
    with demo_database.session() as session:
        details = visit_details(session, page.operations.visit_id)
    assert details.status == "complete"
    assert details.lead_name == "Helen Marsh"
    assert any(member.name == "Kwame Mensah" for member in details.team)
    assert "Complete" in page.meta.text()
    services.close()


def test_the_council_action_tracker_gathers_every_visits_actions(
    qtbot: QtBot, demo_database: Database
) -> None:
    screen, services = _screen(qtbot, demo_database)
    dialog = screen.show_all_actions()
    qtbot.addWidget(dialog)
    rows = [dialog.tab.model.row_at(i) for i in range(dialog.tab.model.rowCount())]
    assert len(rows) >= 50
    assert {row["visit"] for row in rows} == {"SAV: the front door and child protection"}
    assert "actions from the audits" in dialog.tab.summary.text()
    open_first = [row["status"] in ("Open", "Overdue") for row in rows]
    assert open_first == sorted(open_first, reverse=True)
    services.close()


def test_a_large_visit_is_first_read_off_the_ui_thread(
    qtbot: QtBot, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop_app.ui.visit.visit_page as visit_page

    monkeypatch.setattr(visit_page, "LARGE_VISIT", 10)  # the demo visit's 32 audits count as large
    screen, services = _screen(qtbot, demo_database)
    page = screen.open_visit(int(screen.model.row_at(0)["id"]))
    assert page.tasks, "the first reading runs as background work"
    qtbot.waitUntil(lambda: not page.tasks, timeout=10000)
    assert page.model.rowCount() >= 30
    assert page.model.row_at(0).escalated
    services.close()
