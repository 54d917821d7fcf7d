"""Keys & settings signing cards and the export wizard, as a user drives them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.app.changes import Changed
from desktop_app.exchange import KeyStore
from desktop_app.store.database import Database
from desktop_app.ui.exchange.export_wizard import ExportWizard
from desktop_app.ui.exchange.identity_dialogs import CreateIdentityDialog
from desktop_app.ui.exchange.keys_cards import IdentityCard, TrustedKeysCard
from desktop_app.ui.exchange.trust_flow import trust_card
from desktop_app.ui.screens.settings import SettingsScreen
from desktop_app.ui.services import AppServices

from .content import add_content


@pytest.fixture
def services(database: Database) -> Iterator[AppServices]:
    services = AppServices(database.home)
    yield services
    services.close()


def test_passphrase_is_asked_only_when_no_keyring_can_keep_the_key(qtbot: QtBot) -> None:
    with_keyring = CreateIdentityDialog(True, "keyring (Memory)", "Midthorpe Council")
    qtbot.addWidget(with_keyring)
    with_keyring.name.setText("Priya Lambert")
    assert with_keyring.problem_text() == ""
    assert with_keyring.values() == ("Priya Lambert", "Midthorpe Council", None)

    without = CreateIdentityDialog(
        False, "no password store was found on this computer", "Midthorpe Council"
    )
    qtbot.addWidget(without)
    notes = [label.text() for label in without.findChildren(type(without.problem))]
    assert any(
        "No password store can keep your private key (no password store was found" in text
        for text in notes
    )
    assert not any("Keyring" in text or "backend" in text for text in notes)  # no jargon
    without.name.setText("Priya Lambert")
    without.passphrase.setText("short")
    assert "at least" in without.problem_text()
    without.passphrase.setText("a long passphrase")
    without.again.setText("a different one")
    assert without.problem_text() == "The two passphrases differ."
    without.again.setText("a long passphrase")
    assert without.values()[2] == "a long passphrase"


def test_settings_show_the_fingerprint_and_the_trusted_peer(
    qtbot: QtBot, services: AppServices
) -> None:
    from desktop_app.exchange import parse_key_card
    from desktop_app.exchange.key_card import key_card

    screen = SettingsScreen(services)
    qtbot.addWidget(screen)
    (card,) = screen.findChildren(IdentityCard)
    assert card.identity is None and card.create_button.text() == "Create signing identity…"
    identity = KeyStore(services.home.root).create_identity("Priya Lambert", "Midthorpe", None)
    peer = KeyStore(services.home.root / "peer").create_identity(
        "Fiona Grant", "Oxtown Borough Council", None
    )
    asked: list[str] = []

    def ask(_title: str, text: str) -> bool:
        asked.append(text)
        return True

    trusted = trust_card(services, parse_key_card(key_card(peer)), ask, lambda _t, _x: None)
    assert trusted and peer.fingerprint in asked[0]
    services.announce(Changed.KEYS)
    card = screen.findChildren(IdentityCard)[-1]
    assert card.fingerprint_label.text() == identity.fingerprint
    keys = screen.findChildren(TrustedKeysCard)[-1]
    assert keys.model.row_at(0)["fingerprint"] == peer.fingerprint


def test_a_changed_key_is_refused_unless_replacement_is_confirmed(services: AppServices) -> None:
    from desktop_app.exchange import parse_key_card
    from desktop_app.exchange.key_card import key_card

    first = KeyStore(services.home.root / "a").create_identity("Fiona Grant", "Oxtown", None)
    second = KeyStore(services.home.root / "b").create_identity("Fiona Grant", "Oxtown", None)
    answers = iter([True, True, False])
    questions: list[str] = []

    def ask(_title: str, text: str) -> bool:
        questions.append(text)
        return next(answers)

    assert trust_card(services, parse_key_card(key_card(first)), ask, lambda *_a: None)
    assert not trust_card(services, parse_key_card(key_card(second)), ask, lambda *_a: None)
    assert "Refused" in questions[-1] and first.fingerprint in questions[-1]
    rows = (
        services.context.reader().execute("SELECT fingerprint, status FROM trusted_key").fetchall()
    )
    assert {(row[0], row[1]) for row in rows} == {
        (first.fingerprint, "trusted"),
        (second.fingerprint, "refused"),
    }


def test_export_wizard_removes_flagged_text_and_writes_a_signed_bundle(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = add_content(database, "Midthorpe Council")
    KeyStore(database.home.root).create_identity("Priya Lambert", "Midthorpe Council", None)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text, *_a: shown.append(text))
    )
    wizard = ExportWizard(services)
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.choose.isComplete()
    visits = wizard.choose.visits
    visits.item(0).setCheckState(Qt.CheckState.Checked)
    assert visits.item(0).data(Qt.ItemDataRole.UserRole) == stored.visit_id
    assert wizard.choose.isComplete()
    wizard.next()
    wizard.privacy.case_notes.setChecked(True)
    wizard.next()
    qtbot.waitUntil(wizard.checks.isComplete, timeout=10000)
    findings = [
        wizard.checks.findings.item(i).text() for i in range(wizard.checks.findings.count())
    ]
    assert len(findings) == 2  # the audit's rationale and the moderator's, both opted in
    assert all("NHS number" in text for text in findings)
    wizard.next()
    out = tmp_path / "midthorpe.cfbundle"
    wizard.save.path.setText(str(out))
    assert wizard.save.isComplete()
    assert "2 item(s) removed" in wizard.save.summary.text()
    wizard.save.start_export()
    qtbot.waitUntil(lambda: wizard.save.result is not None, timeout=10000)
    assert out.exists() and shown and "SHA-256" in shown[0]
    with zipfile.ZipFile(out) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("data/bundle.json")]
        text = archive.read(name).decode()
    assert "943 476 5919" not in text and "[removed before export]" in text


def test_the_signing_identity_is_made_inside_the_export_wizard_without_losing_the_choices(
    qtbot: QtBot,
    services: AppServices,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = add_content(database, "Midthorpe Council")
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, _text, *_a: None))

    def fill_in(dialog: CreateIdentityDialog) -> int:
        dialog.name.setText("Priya Lambert")
        return CreateIdentityDialog.DialogCode.Accepted.value

    monkeypatch.setattr(CreateIdentityDialog, "exec", fill_in)
    wizard = ExportWizard(services)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose.visits.item(0).setCheckState(Qt.CheckState.Checked)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.checks.isComplete, timeout=10000)
    wizard.next()
    out = tmp_path / "midthorpe.cfbundle"
    wizard.save.path.setText(str(out))
    assert wizard.save.identity_button.isVisible()
    assert not wizard.save.isComplete()  # nothing to sign with yet
    wizard.save.make_identity()
    # the key file is written before the page hears that it is made: wait for both
    qtbot.waitUntil(
        lambda: wizard.save.isComplete() and not wizard.save.identity_button.isVisible(),
        timeout=20000,
    )
    assert wizard.currentPage() is wizard.save  # the choices made so far are kept
    wizard.save.start_export()
    qtbot.waitUntil(lambda: wizard.save.result is not None, timeout=20000)
    assert out.exists()
    assert KeyStore(database.home.root).load_identity(lambda: "") is not None
    assert stored.visit_id == wizard.choose.visits.item(0).data(Qt.ItemDataRole.UserRole)
