"""With published figures imported (`data import-published` of the DfE's CSVs and Ofsted's
outcomes for LA 301), the Data profile and Benchmark screens fit a 1366x768 laptop's first
window: no column heading of the Ofsted, profile or benchmark tables is cut (headings are
measured as drawn: bold and padded), nor any label, button or cell. The demo home alone has no
published figures, so tests/ui/test_fit.py does not see these tables filled."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers import SHARED_DATA

DFE = SHARED_DATA / "dfe"
# a few tables (the fit does not depend on how many indicators are filled), the population for
# rates per 10,000, and Ofsted's outcomes for the grades table
FILES = (
    DFE / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    DFE / "csww_indicators_2017_to_2025.csv",
    DFE / "ons_mid-year_population_estimates_2012_to_2024.csv",
    SHARED_DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
)

pytestmark = pytest.mark.skipif(not DFE.is_dir(), reason="the shared data folder is not here")


def test_published_screens_fit_a_1366x768_window(qtbot: QtBot, demo_database: Any) -> None:
    from desktop_app.app.published_data import ImportPublished, import_published
    from desktop_app.ui.application import ensure_application
    from desktop_app.ui.assessment.published_indicator_dialog import PublishedIndicatorDialog
    from desktop_app.ui.assessment.published_panel import ImportPublishedDialog
    from desktop_app.ui.benchmark_screenshots import wait_for_background_work
    from desktop_app.ui.fit_check import cut_texts
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.screenshots import window_size_for_screen
    from desktop_app.ui.services import AppServices

    ensure_application()  # the product's style sheet: bold, padded headings
    services = AppServices(demo_database.home)
    imported = import_published(services.context, ImportPublished(FILES, "301"))
    assert imported.la_name == "Barking and Dagenham" and imported.ofsted_outcomes > 100
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(*window_size_for_screen("1366x768"))
    window.show()
    qtbot.waitExposed(window)
    problems: list[str] = []
    for key in ("data", "benchmark"):
        screen = window.show_screen_by_key(key)
        wait_for_background_work()
        QApplication.processEvents()
        problems += [f"{key}: {cut}" for cut in cut_texts(window)]
        if key == "data":
            assert screen.published.ofsted.rowCount() == 11  # the council and 10 neighbours
        else:
            assert screen.result is not None and screen.group_model.rowCount() > 10
    for dialog in (PublishedIndicatorDialog(services, window), ImportPublishedDialog(window)):
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += [f"{dialog.windowTitle()}: {cut}" for cut in cut_texts(dialog)]
        dialog.close()
    window.close()
    services.close()
    assert not problems, "cut text with published figures at 1366x768:\n" + "\n".join(problems)
