"""The main window: first start, navigation, designed empty states, remembered geometry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from desktop_app.home import Home
from desktop_app.ui.app import open_main_window
from desktop_app.ui.first_start import FirstStartDialog
from desktop_app.ui.screens import SCREENS
from desktop_app.ui.widgets import EmptyState
from tests.helpers import run_cli_process


def _answer_first_start(choice: str, council: str = "") -> list[str]:
    seen: list[str] = []

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FirstStartDialog) and widget.isVisible():
                seen.append(widget.windowTitle())
                if choice == "demo":
                    widget.demo_button.click()
                else:
                    widget.council.setText(council)
                    widget.empty_button.click()
                return
        QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    return seen


def test_first_start_offers_demo_and_remembers_the_choice(qtbot: QtBot, home: Home) -> None:
    seen = _answer_first_start("demo")
    window, services = open_main_window(home, offer_first_start=True)
    qtbot.addWidget(window)
    assert seen == ["Welcome to Critical Friend"]
    assert window.council_label.text() == "Midthorpe Council"
    services.close()
    window.close()

    seen_again = _answer_first_start("demo")
    window2, services2 = open_main_window(home, offer_first_start=True)
    qtbot.addWidget(window2)
    assert seen_again == []  # not asked twice
    services2.close()


def test_start_empty_with_own_council(qtbot: QtBot, home: Home) -> None:
    _answer_first_start("empty", "Anyshire County Council")
    window, services = open_main_window(home, offer_first_start=True)
    qtbot.addWidget(window)
    assert window.council_label.text() == "Anyshire County Council"
    services.close()


def test_every_screen_opens_with_a_list_or_a_designed_empty_state(qtbot: QtBot, home: Home) -> None:
    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    window.show()
    for index, spec in enumerate(SCREENS):
        screen = window.show_screen(index)
        assert window.navigation.currentRow() == index
        assert screen.isVisible()
        visible_content = screen.findChildren(EmptyState) + screen.findChildren(QTableView)
        if spec.key != "settings":
            assert any(widget.isVisible() for widget in visible_content), spec.key
    services.close()


def test_keyboard_shortcut_switches_screen(qtbot: QtBot, home: Home) -> None:
    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for action in window.menuBar().actions()[1].menu().actions():
        if action.shortcut().toString() == "Ctrl+3":
            action.trigger()
    assert window.stack.currentIndex() == 2
    services.close()


def test_window_geometry_and_screen_are_remembered(qtbot: QtBot, home: Home) -> None:
    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: window.width() == 1100)
    window.show_screen(3)
    window.close()
    services.close()
    again, services2 = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(again)
    assert again.stack.currentIndex() == 3
    # The offscreen screen is only 800x600, so Qt clamps the width to the window's minimum;
    # the height and the screen show that the saved geometry was restored.
    assert again.size().height() == 700
    services2.close()


def test_smoke_test_opens_the_window_and_exits_zero(tmp_path: Path) -> None:
    home_dir = tmp_path / "smoke"
    assert run_cli_process("--home", str(home_dir), "demo").code == 0
    result = run_cli_process("--home", str(home_dir), "--smoke-test")
    assert result.code == 0, result.err


def test_screenshots_writes_one_png_per_main_screen(tmp_path: Path) -> None:
    home_dir = tmp_path / "shots-home"
    assert run_cli_process("--home", str(home_dir), "demo").code == 0
    out = tmp_path / "shots"
    result = run_cli_process("--home", str(home_dir), "screenshots", str(out))
    assert result.code == 0, result.err
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) >= len(SCREENS)
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 5000


def test_help_menu_shows_shortcuts_and_about(qtbot: QtBot, home: Home) -> None:
    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, close_dialog)
            return
        seen.append(dialog.windowTitle())
        dialog.close()

    help_menu = window.menuBar().actions()[2].menu()
    for action in help_menu.actions():
        QTimer.singleShot(0, close_dialog)
        action.trigger()
    assert seen == ["Keyboard shortcuts", "About Critical Friend"]
    services.close()


def test_list_columns_can_colour_what_must_not_be_missed(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from desktop_app.ui.widgets import Column, RowsTableModel

    model = RowsTableModel([Column("n", "At risk now", str, lambda v: "#b3261e" if v else None)])
    model.set_rows([{"n": 1}, {"n": 0}])
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
