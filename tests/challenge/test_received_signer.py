"""A challenge received shows who signed it by the trust store: the key's fingerprint, the trust
store's name for it, and whether it is trusted now (as ``challenge list --received`` does)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.app.received import ResponseSigner, response_signer
from desktop_app.ui.challenge.received_view import ReceivedChallengeView
from desktop_app.ui.screens.challenge import PeerChallengeScreen

from .conftest import OXTOWN


def _response_view(
    screen: PeerChallengeScreen,
) -> tuple[ReceivedChallengeView, int, ResponseSigner]:
    """The demo's response opened from the list: its view, its id, its signer by the store."""
    rows = [screen.model.row_at(i) for i in range(screen.model.rowCount())]
    (response,) = [row for row in rows if row["type"] == "response"]
    screen.open_row(response)
    (view,) = screen.bundle_page.findChildren(ReceivedChallengeView)
    signer = response_signer(screen.services.context, int(response["id"]))
    assert signer is not None
    return view, int(response["id"]), signer


def _set_trust_store_entry(screen: PeerChallengeScreen, fingerprint: str, **values: str) -> None:
    with screen.services.context.database.session() as session:
        from sqlalchemy import text

        for column, value in values.items():
            session.execute(
                text(f"UPDATE trusted_key SET {column} = :v WHERE fingerprint = :f"),
                {"v": value, "f": fingerprint},
            )
        session.commit()


def _shown_again(
    qtbot: QtBot, screen: PeerChallengeScreen, bundle_id: int
) -> ReceivedChallengeView:
    """The response opened again (the earlier view is deleted once events run)."""
    screen.bundle_page.show_bundle(bundle_id)
    page = screen.bundle_page
    qtbot.waitUntil(lambda: len(page.findChildren(ReceivedChallengeView)) == 1)
    (view,) = page.findChildren(ReceivedChallengeView)
    return view


def test_a_response_from_a_trusted_key_names_the_trust_store_entry_and_fingerprint(
    challenge_screen: PeerChallengeScreen,
) -> None:
    view, _bundle_id, signer = _response_view(challenge_screen)
    assert signer.trusted and signer.organisation == OXTOWN
    assert view.signers is not None and view.signers.isVisible()
    shown = view.signers.text()
    assert shown.startswith(f"Signed by {signer.trust_store_name} · trusted")
    assert f"in your trust store for {OXTOWN}" in shown
    assert signer.fingerprint.startswith("SHA256:") and signer.fingerprint in shown
    assert view.signers.property("trusted") == "yes"


def test_a_response_whose_key_is_no_longer_trusted_says_so_plainly(
    qtbot: QtBot, challenge_screen: PeerChallengeScreen
) -> None:
    _view, bundle_id, signer = _response_view(challenge_screen)
    _set_trust_store_entry(challenge_screen, signer.fingerprint, status="refused")
    view = _shown_again(qtbot, challenge_screen, bundle_id)
    assert view.signers is not None
    shown = view.signers.text()
    assert shown.startswith(f"NOT TRUSTED: signed by key {signer.fingerprint}")
    assert "only a claim" in shown and "· trusted" not in shown
    assert view.signers.property("trusted") == "no"


def test_the_signer_line_is_plain_text_even_when_the_trust_store_name_looks_like_html(
    qtbot: QtBot, challenge_screen: PeerChallengeScreen
) -> None:
    _view, bundle_id, signer = _response_view(challenge_screen)
    hostile = '<a href="http://evil.example/">Fiona</a><img src="file:///etc/passwd">'
    _set_trust_store_entry(challenge_screen, signer.fingerprint, comment=hostile)
    view = _shown_again(qtbot, challenge_screen, bundle_id)
    assert view.signers is not None and hostile in view.signers.text()
    rich = [
        label.text()
        for label in view.findChildren(QLabel)
        if "<" in label.text() and label.textFormat() != Qt.TextFormat.PlainText
    ]
    assert rich == []
