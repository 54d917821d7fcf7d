"""The hostile inputs that did their harm in the window: 34d (HTML in the signer's comment) and
41 (a form whose calculations double 40 times), opened in the peer-challenge screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.home import Home
from desktop_app.ui.screens.challenge import PeerChallengeScreen
from desktop_app.ui.services import AppServices

from .conftest import case


@pytest.fixture
def screen(qtbot: QtBot, receiving_home: Path) -> Iterator[PeerChallengeScreen]:
    services = AppServices(Home(receiving_home))
    shown = PeerChallengeScreen(services)
    qtbot.addWidget(shown)
    shown.resize(1100, 700)
    shown.show()
    yield shown
    services.close()


def _html_labels(widget: PeerChallengeScreen) -> list[str]:
    """Labels showing text that looks like HTML and could be read as rich text."""
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if "<" in label.text() and label.textFormat() != Qt.TextFormat.PlainText
    ]


def _keep_it_anyway(qtbot: QtBot, screen: PeerChallengeScreen) -> None:
    """The user's explicit choice to store an unknown signer's bundle (shown, not stored, till then)."""
    assert not screen.bundle_page.bundle and screen.bundle_page.preview is not None
    screen.bundle_page.banner.keep_button.click()
    qtbot.waitUntil(lambda: bool(screen.bundle_page.bundle), timeout=10000)


def test_34d_untrusted_comment_html_shows_as_plain_text_in_the_banner(
    qtbot: QtBot, screen: PeerChallengeScreen
) -> None:
    screen.open_file(case("34d-untrusted-comment-html.cfbundle"))
    banner = screen.bundle_page.banner
    qtbot.waitUntil(lambda: banner.state == "unknown", timeout=10000)
    assert banner.headline.textFormat() == Qt.TextFormat.PlainText
    assert '<a href="http://evil.example/">' in banner.headline.text()  # shown, not rendered
    assert "claims to be" in banner.headline.text()
    assert _html_labels(screen) == []
    _keep_it_anyway(qtbot, screen)
    assert _html_labels(screen) == []
    screen.bundle_page.open_record(screen.bundle_page.model.row_at(0))
    assert _html_labels(screen) == []


def test_41_form_calc_doubling_40_opens_in_the_window(
    qtbot: QtBot, screen: PeerChallengeScreen
) -> None:
    from desktop_app.ui.form.form_screen import FormScreen

    screen.open_file(case("41-form-calc-doubling-40.cfbundle"))
    qtbot.waitUntil(lambda: screen.bundle_page.banner.state == "unknown", timeout=10000)
    _keep_it_anyway(qtbot, screen)
    screen.bundle_page.open_record(screen.bundle_page.model.row_at(0))
    (form,) = screen.bundle_page.findChildren(FormScreen)
    assert form.isVisible()
    longest = max(len(label.text()) for label in form.findChildren(QLabel))
    assert longest < 200_000
