"""The lead's Team tab says what an empty part means instead of showing an empty box: no
conflicts (and what would make one), no returns yet (and how one arrives); on a visit audited on
one laptop each auditor's progress counts the audits their form names; with a conflict the pane
summarises it and "Compare and decide…" opens the full comparison."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from desktop_app.app.showcase import first_visit_id
from desktop_app.app.team import visit_with_returns
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import AppServices


def _team_tab(qtbot: QtBot, services: AppServices, visit_id: int) -> Any:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1280, 688)  # the window's first size on a 1366x768 laptop
    window.show()
    page = window.show_screen_by_key("visits").open_visit(visit_id)
    page.tabs.setCurrentIndex(3)
    return page.team_tab


def test_a_visit_on_one_laptop_shows_progress_and_says_what_is_empty(
    qtbot: QtBot, demo_database: Any
) -> None:
    services = AppServices(demo_database.home)
    try:
        with_returns = visit_with_returns(services.context)
        one_laptop = next(
            row[0]
            for row in services.context.reader().execute("SELECT id FROM visit ORDER BY id")
            if row[0] != with_returns
        )
        team = _team_tab(qtbot, services, one_laptop)
        assert team.no_conflicts.isVisible() and not team.conflict_body.isVisible()
        assert team.no_conflicts.text().startswith("None. A conflict shows here when")
        assert team.no_returns.isVisible() and not team.returns_table.isVisible()
        assert "once you merge it (Merge a return…)" in team.no_returns.text()
        progress = {m.name: (m.cases, m.started) for m in team.overview.members}
        auditors = [m for m in team.overview.members if m.role == "auditor"]
        assert auditors and all(progress[m.name][0] > 0 for m in auditors), progress
        lead = next(i for i, m in enumerate(team.overview.members) if m.role == "lead")
        assert team.members.index(lead, 0).data() == team.overview.members[lead].name

        team = _team_tab(qtbot, services, with_returns or first_visit_id(services.context))
        assert team.conflict_body.isVisible() and not team.no_conflicts.isVisible()
        assert team.returns_table.isVisible() and not team.no_returns.isVisible()
        assert "answer(s) differ (Compare and decide…)" in team.side_labels[0].text()
        dialog = team.compare()
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert dialog.windowTitle().startswith("Compare the two audits of case ")
        dialog.reject()
    finally:
        services.close()
