"""The data profile's published figures and the benchmark view, as a user sees them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.ui.services import AppServices
from tests.helpers import SHARED_DATA

DFE = SHARED_DATA / "dfe"
FILES = (
    DFE / "csww_indicators_2017_to_2025.csv",
    SHARED_DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
)

pytestmark = pytest.mark.skipif(not DFE.is_dir(), reason="the shared data folder is not here")


@pytest.fixture
def services(database: Any) -> Iterator[AppServices]:
    from desktop_app.store.repositories.organisations import ensure_organisation

    with database.session() as session:
        ensure_organisation(session, "Midthorpe Council", is_home=True)
    services = AppServices(database.home)
    yield services
    services.close()


@pytest.fixture
def profile_screen(qtbot: QtBot, services: AppServices, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The Data profile screen, its message boxes kept from opening."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.screens.data_profile import DataProfileScreen

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    screen = DataProfileScreen(services)
    qtbot.addWidget(screen)
    return screen


def test_profile_shows_published_figures_the_neighbours_figure_and_ofsted_grades(
    qtbot: QtBot, profile_screen: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    screen = profile_screen
    assert "No published figures yet" in screen.published.source.text()
    task = screen.import_published(FILES, "E09000002")
    assert task.dialog.windowTitle() == "Importing published statistics"  # with progress
    assert not screen.published_button.isEnabled()  # the window stays responsive meanwhile
    qtbot.waitUntil(lambda: bool(screen.published_outcome), timeout=60_000)
    message = screen.published_outcome
    assert message.startswith("Imported") and "Barking and Dagenham" in message
    assert screen.published_button.isEnabled()
    assert "statistical neighbours (median) of the DfE 2025 model" in screen.published.source.text()
    from PySide6.QtCore import Qt

    assert screen.model.headerData(2, Qt.Orientation.Horizontal) == "Neighbours\n(median)"
    ofsted = screen.published.ofsted
    assert ofsted.rowCount() == 11
    assert ofsted.item(0, 0).text() == "Barking and Dagenham"
    assert ofsted.item(0, 2).text() == "Req. improvement"
    screen.published.figure.setCurrentIndex(1)
    assert screen.model.headerData(2, Qt.Orientation.Horizontal) == "Neighbours\n(mean)"
    assert "(mean)" in screen.published.source.text()
    screen.published_outcome = ""
    screen.import_published((Path(__file__),), "301")
    qtbot.waitUntil(lambda: bool(screen.published_outcome), timeout=60_000)
    refused = screen.published_outcome
    assert refused == "test_published_ui.py is not a CSV file; choose the DfE's tidy CSV files."
    assert screen.last_message.icon() == QMessageBox.Icon.Warning


def test_benchmark_view_ranks_from_the_files_and_exports(
    qtbot: QtBot, services: AppServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.screens.benchmark import BenchmarkScreen

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    screen = BenchmarkScreen(services)
    qtbot.addWidget(screen)
    assert screen.stack.currentWidget() is screen.empty
    screen.files = FILES
    screen.la_code.setText("301")
    screen.rebuild()
    qtbot.waitUntil(lambda: screen.result is not None, timeout=60_000)
    assert [screen.indicator.itemText(i) for i in range(screen.indicator.count())] == [
        "Social worker turnover",
        "Agency social workers",
        "Social worker vacancy rate",
        "Average caseload per social worker",
    ]
    assert "Barking and Dagenham" in screen.context_label.text()
    first_year = screen.years_model._rows[0]
    assert first_year["period"] == "2025-26" and " of " in first_year["rank"]
    names = [row["name"] for row in screen.group_model._rows]
    assert "▶ Barking and Dagenham" in names and "Enfield" in names
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.chart.grab().width() > 0
    message = screen.export_to(tmp_path / "bench.xlsx")
    assert message.startswith("Wrote bench.xlsx")
    assert (tmp_path / "bench.xlsx").stat().st_size > 0


def test_a_visit_imports_the_annex_a_list_the_auditor_chooses(
    qtbot: QtBot, database: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from desktop_app.store.repositories.visits import case_list_rows
    from desktop_app.ui.screens.visits import VisitsScreen
    from tests.audits.builders import new_visit

    annex_a = SHARED_DATA / "annex-a" / "Annex_A-sample.xlsx"
    with database.session() as session:
        visit_id = new_visit(session)
    services = AppServices(database.home)
    screen = VisitsScreen(services)
    qtbot.addWidget(screen)
    screen.open_visit(visit_id)
    offered: list[str] = []

    def choose(parent: Any, title: str, label: str, items: list[str], *args: Any) -> Any:
        offered.extend(items)
        return next(item for item in items if item.startswith("List 7")), True

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(annex_a), ""))
    monkeypatch.setattr(QInputDialog, "getItem", choose)
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    screen._page.operations.import_case_list()
    assert "List 7: Child protection plans (cohort: child protection)" in offered
    assert not any(item.startswith("List 11") for item in offered)  # adopters, not children
    with database.session() as session:
        rows = case_list_rows(session, visit_id)
    assert len(rows) == 7 and rows[0].fields["Cohort"] == "Child protection"
    services.close()


def test_add_indicator_from_a_published_table_in_the_data_screen(
    qtbot: QtBot, services: AppServices, profile_screen: Any
) -> None:
    from PySide6.QtWidgets import QDialog

    from desktop_app.app.published_data import profile_listing
    from desktop_app.ui.assessment.published_indicator_dialog import PublishedIndicatorDialog

    screen = profile_screen
    offered = [action.text() for action in screen.add_button.menu().actions()]
    assert offered == ["Values typed in by hand…", "From a DfE published table…"]
    dialog = PublishedIndicatorDialog(services, screen)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Referrals ending in no further action")
    dialog.table.setCurrentIndex(dialog.table.findData("c1_referrals"))
    dialog.filters.setText("time_period 2025")
    dialog.add()
    assert dialog.error.text() == (
        "'time_period 2025' is not a filter like population_type=Children looked after."
    )
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.added is None
    dialog.filters.setText("")
    dialog.add()  # no measure column: one sentence, the dialog stays open
    assert dialog.error.text().startswith("Name the measure column") and dialog.added is None
    dialog.column.setText("no_further_action_percent")
    dialog.filters.setText("category=Referrals and Re-referrals")
    dialog.add()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.added is not None
    assert "no_further_action_percent" in dialog.added.source
    # the next import fills it, as for `data add-indicator` on the command line
    screen.import_published(
        (
            DFE / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            DFE / "ons_mid-year_population_estimates_2012_to_2024.csv",
        ),
        "301",
    )
    qtbot.waitUntil(lambda: bool(screen.published_outcome), timeout=60_000)
    rows = profile_listing(services.context)
    filled = [r for r in rows if r["indicator"] == dialog.added.indicator_id and r["council"]]
    assert filled, screen.published_outcome
