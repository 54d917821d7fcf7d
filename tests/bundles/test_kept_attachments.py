"""An imported bundle is kept once, as received: its attachments are not unpacked at the import
but read out of the kept bundle when the user opens one, checked against their SHA-256; a kept
bundle changed or removed afterwards gives one plain sentence and never wrong bytes; a home whose
earlier imports unpacked their attachments keeps opening those (issue 17)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_app.app.bundles import open_bundle, verify_bundle
from desktop_app.app.context import AppContext
from desktop_app.app.records import AttachmentUnavailableError, attachment_file
from desktop_app.exchange.import_bundle import ImportResult
from desktop_app.home import Home
from desktop_app.store.database import Database
from tests.exchange.bundle_surgery import flip_byte, read_entries, write_entries

from .content import add_content
from .fake_reports import fake_report_writer
from .test_import import ATTACHED, _attach, _export

DIGEST = hashlib.sha256(ATTACHED).hexdigest()


@pytest.fixture
def received(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[AppContext, ImportResult]:
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
