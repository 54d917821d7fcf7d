"""The self-assessment and data-profile screens as the improvement lead uses them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.ui.services import AppServices


@pytest.fixture
def council_services(council_database: Any) -> Iterator[AppServices]:
    services = AppServices(council_database.home)
    yield services
    services.close()


@pytest.fixture
def demo_services(demo_db: Any) -> Iterator[AppServices]:
    services = AppServices(demo_db.home)
    yield services
    services.close()


def _cell(screen: Any, row: int, column_key: str) -> str:
    column = [c.key for c in screen.model._columns].index(column_key)
    return str(screen.model.data(screen.model.index(row, column)))


def test_create_open_and_mark_ready(
    qtbot: QtBot, council_services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(council_services)
    qtbot.addWidget(screen)
    assert screen.stack.currentIndex() == 1  # the designed empty state
    assessment_id, not_carried = screen.create_assessment("2026-27", from_last_year=False)
    assert not_carried == []
    assert screen.model.rowCount() == 1
    assert _cell(screen, 0, "status_label") == "Draft"
    assert _cell(screen, 0, "progress") == "0% complete"

    page = screen.open_assessment(assessment_id)
    assert screen.stack.currentIndex() == screen.stack.indexOf(page)
    assert page.status_chip.text() == "Draft" and page.ready_button.isEnabled()
    assert page.ready_button.text() == "Mark ready for challenge"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.ready_button.click()
    assert page.status_chip.text() == "Ready for challenge"
    assert page.ready_button.text() == "Mark as shared"
    assert "Editing makes it a draft again" in page.note.text()

    page.back_button.click()
    assert screen.stack.currentIndex() == 0
    assert _cell(screen, 0, "status_label") == "Ready for challenge"


def test_the_year_moves_on_to_shared_then_closed_and_read_only(
    qtbot: QtBot, council_services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(council_services)
    qtbot.addWidget(screen)
    assessment_id, _ = screen.create_assessment("2026-27", from_last_year=False)
    page = screen.open_assessment(assessment_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    for expected in ("Ready for challenge", "Shared", "Closed"):
        page.ready_button.click()
        assert page.status_chip.text() == expected
    assert page.ready_button.isHidden()
    assert page.form.definition is not None
    assert page.form.row("leaders_know").editor is None  # answers shown as text, not editable
    page.back_button.click()
    assert _cell(screen, 0, "status_label") == "Closed"


def test_an_edit_after_ready_makes_a_new_draft(
    qtbot: QtBot, council_services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.store.repositories.assessments import latest_snapshot
    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(council_services)
    qtbot.addWidget(screen)
    assessment_id, _ = screen.create_assessment("2026-27", from_last_year=False)
    page = screen.open_assessment(assessment_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.mark_ready()
    with council_services.context.database.session() as session:
        frozen = latest_snapshot(session, assessment_id)
    assert frozen is not None

    definition = page.form.definition
    area = next(s for s in definition.sections if s.kind == "ilacs_area")
    question = next(q for q in area.questions if q.role is None)
    page.form.go_to_section(definition.sections.index(area))
    editor = page.form.row(question.id).editor
    editor.set_value("We know our front door well.")
    editor.edited.emit(True)
    page.form.flush()
    assert page.status_chip.text() == "Draft"
    with council_services.context.database.session() as session:
        after = latest_snapshot(session, assessment_id)
    assert after is not None and after.sha256 == frozen.sha256 and after.answers == "{}"


def test_new_assessment_from_last_year_and_compare(
    qtbot: QtBot, demo_services: AppServices
) -> None:
    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(demo_services)
    qtbot.addWidget(screen)
    assert [_cell(screen, r, "period") for r in range(2)] == ["2026-27", "2025-26"]
    assert _cell(screen, 0, "carried") == "22 answers to review"
    assessment_id, _ = screen.create_assessment("2027-28", from_last_year=True)
    assert _cell(screen, 0, "period") == "2027-28"
    page = screen.open_assessment(assessment_id)
    assert "carried over from last year" in page.note.text()
    others = page.other_periods()
    assert [period for _, period in others] == ["2026-27", "2025-26"]
    page.show_comparison(others[1][0])
    assert page.pages.currentWidget() is page.compare
    assert "2025-26</b> compared with <b>2027-28" in page.compare.summary.text()
    page.back_button.click()
    assert page.pages.currentWidget() is page.form


def test_report_is_written_off_the_ui_thread(
    qtbot: QtBot, demo_services: AppServices, tmp_path: Path
) -> None:
    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(demo_services)
    qtbot.addWidget(screen)
    page = screen.open_assessment(screen.rows[0]["id"])
    out = tmp_path / "report.pdf"
    with qtbot.waitSignal(page.report_written, timeout=15000):
        page.write_report(out)
    assert page.last_report == out and out.read_bytes().startswith(b"%PDF")
    page.report_offer.close()


def test_data_profile_grid_saves_edits_at_once_and_refuses_a_bad_csv(
    qtbot: QtBot, demo_services: AppServices, tmp_path: Path
) -> None:
    from desktop_app.store.repositories.data_profile import profile_table
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.ui.screens.data_profile import DataProfileScreen

    screen = DataProfileScreen(demo_services)
    qtbot.addWidget(screen)
    model = screen.model
    assert screen.period.currentText() == "2025-26"
    row = next(i for i, item in enumerate(model.indicators) if item["id"] == "icpc_15_days")
    assert model.data(model.index(row, 5)) == "Green"
    assert model.data(model.index(row, 1), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.setData(model.index(row, 1), "70")
    assert model.data(model.index(row, 5)) == "Red"
    with demo_services.context.database.session() as session:
        home = home_organisation(session)
        assert home is not None and home.id is not None
        assert profile_table(session, home.id).value("icpc_15_days", "2025-26") == 70.0

    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,period,series,value\nicpc_15_days,2025-26,council,high\n", "utf-8")
    message = screen.import_csv(bad)
    assert "Row 2, column value" in message and "nothing was imported" in message
    screen.last_message.close()
    with demo_services.context.database.session() as session:
        assert profile_table(session, home.id).value("icpc_15_days", "2025-26") == 70.0

    added = screen.create_indicator("Children seen within 5 days", unit="%", higher_is_better=True)
    assert added in [item["id"] for item in screen.model.indicators]


def test_evidence_list_and_citing_an_indicator(qtbot: QtBot, demo_services: AppServices) -> None:
    from PySide6.QtGui import QGuiApplication

    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(demo_services)
    qtbot.addWidget(screen)
    page = screen.open_assessment(screen.rows[1]["id"])  # 2025-26, with four evidence files
    evidence = page.show_evidence()
    assert evidence.table.rowCount() == 4
    names = [evidence.table.item(row, 0).text() for row in range(4)]
    assert "Workforce scorecard March 2026.csv" in names
    row = names.index("Workforce scorecard March 2026.csv")
    assert evidence.table.item(row, 2).text() == "text/csv"
    assert evidence.table.item(row, 3).text().endswith("bytes")
    evidence.close()

    cite = page.cite_indicator()
    titles = [title for title, _ in cite.citations]
    cite.list.setCurrentRow(titles.index("Re-referrals within 12 months"))
    cite.copy()
    assert QGuiApplication.clipboard().text() == (
        "Re-referrals within 12 months: 24% in 2025-26 (statistical neighbours 21%, "
        "region 22.4%, England 22%; red against neighbours; worsening over 3 years)."
    )
