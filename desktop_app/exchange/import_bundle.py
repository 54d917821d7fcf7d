"""Verifying a bundle against the trust store, and importing it read-only.

Every check of `open_bundle` runs first, in a temporary folder; then the signer is looked up by
fingerprint. Import stores everything in one transaction (the bundle row, read-only records with
the form definitions they carry, attachments copied in by hash) or nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop_app.exchange.bundle_document import DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION
from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import VerifiedBundle, open_bundle
from desktop_app.exchange.encryption import EncryptionError, decrypt_file, is_age_file
from desktop_app.exchange.key_card import KeyCard
from desktop_app.exchange.sshsig import public_key_line
from desktop_app.store.database import Database
from desktop_app.store.models import Answer, Attachment, ImportedBundle
from desktop_app.store.repositories.exchange import (
    DifferentBundleSameIdentifierError,
    TrustVerdict,
    find_imported,
    highest_sequence_from,
    organisation_from_comment,
    record_refused_key,
    trust_verdict,
)
from desktop_app.store.repositories.records import canonical_json, create_record
from forms import FormDefinition, TemplateError

AgeSecret = Callable[[], str]
ProgressReport = Callable[[int, int, str], None]


class ImportRefusedError(Exception):
    """The bundle was not stored; `check` is a short stable word for why."""

    def __init__(self, message: str, check: str, path_in_bundle: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.check = check
        self.path_in_bundle = path_in_bundle


@dataclass(frozen=True)
class CheckedBundle:
    """A verified bundle (unpacked under a temporary folder) and what the trust store says."""

    bundle: VerifiedBundle
    verdict: TrustVerdict
    organisation: str
    signer_name: str
    encrypted: bool


@dataclass(frozen=True)
class ImportResult:
    bundle_id: int
    already_imported: bool
    trusted: bool
    flagged_older: bool
    organisation: str
    signer_comment: str
    fingerprint: str
    title: str
    record_ids: list[int] = field(default_factory=list)


@contextmanager
def checked_bundle(
    database: Database,
    path: Path,
    *,
    age_secret: AgeSecret | None = None,
    pubkey: KeyCard | None = None,
) -> Iterator[CheckedBundle]:
    """Verify `path` (decrypting it first when it is age-encrypted) inside a temporary folder.

    With `pubkey`, the bundle must be signed by that key (and counts as trusted if it is).
    Raises BundleError, or ImportRefusedError for encryption problems and a wrong signer.
    """
    path = Path(path)
    database.home.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".bundle-check-", dir=database.home.root) as temp:
        workdir = Path(temp)
        source, encrypted = _decrypted(path, workdir, age_secret)
        bundle = open_bundle(source, workdir)
        organisation = organisation_from_comment(bundle.signer_comment) or bundle.bag_info.get(
            "Source-Organization", ""
        )
        if pubkey is not None:
            if pubkey.fingerprint != bundle.fingerprint:
                raise ImportRefusedError(
                    f"This bundle is signed by {bundle.fingerprint}, not by the key you gave "
                    f"({pubkey.fingerprint}).",
                    "wrong-signer",
                    "tagmanifest-sha512.txt.sig",
                )
            verdict = TrustVerdict("trusted", organisation, bundle.fingerprint)
        else:
            with database.session() as session:
                verdict = trust_verdict(session, bundle.fingerprint, organisation)
        name = bundle.signer_comment.partition(",")[0].strip()
        yield CheckedBundle(bundle, verdict, organisation, name, encrypted)


def _decrypted(path: Path, workdir: Path, age_secret: AgeSecret | None) -> tuple[Path, bool]:
    try:
        encrypted = is_age_file(path)
    except OSError as error:
        raise ImportRefusedError(
            f"{path.name} cannot be read ({error.strerror}).", "unreadable"
        ) from None
    if not encrypted:
        return path, False
    if age_secret is None:
        raise ImportRefusedError(
            f"{path.name} is encrypted; create your signing identity (which holds your "
            "decryption key) and ask the sender to encrypt for your key card.",
            "encrypted",
        )
    target = workdir / "decrypted.cfbundle"
    try:
        decrypt_file(path, target, age_secret())
    except EncryptionError as error:
        raise ImportRefusedError(str(error), "encryption") from None
    return target, True


def import_bundle(
    database: Database,
    path: Path,
    *,
    age_secret: AgeSecret | None = None,
    progress: ProgressReport | None = None,
) -> ImportResult:
    """Verify and store the bundle read-only. The same bundle twice changes nothing.

    A changed key for a known council is refused (and the key recorded as refused); a bundle from
    an unknown signer is stored, marked not trusted, until the user trusts the key.
    """
    report: ProgressReport = progress or (lambda _done, _total, _text: None)
    report(0, 3, "Checking the signature and every file…")
    with checked_bundle(database, path, age_secret=age_secret) as checked:
        bundle = checked.bundle
        if checked.verdict.state == "changed":
            with database.session() as session:
                record_refused_key(
                    session,
                    public_line=public_key_line(bundle.signer_public_key, bundle.signer_comment),
                    fingerprint=bundle.fingerprint,
                    organisation=checked.organisation,
                    comment=bundle.signer_comment,
                )
            raise ImportRefusedError(
                f"{checked.organisation} is trusted with a different key "
                f"({checked.verdict.known_fingerprint}) but this bundle is signed by "
                f"{bundle.fingerprint}. It was refused. Ask {checked.organisation} whether they "
                "changed their key; only then replace it in Keys & settings.",
                "key-changed",
            )
        report(1, 3, "Storing the bundle…")
        result = _store(database, Path(path), checked)
    report(3, 3, "Done")
    return result


def _store(database: Database, original: Path, checked: CheckedBundle) -> ImportResult:
    bundle = checked.bundle
    trusted = checked.verdict.state == "trusted"
    copied: list[Path] = []
    try:
        with database.session() as session:
            try:
                existing = find_imported(
                    session, bundle.tagmanifest_sha512, bundle.external_identifier
                )
            except DifferentBundleSameIdentifierError as error:
                raise ImportRefusedError(str(error), "duplicate-identifier") from None
            if existing is not None:
                assert existing.id is not None
                return _result(existing, True, [])
            highest = highest_sequence_from(session, checked.organisation)
            document = json.loads(json.dumps(bundle.document))
            _check_document(document)
            record_ids = _store_records(session, document)
            _copy_attachments(session, database, bundle, document, copied)
            stored = database.home.bundles / f"{bundle.external_identifier}.cfbundle"
            stored.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, stored)
            copied.append(stored)
            row = ImportedBundle(
                external_identifier=bundle.external_identifier,
                tagmanifest_sha512=bundle.tagmanifest_sha512,
                bundle_type=bundle.bundle_type,
                sequence=bundle.sequence,
                source_organisation=checked.organisation,
                title=_title(document, checked.organisation),
                period=_period(document),
                signer_fingerprint=bundle.fingerprint,
                signer_comment=bundle.signer_comment,
                trusted=trusted,
                in_response_to=bundle.in_response_to,
                flagged_older=highest is not None and bundle.sequence < highest,
                created=bundle.bag_info.get("Created", ""),
                document=json.dumps(document, ensure_ascii=False),
                stored_path=str(stored),
            )
            session.add(row)
            session.flush()
            return _result(row, False, record_ids)
    except BaseException:
        for leftover in copied:
            leftover.unlink(missing_ok=True)
        raise


def _result(row: ImportedBundle, already: bool, record_ids: list[int]) -> ImportResult:
    assert row.id is not None
    return ImportResult(
        bundle_id=row.id,
        already_imported=already,
        trusted=row.trusted,
        flagged_older=row.flagged_older,
        organisation=row.source_organisation,
        signer_comment=row.signer_comment,
        fingerprint=row.signer_fingerprint,
        title=row.title,
        record_ids=record_ids,
    )


def _shape_error(what: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"data/bundle.json is signed but does not have the expected shape ({what}).",
        "document",
        "data/bundle.json",
    )


def _check_document(document: dict[str, Any]) -> None:
    if document.get("format") != DOCUMENT_FORMAT:
        raise _shape_error("it is not a Critical Friend bundle document")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _shape_error("format_version is not a whole number")
    if version > DOCUMENT_FORMAT_VERSION:
        raise ImportRefusedError(
            "This bundle was made by a newer version of Critical Friend; update to open it.",
            "document-version",
            "data/bundle.json",
        )
    for key in ("definitions", "organisation"):
        if not isinstance(document.get(key), dict):
            raise _shape_error(f"{key} is not an object")
    for key in ("assessments", "visits", "attachments", "data_profile"):
        value = document.setdefault(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise _shape_error(f"{key} is not a list of objects")
    for visit in document["visits"]:
        audits = visit.setdefault("audits", [])
        if not isinstance(audits, list) or not all(isinstance(a, dict) for a in audits):
            raise _shape_error("a visit's audits are not a list of objects")


def _store_records(session: Session, document: dict[str, Any]) -> list[int]:
    parsed: dict[str, dict[str, Any]] = {}
    entries = [("imported-assessment", entry) for entry in document["assessments"]]
    entries += [
        ("imported-audit", audit) for visit in document["visits"] for audit in visit["audits"]
    ]
    record_ids: list[int] = []
    for kind, entry in entries:
        digest, answers = entry.get("definition"), entry.get("answers")
        snapshot = document["definitions"].get(digest) if isinstance(digest, str) else None
        if not isinstance(snapshot, dict) or not isinstance(answers, dict):
            raise _shape_error(f"{entry.get('title', 'a record')} lacks its definition or answers")
        if digest not in parsed:
            try:
                FormDefinition.from_snapshot(snapshot)
            except (TemplateError, KeyError, TypeError, ValueError):
                raise _shape_error(f"the form definition {digest} cannot be read") from None
            parsed[str(digest)] = snapshot
        record = create_record(session, snapshot, kind, read_only=True)
        assert record.id is not None
        for question_id, value in answers.items():
            if value is None or value == "" or value == []:
                continue
            session.add(
                Answer(
                    record_id=record.id,
                    question_id=question_id,
                    value=canonical_json(value),
                    updated_by="import",
                )
            )
        entry["local_record_id"] = record.id
        record_ids.append(record.id)
    session.flush()
    return record_ids


def _copy_attachments(
    session: Session,
    database: Database,
    bundle: VerifiedBundle,
    document: dict[str, Any],
    new_files: list[Path],
) -> None:
    """Copy each listed attachment into the home by SHA-256 (checked), noting each new file."""
    target_dir = database.home.attachments
    target_dir.mkdir(parents=True, exist_ok=True)
    for entry in document["attachments"]:
        digest = str(entry.get("sha256", "")).lower()
        inside = f"data/attachments/{digest}"
        if len(digest) != 64 or entry.get("path") != inside or inside not in bundle.payload_files:
            raise _shape_error(f"the attachment {entry.get('name')!r} is not where it is listed")
        source = bundle.root / inside
        if _sha256_of(source) != digest:
            raise ImportRefusedError(
                f"{inside} does not have the SHA-256 that bundle.json gives for it.",
                "attachment-hash",
                inside,
            )
        target = target_dir / digest
        if not target.exists():
            temp = target.with_name(f".{digest}.part")
            shutil.copyfile(source, temp)
            os.replace(temp, target)
            new_files.append(target)
        if session.get(Attachment, digest) is None:
            mime = entry.get("mime")
            session.add(
                Attachment(
                    sha256=digest,
                    size=source.stat().st_size,
                    mime=mime if isinstance(mime, str) else "application/octet-stream",
                )
            )


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _title(document: dict[str, Any], organisation: str) -> str:
    for key in ("assessments", "visits"):
        for entry in document[key]:
            if isinstance(entry.get("title"), str) and entry["title"]:
                return str(entry["title"])
    return f"Bundle from {organisation}"


def _period(document: dict[str, Any]) -> str:
    for entry in document["assessments"]:
        if isinstance(entry.get("period"), str):
            return str(entry["period"])
    return ""


__all__ = [
    "BundleError",
    "CheckedBundle",
    "ImportRefusedError",
    "ImportResult",
    "checked_bundle",
    "import_bundle",
]
