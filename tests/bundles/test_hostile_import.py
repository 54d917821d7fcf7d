"""Hostile bundles given to import: each refused with a clear message, nothing stored or written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from desktop_app.exchange import BundleError, KeyStore
from desktop_app.exchange.export import ExportRequest, prepare_export, write_export
from desktop_app.exchange.import_bundle import ImportRefusedError, import_bundle
from desktop_app.home import Home
from desktop_app.store.database import Database, open_database
from desktop_app.store.models import ImportedBundle, Record, TrustedKey
from desktop_app.store.repositories.exchange import trust_key
from tests.exchange.bundle_surgery import read_entries, resign, write_entries

from .content import add_content

OXTOWN = "Oxtown Borough Council"


@pytest.fixture
def genuine(tmp_path: Path) -> tuple[Path, str, str]:
    """A real bundle from Oxtown, with its signer's public line and fingerprint."""
    sender = open_database(Home(tmp_path / "sender"))
    try:
        stored = add_content(sender, OXTOWN)
        identity = KeyStore(sender.home.root).create_identity("Fiona Grant", OXTOWN, None)
        prepared = prepare_export(
            sender, ExportRequest(assessment_ids=(stored.assessment_id,), with_reports=False)
        )
        out = tmp_path / "genuine.cfbundle"
        write_export(sender, prepared, identity, out)
    finally:
        sender.close()
    return out, identity.public_line, identity.fingerprint


def _top(entries: dict[str, bytes]) -> str:
    return next(iter(entries)).split("/", 1)[0]


def _zip_slip(entries: dict[str, bytes]) -> dict[str, bytes]:
    return {**entries, f"{_top(entries)}/../../evil.txt": b"owned"}


def _symlink_like_extra(entries: dict[str, bytes]) -> dict[str, bytes]:
    return {**entries, f"{_top(entries)}/data/extra.txt": b"not in any manifest"}


def _altered_payload(entries: dict[str, bytes]) -> dict[str, bytes]:
    name = f"{_top(entries)}/data/bundle.json"
    return {**entries, name: entries[name].replace(b"Leaders know", b"Leaders KNOW")}


def _resigned_by_mallory(entries: dict[str, bytes]) -> dict[str, bytes]:
    name = f"{_top(entries)}/data/bundle.json"
    forged = {**entries, name: entries[name].replace(b"good", b"outstanding")}
    return resign(forged, Ed25519PrivateKey.generate(), f"Fiona Grant, {OXTOWN}")


HOSTILE: dict[str, tuple[Callable[[dict[str, bytes]], dict[str, bytes]], str]] = {
    "zip-slip": (_zip_slip, "unsafe-path"),
    "unlisted file": (_symlink_like_extra, "unlisted-file"),
    "altered payload": (_altered_payload, "payload-hash"),
    "re-signed by an unknown key for a trusted council": (_resigned_by_mallory, "key-changed"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundle_is_refused_and_nothing_is_stored(
    case: str, genuine: tuple[Path, str, str], database: Database, tmp_path: Path
) -> None:
    path, line, print_ = genuine
    with database.session() as session:
        trust_key(session, public_line=line, fingerprint=print_, organisation=OXTOWN)
    mutate, check = HOSTILE[case]
    hostile = write_entries(tmp_path / "hostile.cfbundle", mutate(read_entries(path)))
    with pytest.raises((BundleError, ImportRefusedError)) as refused:
        import_bundle(database, hostile)
    error = refused.value
    assert isinstance(error, BundleError | ImportRefusedError)
    assert error.check == check and error.message
    with database.session() as session:
        assert session.exec(select(ImportedBundle)).all() == []
        assert session.exec(select(Record)).all() == []
        statuses = {row.status for row in session.exec(select(TrustedKey))}
    assert statuses == ({"trusted", "refused"} if check == "key-changed" else {"trusted"})
    assert not (tmp_path / "evil.txt").exists()
    assert list(database.home.attachments.iterdir()) == []
    assert [p.name for p in database.home.root.iterdir() if p.name.startswith(".bundle")] == []


def test_a_truncated_bundle_is_refused(genuine: tuple[Path, str, str], database: Database) -> None:
    path, _line, _print = genuine
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(BundleError) as refused:
        import_bundle(database, path)
    assert refused.value.check == "not-a-zip"
