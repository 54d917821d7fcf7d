"""What visit-assignment and audit-return bundles share: their types, writing one (always signed
and encrypted) and opening one (verified, decrypted, and never trusted on the bundle's word).

These bundles carry real case references, so they never leave the council and are never written
unencrypted (DESIGN.md "Within a council"). Who signed one is decided by this laptop's records
(the visit's team, the trust store), never by the names the bundle gives.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop_app.exchange.bundle_document import DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION
from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.encryption import encrypt_file
from desktop_app.exchange.import_bundle import CheckedBundle, ImportRefusedError
from desktop_app.exchange.keys import Identity
from desktop_app.store.database import Database
from desktop_app.store.repositories.attachments import file_sha256
from desktop_app.store.repositories.exchange import next_bundle_sequence, record_export
from desktop_app.store.repositories.team_merge import AuditState
from desktop_app.store.repositories.team_sent import record_sent
from forms.answer_checks import is_attachment

AgeSecret = Callable[[], str]


class TeamBundleType(StrEnum):
    """The two bundle types that travel inside a visit's team."""

    ASSIGNMENT = "visit-assignment"
    RETURN = "audit-return"


class TeamBundleError(Exception):
    """A team bundle that cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class TeamBundleWritten:
    """A written team bundle: where, its sequence, for whom it is encrypted, what it holds."""

    path: Path
    sequence: int
    external_identifier: str
    recipients: list[str]
    audits: int


def team_document(bundle_type: TeamBundleType, organisation: str, **content: Any) -> dict[str, Any]:
    """The bundle.json of a team bundle (same envelope as every Critical Friend bundle)."""
    return {
        "format": DOCUMENT_FORMAT,
        "format_version": DOCUMENT_FORMAT_VERSION,
        "bundle_type": str(bundle_type),
        "organisation": {"name": organisation},
        **content,
    }


def attachments_of(states: Sequence[AuditState], attachments_dir: Path) -> dict[str, Path]:
    """The attachment files the states' answers name (SHA-256 → file in the home)."""
    found: dict[str, Path] = {}
    for state in states:
        for text in state.answers.values():
            value = json.loads(text)
            for item in value if isinstance(value, list) else [value]:
                if is_attachment(item):
                    digest = str(item["sha256"])
                    source = attachments_dir / digest
                    if not source.is_file():
                        raise TeamBundleError(
                            f"The file {item.get('name')!r} attached to the audit of case "
                            f"{state.case_reference} is missing from {attachments_dir}."
                        )
                    found[digest] = source
    return found


def attachment_entries(files: dict[str, Path]) -> list[dict[str, Any]]:
    """The document's list of attachments (checked by hash on import)."""
    return [
        {
            "sha256": digest,
            "name": digest,
            "path": f"data/attachments/{digest}",
            "mime": "application/octet-stream",
        }
        for digest in sorted(files)
    ]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "visit"


def write_team_bundle(
    database: Database,
    identity: Identity,
    document: dict[str, Any],
    files: dict[str, Path],
    out: Path,
    *,
    recipients: Sequence[tuple[str, str]],
    what: str,
    audits: int,
) -> TeamBundleWritten:
    """Sign ``document`` (with the attachment ``files``) and write it encrypted to ``out``.

    ``recipients`` are (name, age1… recipient); the signer can always open it too. Logged in the
    export log with its Bundle-Sequence, and under its visit's UUID (``team_sent``). Raises TeamBundleError when nobody can be encrypted for.
    """
    ages = [age for _name, age in recipients if age]
    if len(ages) != len(recipients) or not ages:
        missing = next((name for name, age in recipients if not age), "the recipient")
        raise TeamBundleError(
            f"There is no key card for {missing}, so the bundle cannot be encrypted for them; "
            "add it with 'critical-friend visits team --visit ID --add NAME --role ROLE --card FILE'."
        )
    out = Path(out)
    with database.session() as session:
        sequence = next_bundle_sequence(session)
    bundle_type = str(document["bundle_type"])
    with tempfile.TemporaryDirectory(prefix="cf-team-", dir=out.parent) as temp_name:
        signed = Path(temp_name) / "signed.cfbundle"
        payload = [
            PayloadItem(
                "data/bundle.json",
                json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
            ),
            *(
                PayloadItem(f"data/attachments/{digest}", source)
                for digest, source in sorted(files.items())
            ),
        ]
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        written = write_bundle(
            signed,
            name=f"{_slug(str(document['visit']['title']))}-{bundle_type}-{stamp}",
            bag_info={
                "Source-Organization": identity.org or str(document["organisation"]["name"]),
                "Contact-Name": identity.name,
                "Bundle-Type": bundle_type,
                "Bundle-Sequence": str(sequence),
            },
            payload=payload,
            signing_key=identity.private_key,
            signer_line=identity.public_line,
        )
        encrypt_file(signed, out, [*ages, identity.age_recipient])
    digest = file_sha256(out)
    names = [name for name, _age in recipients]
    with database.session() as session:
        record_export(
            session,
            bundle_type=bundle_type,
            what=what,
            recipients=", ".join(names),
            path=str(out.resolve()),
            file_sha256=digest,
            external_identifier=written.external_identifier,
            tagmanifest_sha512=written.sha512_of_tagmanifest,
            sequence=sequence,
        )
        record_sent(session, written.external_identifier, str(document["visit"]["uuid"]))
    return TeamBundleWritten(out, sequence, written.external_identifier, names, audits)


def team_bundle_type(checked: CheckedBundle, path: Path) -> TeamBundleType | None:
    """The team kind of a verified bundle (an assignment or an audit return), None for any
    other bundle.

    A team bundle that arrived unencrypted is refused (ImportRefusedError, check
    "not-encrypted"): these bundles carry real case references.
    """
    kind = checked.bundle.bundle_type
    if kind not in {str(known) for known in TeamBundleType}:
        return None
    if not checked.encrypted:
        raise ImportRefusedError(
            f"{path.name} is a {kind} bundle that was not encrypted; "
            "such bundles carry real case references, so it was refused and nothing was "
            "stored. Ask the sender to make it again with Critical Friend.",
            "not-encrypted",
        )
    return TeamBundleType(kind)
