"""Small helpers for driving a form screen the way a user does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from desktop_app.store.database import Database
from desktop_app.store.repositories.records import load_answers
from desktop_app.ui.form import FormScreen
from desktop_app.ui.services import AppServices


def open_form(qtbot: QtBot, services: AppServices, record_id: int, **options: Any) -> FormScreen:
    screen = FormScreen(services, record_id, **options)
    qtbot.addWidget(screen)
    screen.resize(1100, 800)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def stored(database: Database, record_id: int) -> dict[str, Any]:
    with database.session() as session:
        return load_answers(session, record_id)


def wait_saved(qtbot: QtBot, screen: FormScreen) -> None:
    qtbot.waitUntil(lambda: screen.header.indicator.text().startswith("Saved "), timeout=3000)


def click_option(qtbot: QtBot, screen: FormScreen, question_id: str, label: str) -> None:
    """Click the radio button with this label in a question's row."""
    row = screen.row(question_id)
    buttons = [button for button in row.findChildren(QRadioButton) if button.text() == label]
    assert buttons, f"no option '{label}' in {question_id}"
    button = buttons[0]
    on_the_circle = QPoint(8, button.height() // 2)  # where a user clicks a radio button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=on_the_circle)


def activate(qtbot: QtBot, screen: FormScreen) -> None:
    """Make the form the active window, so it has the keyboard focus."""
    with qtbot.waitActive(screen):
        screen.activateWindow()
