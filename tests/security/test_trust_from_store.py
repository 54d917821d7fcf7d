"""Who sent a bundle comes from the trust store; claims are refused or marked; responses are ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from desktop_app.exchange.import_bundle import (
    ImportRefusedError,
    checked_bundle,
    import_bundle,
)
from desktop_app.exchange.sshsig import fingerprint
from desktop_app.store.database import Database
from desktop_app.store.models import ChallengeNote, ImportedBundle
from desktop_app.store.repositories.exchange import record_export, remove_key
from tests.helpers import run_cli

from .builders import MUNBRIDGE, OXTOWN, document, signed_bundle, trust


@pytest.fixture
def oxtown_key(database: Database) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    with database.session() as session:
        trust(session, key, OXTOWN)
    return key


def _refused(database: Database, bundle: Path) -> ImportRefusedError:
    with pytest.raises(ImportRefusedError) as refused:
        import_bundle(database, bundle, keep_untrusted=True)
    with database.session() as session:
        assert session.exec(select(ImportedBundle)).all() == []
    return refused.value


def test_a_trusted_key_whose_bundle_json_names_another_council_is_refused(
    database: Database, oxtown_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    bundle = signed_bundle(
        tmp_path / "b.cfbundle", oxtown_key, content=document(organisation=MUNBRIDGE)
    )
    error = _refused(database, bundle)
    assert error.check == "claim-mismatch"
    assert "organisation in bundle.json" in error.message and MUNBRIDGE in error.message


def test_claims_that_agree_apart_from_case_and_spacing_are_accepted(
    database: Database, oxtown_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    bundle = signed_bundle(
        tmp_path / "b.cfbundle",
        oxtown_key,
        source="oxtown   borough COUNCIL",
        comment="F, The Oxtown Borough Council",
    )
    result = import_bundle(database, bundle)
    assert result.trusted and result.organisation == OXTOWN


def test_an_unknown_key_shows_its_claim_only_as_a_claim_until_trusted(
    database: Database, tmp_path: Path
) -> None:
    key = Ed25519PrivateKey.generate()
    bundle = signed_bundle(tmp_path / "b.cfbundle", key, comment="Mo, Munbridge City Council")
    with checked_bundle(database, bundle) as checked:
        assert checked.verdict.state == "unknown"
        assert checked.organisation == "Unknown signer (claims “Munbridge City Council”)"
        assert checked.claimed_organisation == MUNBRIDGE
    refused = _refused_unknown(database, bundle)
    assert refused.check == "unknown-signer"
    result = import_bundle(database, bundle, keep_untrusted=True)
    assert not result.trusted and result.organisation.startswith("Unknown signer (claims")
    with database.session() as session:
        trust(session, key, OXTOWN)  # the user compared the fingerprint: it is Oxtown's key
        row = session.get(ImportedBundle, result.bundle_id)
        assert row is not None and row.trusted and row.source_organisation == OXTOWN
        remove_key(session, fingerprint(key.public_key()))
        row = session.get(ImportedBundle, result.bundle_id)
        assert row is not None and not row.trusted and row.source_organisation == "Unknown signer"


def _refused_unknown(database: Database, bundle: Path) -> ImportRefusedError:
    with pytest.raises(ImportRefusedError) as refused:
        import_bundle(database, bundle)
    with database.session() as session:
        assert session.exec(select(ImportedBundle)).all() == []
    assert not database.home.bundles.exists() or not any(database.home.bundles.iterdir())
    assert not database.home.attachments.exists() or not any(database.home.attachments.iterdir())
    return refused.value


def test_older_bundle_is_flagged_per_key_whatever_the_comment_says(
    database: Database, oxtown_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    newer = signed_bundle(tmp_path / "newer.cfbundle", oxtown_key, sequence=5)
    assert not import_bundle(database, newer).flagged_older
    older = signed_bundle(
        tmp_path / "older.cfbundle",
        oxtown_key,
        sequence=3,
        comment=f"Fiona Grant (laptop 2), {OXTOWN}",
    )
    result = import_bundle(database, older)
    assert result.flagged_older


def test_a_key_claiming_a_council_trusted_with_another_key_is_refused_as_changed(
    database: Database, oxtown_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    mallory = Ed25519PrivateKey.generate()
    error = _refused(database, signed_bundle(tmp_path / "m.cfbundle", mallory))
    assert error.check == "key-changed"


def _our_export(database: Database, tagmanifest: str, recipients: str = "") -> None:
    with database.session() as session:
        record_export(
            session,
            bundle_type="self-assessment",
            what="Self-assessment 2026-27",
            recipients=recipients,
            path="/tmp/ours.cfbundle",
            file_sha256="0" * 64,
            external_identifier="6f1c1c0e-9d5e-4a43-9a0e-9f0d8c1b2a3c",
            tagmanifest_sha512=tagmanifest,
            sequence=1,
        )


def _response(
    tmp_path: Path, key: Ed25519PrivateKey, answered: str, organisation: str = OXTOWN
) -> Path:
    content = document(
        organisation=organisation,
        records=0,
        bundle_type="response",
        in_response_to={"tagmanifest_sha512": answered, "title": "Self-assessment 2026-27"},
        challenge=[{"section_id": "one", "text": "How do you know?", "rag": "amber"}],
    )
    return signed_bundle(
        tmp_path / f"response-{organisation[:3]}.cfbundle",
        key,
        comment=f"Fiona Grant, {organisation}",
        source=organisation,
        content=content,
        bundle_type="response",
        in_response_to=answered,
    )


def test_a_response_to_our_bundle_from_its_trusted_council_is_accepted_with_its_signer(
    database: Database,
    oxtown_key: Ed25519PrivateKey,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ours = "ab" * 64
    _our_export(database, ours, recipients=f"Fiona Grant, {OXTOWN}")
    result = import_bundle(database, _response(tmp_path, oxtown_key, ours))
    assert result.trusted
    with database.session() as session:
        (note,) = session.exec(select(ChallengeNote)).all()
        assert note.organisation == OXTOWN and note.direction == "received"
    listed = run_cli(
        capsys, "--home", str(database.home.root), "challenge", "list", "--received", "--json"
    )
    (row,) = json.loads(listed.out)
    assert row["organisation"] == OXTOWN and row["signer_trusted"] is True
    assert row["signer_fingerprint"] == fingerprint(oxtown_key.public_key())


def test_a_response_to_a_bundle_we_never_sent_is_refused(
    database: Database, oxtown_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    _our_export(database, "ab" * 64)
    error = _refused(database, _response(tmp_path, oxtown_key, "cd" * 64))
    assert error.check == "response-not-ours"


def test_a_response_from_an_untrusted_key_is_refused_even_to_our_bundle(
    database: Database, tmp_path: Path
) -> None:
    ours = "ab" * 64
    _our_export(database, ours)
    error = _refused(database, _response(tmp_path, Ed25519PrivateKey.generate(), ours, MUNBRIDGE))
    assert error.check == "response-untrusted"


def test_a_response_from_a_council_our_bundle_did_not_go_to_is_refused(
    database: Database, tmp_path: Path
) -> None:
    ours = "ab" * 64
    _our_export(database, ours, recipients=f"Fiona Grant, {OXTOWN}")
    munbridge = Ed25519PrivateKey.generate()
    with database.session() as session:
        trust(session, munbridge, MUNBRIDGE)
    error = _refused(database, _response(tmp_path, munbridge, ours, MUNBRIDGE))
    assert error.check == "response-wrong-council"
