"""Every control a user can reach has a name a screen reader can say (its text or accessibleName)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.ui.app import open_main_window
from desktop_app.ui.screens import SCREENS

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
)


def unnamed_controls(root: QWidget) -> list[str]:
    unnamed = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue  # a table's header is read out through the table's own columns
        if not widget.isVisibleTo(root):
            continue
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else ""
        )
        if not name.strip():
            unnamed.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return unnamed


def test_main_screens_visit_audit_and_assessment_pages_name_every_control(
    qtbot: QtBot, demo_database
) -> None:  # type: ignore[no-untyped-def]
    window, services = open_main_window(demo_database.home, offer_first_start=False)
    qtbot.addWidget(window)
    window.show()
    problems: dict[str, list[str]] = {}
    for index, spec in enumerate(SCREENS):
        screen = window.show_screen(index)
        problems[spec.key] = unnamed_controls(screen)
    visits = window.show_screen_by_key("visits")
    page = visits.open_visit(int(visits.model.row_at(0)["id"]))
    problems["visit page"] = unnamed_controls(page)
    page.open_audit(page.model.row_at(0).id)
    problems["audit view"] = unnamed_controls(page)
    assessments = window.show_screen_by_key("assessments")
    assessment = assessments.open_assessment(int(assessments.model.row_at(0)["id"]))
    problems["assessment page"] = unnamed_controls(assessment)
    assert {where: found for where, found in problems.items() if found} == {}
    services.close()
