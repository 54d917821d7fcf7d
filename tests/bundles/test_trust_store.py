"""The trust store: keys trusted by fingerprint, a changed key for a known council refused."""

from __future__ import annotations

from typing import Any, TypedDict

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from desktop_app.exchange import fingerprint, public_key_line
from desktop_app.store.models import ImportedBundle, TrustedKey
from desktop_app.store.repositories.exchange import (
    DifferentBundleSameIdentifierError,
    KeyChangedError,
    find_imported,
    highest_sequence_of_key,
    next_bundle_sequence,
    record_export,
    trust_key,
    trust_verdict,
)

OXTOWN = "Oxtown Borough Council"


class KeyFields(TypedDict):
    public_line: str
    fingerprint: str
    comment: str
    organisation: str


def _key(comment: str) -> KeyFields:
    public = Ed25519PrivateKey.generate().public_key()
    return {
        "public_line": public_key_line(public, comment),
        "fingerprint": fingerprint(public),
        "comment": comment,
        "organisation": comment.partition(",")[2].strip(),
    }


def test_a_trusted_key_is_trusted_and_another_council_is_unknown(database: Any) -> None:
    fiona = _key(f"Fiona Grant, {OXTOWN}")
    with database.session() as session:
        trust_key(session, **fiona)
        assert trust_verdict(session, fiona["fingerprint"], OXTOWN).state == "trusted"
        stranger = _key("Alan Whitfield, Munbridge City Council")
        verdict = trust_verdict(session, stranger["fingerprint"], "Munbridge City Council")
        assert verdict.state == "unknown"


def test_a_changed_key_for_a_known_council_is_refused_and_recorded(database: Any) -> None:
    first, second = _key(f"Fiona Grant, {OXTOWN}"), _key(f"Kwame Mensah, {OXTOWN}")
    with database.session() as session:
        trust_key(session, **first)
        verdict = trust_verdict(session, second["fingerprint"], OXTOWN)
        assert verdict.state == "changed"
        assert verdict.known_fingerprint == first["fingerprint"]
    with pytest.raises(KeyChangedError, match="already trusted"), database.session() as session:
        trust_key(session, **second)
    with database.session() as session:
        trust_key(session, **first)  # nothing else changed; the refusal rolled back with the error
        refused = _key(f"Someone, {OXTOWN}")
        with pytest.raises(KeyChangedError):
            trust_key(session, **refused)
        row = session.exec(
            select(TrustedKey).where(TrustedKey.fingerprint == refused["fingerprint"])
        ).one()
        assert row.status == "refused"
        replaced = trust_key(session, **refused, replace=True)
        assert replaced.status == "trusted"
        assert trust_verdict(session, first["fingerprint"], OXTOWN).state == "changed"


def test_export_sequence_counts_up(database: Any) -> None:
    with database.session() as session:
        assert next_bundle_sequence(session) == 1
        record_export(
            session,
            bundle_type="self-assessment",
            what="assessment 1",
            recipients="",
            path="/tmp/x.cfbundle",
            file_sha256="0" * 64,
            external_identifier="e",
            tagmanifest_sha512="t",
            sequence=1,
        )
        assert next_bundle_sequence(session) == 2


def test_imported_bundles_are_matched_by_manifest_and_identifier(database: Any) -> None:
    with database.session() as session:
        session.add(
            ImportedBundle(
                external_identifier="id-1",
                tagmanifest_sha512="aa",
                source_organisation=OXTOWN,
                signer_fingerprint="SHA256:oxtown-laptop-1",
                sequence=4,
            )
        )
        session.flush()
        assert find_imported(session, "aa", "id-1") is not None
        assert find_imported(session, "bb", "id-2") is None
        with pytest.raises(DifferentBundleSameIdentifierError):
            find_imported(session, "cc", "id-1")
        assert highest_sequence_of_key(session, "SHA256:oxtown-laptop-1") == 4
        assert highest_sequence_of_key(session, "SHA256:another-key") is None
