"""The peer-challenge inbox: open a bundle, see a clear banner, trust the signer, read records."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.exchange import KeyStore
from desktop_app.exchange.export import ExportRequest, prepare_export, write_export
from desktop_app.home import Home
from desktop_app.store.database import Database, open_database
from desktop_app.ui.screens.challenge import PeerChallengeScreen
from desktop_app.ui.services import AppServices

from .content import add_content


@pytest.fixture
def sent_bundle(tmp_path: Path) -> Path:
    sender = open_database(Home(tmp_path / "sender"))
    try:
        stored = add_content(sender, "Oxtown Borough Council")
        identity = KeyStore(sender.home.root).create_identity(
            "Fiona Grant", "Oxtown Borough Council", None
        )
        prepared = prepare_export(
            sender,
            ExportRequest(
                assessment_ids=(stored.assessment_id,),
                visit_ids=(stored.visit_id,),
                with_reports=False,
            ),
        )
        out = tmp_path / "oxtown.cfbundle"
        write_export(sender, prepared, identity, out)
    finally:
        sender.close()
    return out


@pytest.fixture
def inbox(qtbot: QtBot, database: Database) -> Iterator[PeerChallengeScreen]:
    services = AppServices(database.home)
    screen = PeerChallengeScreen(services)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    yield screen
    services.close()


def _answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(_parent: Any, title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *_a: None))
    return asked


def _stored_count(inbox: PeerChallengeScreen, table: str) -> int:
    reader = inbox.services.context.reader()
    return int(reader.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_an_unknown_signer_is_shown_not_stored_until_trusted_then_green(
    qtbot: QtBot, inbox: PeerChallengeScreen, sent_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = inbox.services.home
    inbox.open_file(sent_bundle)
    banner = inbox.bundle_page.banner
    qtbot.waitUntil(lambda: banner.state == "unknown", timeout=10000)
    assert inbox.pages.currentIndex() == 1
    assert banner.headline.text().startswith("Not in your trust store")
    assert "unknown key" in banner.headline.text()
    assert "SHA256:" in banner.detail.text()
    assert "nothing of this bundle has been stored" in banner.detail.text()
    assert banner.trust_button.isVisible() and banner.keep_button.isVisible()
    assert inbox.bundle_page.model.rowCount() == 3  # one self-assessment and two audits
    # verified as `verify` does: no row, no record, no file in the home
    assert _stored_count(inbox, "imported_bundle") == 0
    assert _stored_count(inbox, "record") == 0
    assert _files_in(home.bundles) == [] and _files_in(home.attachments) == []
    assert not [p for p in home.root.iterdir() if p.name.startswith(".bundle-check-")]
    inbox.bundle_page.open_record(inbox.bundle_page.model.row_at(0))  # nothing to open yet
    assert inbox.bundle_page.pages.currentIndex() == 0
    assert not inbox.bundle_page.review_button.isVisible()

    asked = _answer_yes(monkeypatch)
    banner.trust_button.click()
    assert "SHA256:" in asked[0] and "Oxtown Borough Council" in asked[0]
    qtbot.waitUntil(lambda: banner.state == "trusted", timeout=10000)  # checked again, stored
    assert banner.headline.text().startswith("Signed by Fiona Grant, Oxtown Borough Council")
    assert not banner.trust_button.isVisible() and not banner.keep_button.isVisible()
    assert inbox.bundle_page.bundle["trusted"]

    inbox.bundle_page.back_button.click()
    assert inbox.pages.currentIndex() == 0
    assert inbox.model.rowCount() == 1
    assert inbox.model.row_at(0)["trusted"] is True


def test_keep_it_anyway_stores_an_unknown_signers_bundle_untrusted_then_trust_turns_it_green(
    qtbot: QtBot, inbox: PeerChallengeScreen, sent_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox.open_file(sent_bundle)
    banner = inbox.bundle_page.banner
    qtbot.waitUntil(lambda: banner.keep_button.isVisible(), timeout=10000)
    banner.keep_button.click()
    qtbot.waitUntil(lambda: bool(inbox.bundle_page.bundle), timeout=10000)
    assert _stored_count(inbox, "imported_bundle") == 1
    assert not inbox.bundle_page.bundle["trusted"]
    assert banner.state == "unknown" and "claims to be" in banner.headline.text()
    assert banner.trust_button.isVisible() and not banner.keep_button.isVisible()
    assert inbox.model.rowCount() == 1 and inbox.model.row_at(0)["trusted"] is False

    _answer_yes(monkeypatch)
    banner.trust_button.click()
    assert banner.state == "trusted"
    assert _stored_count(inbox, "imported_bundle") == 1


def test_an_altered_bundle_is_red_names_the_file_and_stores_nothing(
    qtbot: QtBot, inbox: PeerChallengeScreen, sent_bundle: Path, tmp_path: Path
) -> None:
    altered = tmp_path / "altered.cfbundle"
    with zipfile.ZipFile(sent_bundle) as source, zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("data/bundle.json"):
                content = content.replace(b"Leaders know", b"Leaders KNOW")
            target.writestr(info, content)
    inbox.open_file(altered)
    banner = inbox.bundle_page.banner
    qtbot.waitUntil(lambda: banner.state == "altered", timeout=10000)
    assert "data/bundle.json" in banner.headline.text() + banner.detail.text()
    assert "Nothing from this file was stored" in banner.detail.text()
    assert (
        inbox.services.context.reader()
        .execute("SELECT COUNT(*) FROM imported_bundle")
        .fetchone()[0]
        == 0
    )


def test_a_record_in_a_bundle_opens_read_only(
    qtbot: QtBot, inbox: PeerChallengeScreen, sent_bundle: Path
) -> None:
    from desktop_app.ui.form.form_screen import FormScreen

    inbox.open_file(sent_bundle)
    qtbot.waitUntil(lambda: inbox.bundle_page.banner.keep_button.isVisible(), timeout=10000)
    inbox.bundle_page.banner.keep_button.click()
    qtbot.waitUntil(lambda: bool(inbox.bundle_page.bundle), timeout=10000)
    inbox.bundle_page.open_record(inbox.bundle_page.model.row_at(0))
    assert inbox.bundle_page.pages.currentIndex() == 1
    (form,) = inbox.bundle_page.findChildren(FormScreen)
    assert form.isVisible()
    from desktop_app.store.models import Record

    with inbox.services.context.database.session() as session:
        record = session.get(Record, form.record_id)
        assert record is not None and record.read_only
    inbox.bundle_page.back_button.click()
    assert inbox.bundle_page.pages.currentIndex() == 0


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_dropping_a_bundle_file_opens_it_and_other_files_are_not_accepted(
    qtbot: QtBot, inbox: PeerChallengeScreen, sent_bundle: Path, tmp_path: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    def mime(path: Path) -> QMimeData:
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(path))])
        return data

    other = tmp_path / "notes.txt"
    other.write_text("not a bundle")
    copy = Qt.DropAction.CopyAction
    no_button, no_key = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    other_data, bundle_data = mime(other), mime(sent_bundle)  # events do not own their data
    refused = QDragEnterEvent(QPoint(5, 5), copy, other_data, no_button, no_key)
    inbox.dragEnterEvent(refused)
    assert not refused.isAccepted()
    welcomed = QDragEnterEvent(QPoint(5, 5), copy, bundle_data, no_button, no_key)
    inbox.dragEnterEvent(welcomed)
    assert welcomed.isAccepted()
    dropped = QDropEvent(QPointF(5, 5), copy, bundle_data, no_button, no_key)
    inbox.dropEvent(dropped)
    qtbot.waitUntil(lambda: inbox.bundle_page.banner.state == "unknown", timeout=10000)
