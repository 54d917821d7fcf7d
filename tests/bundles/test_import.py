"""Import stores a verified bundle read-only, in one go, or nothing at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from desktop_app.app.context import AppContext
from desktop_app.app.records import attachment_file
from desktop_app.exchange import KeyStore, public_key_line, write_bundle
from desktop_app.exchange.bundle_write import PayloadItem
from desktop_app.exchange.export import ExportRequest, prepare_export, write_export
from desktop_app.exchange.import_bundle import ImportRefusedError, import_bundle
from desktop_app.home import Home
from desktop_app.store.database import Database, open_database
from desktop_app.store.models import Answer, ImportedBundle, Record
from desktop_app.store.repositories.records import (
    ReadOnlyRecordError,
    load_answers,
    save_answer,
)

from .content import add_content, attach_evidence
from .fake_reports import fake_report_writer

ATTACHED = b"Minutes of the Midthorpe improvement board, June 2026.\n" * 50


def _attach(database: Database, assessment_id: int) -> str:
    """Attach a file to the frozen assessment's answers (as the snapshot holds them)."""
    return attach_evidence(
        database, assessment_id, ATTACHED, name="board-minutes.txt", mime="text/plain"
    )


def _export(database: Database, out: Path, **request: Any) -> None:
    identity = KeyStore(database.home.root).create_identity(
        "Priya Lambert", "Midthorpe Council", None
    )
    prepared = prepare_export(database, ExportRequest(**request))
    write_export(database, prepared, identity, out)


@pytest.fixture
def receiver(tmp_path: Path) -> Any:
    database = open_database(Home(tmp_path / "receiver"))
    yield database
    database.close()


def test_import_stores_read_only_records_and_attachments_by_hash(
    database: Database, receiver: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("desktop_app.exchange.export.report_writer", fake_report_writer)
    stored = add_content(database, "Midthorpe Council")
    digest = _attach(database, stored.assessment_id)
    bundle = tmp_path / "with-attachment.cfbundle"
    _export(database, bundle, assessment_ids=(stored.assessment_id,))

    result = import_bundle(receiver, bundle, keep_untrusted=True)
    assert not result.trusted and not result.already_imported
    # Kept inside the received bundle (one copy), read out of it when opened.
    assert not (receiver.home.attachments / digest).exists()
    opened = attachment_file(AppContext(receiver.home, receiver), digest)
    assert opened is not None and opened.read_bytes() == ATTACHED
    with receiver.session() as session:
        (record_id,) = result.record_ids
        record = session.get(Record, record_id)
        assert record is not None and record.read_only
        answers = load_answers(session, record_id)
        assert answers["leaders_know"] == "Leaders know their services well."
        with pytest.raises(ReadOnlyRecordError):
            save_answer(session, record_id, "leaders_know", "changed", by="me")
        row = session.get(ImportedBundle, result.bundle_id)
        assert row is not None
        document = json.loads(row.document)
        assert document["assessments"][0]["local_record_id"] == record_id
        assert any(name.startswith("data/reports/assessment-") for name in _payload(row))


def _payload(row: ImportedBundle) -> list[str]:
    import zipfile

    with zipfile.ZipFile(row.stored_path) as archive:
        return [name.split("/", 1)[1] for name in archive.namelist()]


def test_a_signed_bundle_with_a_malformed_document_stores_nothing(
    receiver: Database, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    document = {
        "format": "critical-friend-bundle",
        "format_version": 1,
        "organisation": {"name": "Oxtown Borough Council"},
        "definitions": {},
        "assessments": [{"title": "No definition", "definition": "missing", "answers": {}}],
        "attachments": [],
    }
    bundle = tmp_path / "odd.cfbundle"
    write_bundle(
        bundle,
        name="odd",
        bag_info={
            "Source-Organization": "Oxtown Borough Council",
            "Bundle-Type": "self-assessment",
        },
        payload=[PayloadItem("data/bundle.json", json.dumps(document).encode())],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), "Fiona Grant, Oxtown Borough Council"),
    )
    with pytest.raises(ImportRefusedError) as refused:
        import_bundle(receiver, bundle, keep_untrusted=True)
    assert refused.value.check == "document"
    with receiver.session() as session:
        assert session.exec(select(ImportedBundle)).all() == []
        assert session.exec(select(Record)).all() == []
        assert session.exec(select(Answer)).all() == []
    assert not receiver.home.bundles.exists() or list(receiver.home.bundles.iterdir()) == []
    assert [p.name for p in receiver.home.root.iterdir() if p.name.startswith(".bundle")] == []
