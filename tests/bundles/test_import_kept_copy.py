"""An import keeps exactly the bytes it verified, and bundles written before the one-pass import
(an indented bundle.json, every entry deflated) still verify and import."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.app.bundles import open_bundle, verify_bundle
from desktop_app.app.context import AppContext
from desktop_app.app.records import attachment_file
from desktop_app.exchange import import_bundle as import_module
from desktop_app.exchange.import_bundle import ImportResult
from desktop_app.home import Home
from desktop_app.store.database import Database
from desktop_app.store.repositories.records import load_answers
from tests.exchange.bundle_surgery import flip_byte, read_entries, resign, write_entries

from .content import add_content
from .fake_reports import fake_report_writer
from .test_import import ATTACHED, _attach, _export


@pytest.fixture
def exported(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Midthorpe's self-assessment with one attachment, exported to a bundle file."""
    monkeypatch.setattr("desktop_app.exchange.export.report_writer", fake_report_writer)
    stored = add_content(database, "Midthorpe Council")
    _attach(database, stored.assessment_id)
    bundle = tmp_path / "midthorpe.cfbundle"
    _export(database, bundle, assessment_ids=(stored.assessment_id,))
    return bundle


def _tampered(bundle: Path) -> bytes:
    """The same bundle with one byte of its attachment changed (its signature no longer holds)."""
    entries = read_entries(bundle)
    (name,) = [n for n in entries if "/data/attachments/" in n]
    entries[name] = flip_byte(entries[name], 5)
    return write_entries(bundle.with_suffix(".tampered"), entries).read_bytes()


def _import(tmp_path: Path, bundle: Path) -> tuple[AppContext, ImportResult]:
    ctx = AppContext(Home(tmp_path / "oxtown"))
    result = open_bundle(ctx, bundle, keep_untrusted=True)
    assert isinstance(result, ImportResult)
    return ctx, result


@pytest.mark.parametrize("moment", ["before the check", "after the check"])
def test_the_kept_copy_is_what_was_verified_though_the_file_changes(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    verified = exported.read_bytes()
    swapped = _tampered(exported)
    real_check: Callable[..., Any] = getattr(import_module, "verify_bundle")  # noqa: B009

    def check_then_swap(path: Path, **options: Any) -> Any:
        # Another program rewrites the user's file while the import runs.
        if moment == "before the check":
            exported.write_bytes(swapped)
        checked = real_check(path, **options)
        if moment == "after the check":
            exported.write_bytes(swapped)
        return checked

    monkeypatch.setattr(import_module, "verify_bundle", check_then_swap)
    ctx, result = _import(tmp_path, exported)
    try:
        assert exported.read_bytes() == swapped  # the swap did happen
        kept = Path(_stored_path(ctx, result.bundle_id))
        assert kept.read_bytes() == verified
        monkeypatch.undo()
        assert _opened(ctx) == ATTACHED
        assert verify_bundle(ctx, kept).files == 3  # bundle.json, the report, the attachment
    finally:
        ctx.close()
    assert not [p for p in ctx.home.root.iterdir() if p.name.startswith(".bundle-check")]


def _opened(ctx: AppContext) -> bytes:
    """The attachment's bytes as the window opens them (read out of the kept bundle)."""
    path = attachment_file(ctx, hashlib.sha256(ATTACHED).hexdigest())
    assert path is not None
    return path.read_bytes()


def _stored_path(ctx: AppContext, bundle_id: int) -> str:
    row = ctx.reader().execute("SELECT stored_path FROM imported_bundle WHERE id = ?", (bundle_id,))
    return str(row.fetchone()[0])


def test_a_bundle_written_the_earlier_way_still_verifies_and_imports(
    exported: Path, tmp_path: Path
) -> None:
    # Until this change the writer indented bundle.json (indent=1) and the test helpers deflate
    # every entry, the attachment too: the reader must accept both, as any ZIP reader would.
    entries = read_entries(exported)
    (json_name,) = [n for n in entries if n.endswith("/data/bundle.json")]
    document = json.loads(entries[json_name])
    entries[json_name] = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    key = Ed25519PrivateKey.generate()
    earlier = write_entries(
        tmp_path / "earlier.cfbundle", resign(entries, key, "Priya Lambert, Midthorpe Council")
    )
    with zipfile.ZipFile(earlier) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}

    ctx, result = _import(tmp_path, earlier)
    try:
        assert verify_bundle(ctx, earlier).files == 3
        (record_id,) = result.record_ids
        with ctx.database.session() as session:
            answers = load_answers(session, record_id)
        assert answers["leaders_know"] == "Leaders know their services well."
        kept = Path(_stored_path(ctx, result.bundle_id))
        assert kept.read_bytes() == earlier.read_bytes()
        assert _opened(ctx) == ATTACHED
    finally:
        ctx.close()
