"""The Qt binding keeps Python's count of references to None.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method that
returns nothing (``setText``, ``setWordWrap``, ``setStyleSheet``...). After some thousands of
calls Python frees None and the process dies ("Fatal Python error: none_dealloc"): typing about
500 characters into the Evidence box of a case-file audit did it, and so did a long test run (a
worker crashed). pyproject.toml keeps PySide6 below 6.12; this test fails on a binding with the
fault."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_that_return_nothing_keep_the_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(2000):
        label.setText(str(number))
        label.setWordWrap(number % 2 == 0)
    assert before - sys.getrefcount(None) < 100
