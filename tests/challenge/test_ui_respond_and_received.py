"""Sending a signed response from the bundle page; answering a challenge we received."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.exchange import KeyStore
from desktop_app.store.models import ChallengeNote
from desktop_app.ui.challenge.received_view import ReceivedChallengeView
from desktop_app.ui.challenge.response_dialog import SendResponseDialog
from desktop_app.ui.screens.challenge import PeerChallengeScreen
from desktop_app.ui.services import AppServices

from .conftest import OXTOWN, bundle_id_of


def _trust_oxtown_with_an_encryption_key(services: AppServices, tmp_path: Path) -> None:
    from desktop_app.store.repositories.exchange import trust_key

    oxtown = KeyStore(tmp_path / "oxtown-keys").create_identity("Fiona Grant", OXTOWN, None)
    with services.context.database.session() as session:
        trust_key(
            session,
            public_line=oxtown.public_line,
            fingerprint=oxtown.fingerprint,
            organisation=OXTOWN,
            comment=f"Fiona Grant, {OXTOWN}",
            age_recipient=oxtown.age_recipient,
            replace=True,
        )


def test_send_response_writes_a_signed_encrypted_bundle_and_says_what_is_in_it(
    qtbot: QtBot,
    challenge_screen: PeerChallengeScreen,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = challenge_screen.services
    KeyStore(services.home.root).create_identity("Priya Lambert", "Midthorpe Council", None)
    _trust_oxtown_with_an_encryption_key(services, tmp_path)
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text, *_a: told.append(text))
    )
    challenge_screen.show_bundle(bundle_id_of(services, OXTOWN, "self-assessment"))
    dialog = challenge_screen.bundle_page.send_response()
    assert isinstance(dialog, SendResponseDialog)
    qtbot.waitUntil(lambda: dialog.prepared is not None, timeout=10000)
    assert dialog.encrypt.isChecked()  # encryption is on once a recipient is known
    (oxtown,) = [dialog.recipients.item(i) for i in range(dialog.recipients.count())]
    assert oxtown.checkState() == Qt.CheckState.Checked and OXTOWN in oxtown.text()
    assert "notes" in dialog.status.text()
    out = tmp_path / "response.cfbundle"
    dialog.path.setText(str(out))
    assert dialog.send_button.isEnabled()
    dialog.send()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20000)
    assert out.read_bytes().startswith(b"age-encryption.org/v1")
    assert told and str(out) in told[0] and f"Encrypted for {OXTOWN}" in told[0]
    assert "challenge on Oxtown self-assessment 2025-26" in told[0]
    logged = (
        services.context.reader()
        .execute("SELECT bundle_type, path FROM export_log ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    assert tuple(logged) == ("response", str(out))


def test_a_response_is_listed_as_such_and_opens_into_its_notes(
    challenge_screen: PeerChallengeScreen,
) -> None:
    rows = [challenge_screen.model.row_at(i) for i in range(challenge_screen.model.rowCount())]
    (response,) = [row for row in rows if row["type"] == "response"]
    assert response["title"].startswith("Response to ")
    challenge_screen.open_row(response)
    page = challenge_screen.bundle_page
    assert page.heading.text() == response["title"]
    (view,) = page.findChildren(ReceivedChallengeView)
    assert view.isVisible() and f"from {OXTOWN}" in view.heading.text()
    assert not page.respond_button.isVisible() and page.report_button.isVisible()


def test_the_owner_answers_received_notes_from_the_self_assessment_page(
    qtbot: QtBot, demo_services: AppServices
) -> None:
    from desktop_app.ui.screens.assessments import AssessmentsScreen

    screen = AssessmentsScreen(demo_services)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    (row,) = [r for r in screen.rows if r["period"] == "2025-26"]
    page = screen.open_assessment(int(row["id"]))
    received = (
        demo_services.context.reader()
        .execute(
            "SELECT COUNT(*), COUNT(accepted) FROM challenge_note WHERE direction = 'received'"
        )
        .fetchone()
    )
    assert page.challenge_button.isVisible()
    assert page.challenge_button.text() == f"Challenge received ({received[0]})"
    page.challenge_button.click()
    view = page.received
    assert view is not None and page.pages.currentWidget() is view
    assert sum(1 for card in view.cards if card.note.answered) == received[1]
    waiting = next(card for card in view.cards if not card.note.answered)
    assert waiting.controls.isVisible() and waiting.note.organisation == OXTOWN
    waiting.answer.setPlainText("Added to the plan: a step-down audit in the spring.")
    waiting.accept_button.click()
    with demo_services.context.database.session() as session:
        note = session.get(ChallengeNote, waiting.note.id)
        assert note is not None
        assert (note.accepted, note.answer) == (
            True,
            "Added to the plan: a step-down audit in the spring.",
        )
    (shown,) = [card for card in view.cards if card.note.id == waiting.note.id]
    assert shown.decision.isVisibleTo(view) and not shown.controls.isVisibleTo(view)
    assert f"{received[1] + 1} answered" in view.counts.text()
    page.back_button.click()
    assert page.pages.currentWidget() is page.form
