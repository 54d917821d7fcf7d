"""An imported bundle is kept once, as received: its attachments are not unpacked at the import
but read out of the kept bundle when the user opens one, checked against their SHA-256; a kept
bundle changed or removed afterwards gives one plain sentence and never wrong bytes; a home whose
earlier imports unpacked their attachments keeps opening those (issue 17)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.app.bundles import open_bundle, verify_bundle
from desktop_app.app.context import AppContext
from desktop_app.app.records import AttachmentUnavailableError, attachment_file
from desktop_app.exchange.import_bundle import ImportResult
from desktop_app.home import Home
from desktop_app.store.database import Database
from desktop_app.ui.form.attachment_editor import AttachmentEditor
from desktop_app.ui.services import AppServices
from tests.exchange.bundle_surgery import flip_byte, read_entries, write_entries
from tests.form_screen.helpers import open_form

from .content import add_content
from .fake_reports import fake_report_writer
from .test_import import ATTACHED, _attach, _export

DIGEST = hashlib.sha256(ATTACHED).hexdigest()


@pytest.fixture
def received(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AppContext, ImportResult]]:
    """Oxtown's home after importing Midthorpe's self-assessment, which carries one attachment."""
    monkeypatch.setattr("desktop_app.exchange.export.report_writer", fake_report_writer)
    stored = add_content(database, "Midthorpe Council")
    _attach(database, stored.assessment_id)
    bundle = tmp_path / "midthorpe.cfbundle"
    _export(database, bundle, assessment_ids=(stored.assessment_id,))
    ctx = AppContext(Home(tmp_path / "oxtown"))
    result = open_bundle(ctx, bundle, keep_untrusted=True)
    assert isinstance(result, ImportResult)
    yield ctx, result
    ctx.close()


def _kept(ctx: AppContext, result: ImportResult) -> Path:
    row = ctx.reader().execute(
        "SELECT stored_path FROM imported_bundle WHERE id = ?", (result.bundle_id,)
    )
    return Path(row.fetchone()[0])


def _alter_attachment(kept: Path) -> None:
    """Another program changes one byte of the attachment inside the kept bundle."""
    entries = read_entries(kept)
    (name,) = [n for n in entries if n.endswith(f"/data/attachments/{DIGEST}")]
    entries[name] = flip_byte(entries[name], 7)
    write_entries(kept, entries)


def _visible_files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_import_keeps_one_copy_and_the_attachment_opens_with_its_bytes(
    received: tuple[AppContext, ImportResult],
) -> None:
    ctx, result = received
    kept = _kept(ctx, result)
    assert _visible_files(ctx.home.attachments) == []  # nothing unpacked at the import
    opened = attachment_file(ctx, DIGEST)
    assert opened is not None and opened.read_bytes() == ATTACHED
    assert attachment_file(ctx, DIGEST) == opened  # the second time, as it is
    assert _visible_files(ctx.home.attachments) == [opened]  # no part file left
    assert verify_bundle(ctx, kept).files == 3  # the kept bundle still verifies
    assert attachment_file(ctx, "ab" * 32) is None  # content nobody sent


def test_a_kept_bundle_changed_after_the_import_gives_a_sentence_never_wrong_bytes(
    received: tuple[AppContext, ImportResult],
) -> None:
    ctx, result = received
    _alter_attachment(_kept(ctx, result))
    with pytest.raises(AttachmentUnavailableError) as refused:
        attachment_file(ctx, DIGEST)
    message = refused.value.message
    assert "'board-minutes.txt' cannot be opened" in message
    assert "has been changed since it was imported" in message
    assert "Import the bundle again" in message
    assert "Traceback" not in message and "\n" not in message
    assert _visible_files(ctx.home.attachments) == []  # no wrong bytes, no part file


def test_a_removed_or_unreadable_kept_bundle_gives_a_sentence(
    received: tuple[AppContext, ImportResult],
) -> None:
    ctx, result = received
    kept = _kept(ctx, result)
    kept.write_bytes(b"not a zip any more")
    with pytest.raises(AttachmentUnavailableError, match="has been changed since it was imported"):
        attachment_file(ctx, DIGEST)
    kept.unlink()
    with pytest.raises(AttachmentUnavailableError, match="is missing; import that bundle again"):
        attachment_file(ctx, DIGEST)
    assert _visible_files(ctx.home.attachments) == []


def test_an_older_home_whose_import_unpacked_the_attachment_keeps_opening_it(
    received: tuple[AppContext, ImportResult],
) -> None:
    ctx, result = received
    # Imports before issue 17 unpacked every attachment into attachments/ by its SHA-256.
    ctx.home.attachments.mkdir(parents=True, exist_ok=True)
    unpacked = ctx.home.attachments / DIGEST
    unpacked.write_bytes(ATTACHED)
    _alter_attachment(_kept(ctx, result))  # its kept bundle is not read for it
    assert attachment_file(ctx, DIGEST) == unpacked
    assert unpacked.read_bytes() == ATTACHED


def test_the_window_opens_an_imported_attachment_or_says_why_not(
    qtbot: QtBot,
    received: tuple[AppContext, ImportResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx, result = received
    (record_id,) = result.record_ids
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    services = AppServices(ctx.home)
    try:
        screen = open_form(qtbot, services, record_id)  # an imported record: read-only
        row = screen.row("leaders_evidence")
        assert row.editor is None and isinstance(row.viewer, AttachmentEditor)
        files = row.viewer
        assert not files.add_button.isVisibleTo(files)  # nothing to add or remove here
        assert not files.remove_button.isVisibleTo(files)
        assert files.list.item(0).text().startswith("board-minutes.txt")
        files.list.setCurrentRow(0)
        QTest.mouseClick(files.open_button, Qt.MouseButton.LeftButton)
        assert [Path(url.toLocalFile()).read_bytes() for url in opened] == [ATTACHED]
        assert warnings == []

        Path(opened[0].toLocalFile()).unlink()  # as a home that has not opened it yet
        _alter_attachment(_kept(ctx, result))
        QTest.mouseClick(files.open_button, Qt.MouseButton.LeftButton)
        assert len(opened) == 1  # nothing more handed to another program
        (warning,) = warnings
        assert "has been changed since it was imported" in warning
    finally:
        services.close()
