"""What an imported bundle's document must look like, and storing its records and attachments.

Records are stored read-only with the definition snapshot they were filled with. A bundle kept
as received holds its own attachments (`record_attachments` only checks them; they are read out
of the kept bundle when opened, see `kept_attachments`); an audit return's are copied into the
home by SHA-256 after their hash is checked (`copy_attachments`).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from desktop_app.exchange.bundle_document import DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION
from desktop_app.exchange.bundle_read import VerifiedBundle, stream_payload_file
from desktop_app.exchange.sshsig import SignatureError, parse_public_key_line
from desktop_app.exchange.sshsig import fingerprint as fingerprint_of
from desktop_app.exchange.work_folders import PendingFiles, keep_as_part, part_name
from desktop_app.home import Home
from desktop_app.plain_text import visible
from desktop_app.store.models import Attachment
from desktop_app.store.models.core import utcnow
from desktop_app.store.repositories.records import (
    RecordRows,
    ensure_definition,
)
from forms import FormDefinition, TemplateError


class ImportRefusedError(Exception):
    """The bundle was not stored; `check` is a short stable word for why."""

    def __init__(
        self,
        message: str,
        check: str,
        path_in_bundle: str | None = None,
        *,
        refused_key: dict[str, str] | None = None,
    ) -> None:
        message = visible(message)  # text from the bundle: shown, never obeyed
        super().__init__(message)
        self.message = message
        self.check = check
        self.path_in_bundle = path_in_bundle
        self.refused_key = refused_key


def shape_error(what: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"data/bundle.json is signed but does not have the expected shape ({what}).",
        "document",
        "data/bundle.json",
    )


@dataclass(frozen=True)
class DocumentLimits:
    """What one bundle's document may hold, checked before any record is stored.

    Sized to real use (README "What a bundle may hold"): a large visit has 2,000+ audits, a
    self-assessment or audit form has up to 1,000 questions, and a bundle carries the few form
    definitions its records use.
    """

    max_records: int = 10_000
    max_answers_per_record: int = 2_000
    max_definitions: int = 100
    max_definition_chars: int = 4 * 1024 * 1024


DEFAULT_DOCUMENT_LIMITS = DocumentLimits()


def check_document_budgets(
    document: dict[str, Any], limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS
) -> None:
    """Refuse (ImportRefusedError, check "budget") a document larger than `limits` allow.

    Counts only; does not change `document` and does not parse the form definitions.
    """
    records = _as_list(document.get("assessments"))
    for visit in _as_list(document.get("visits")):
        if isinstance(visit, dict):
            records = records + _as_list(visit.get("audits"))
    if len(records) > limits.max_records:
        raise _over_budget(f"{len(records)} records; at most {limits.max_records} are accepted")
    for record in records:
        answers = record.get("answers") if isinstance(record, dict) else None
        if isinstance(answers, dict) and len(answers) > limits.max_answers_per_record:
            raise _over_budget(
                f"a record with {len(answers)} answers; at most "
                f"{limits.max_answers_per_record} are accepted"
            )
    definitions = document.get("definitions")
    if isinstance(definitions, dict):
        if len(definitions) > limits.max_definitions:
            raise _over_budget(
                f"{len(definitions)} form definitions; at most {limits.max_definitions}"
            )
        for snapshot in definitions.values():
            if len(json.dumps(snapshot)) > limits.max_definition_chars:
                raise _over_budget("a form definition far larger than any real form")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _over_budget(what: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"data/bundle.json holds {what}, more than any real bundle; it was refused before "
        "anything was stored.",
        "budget",
        "data/bundle.json",
    )


def working_copy(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a verified bundle's document that ``check_document`` and ``store_records`` may
    change (they fill in missing lists and note each entry's ``local_record_id``) without
    touching the verified one: the top level, the visits and the record entries are new
    objects; everything else (answers, definitions) is shared, read only. Costs a few thousand
    dict copies where a JSON round trip of the whole document cost a tenth of a second."""

    def entries(value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return [dict(item) for item in value]
        return value

    copy = dict(document)
    copy["assessments"] = entries(document.get("assessments", []))
    visits = entries(document.get("visits", []))
    if isinstance(visits, list):
        for visit in visits:
            if isinstance(visit, dict) and "audits" in visit:
                visit["audits"] = entries(visit["audits"])
    copy["visits"] = visits
    return copy


def check_document(document: dict[str, Any]) -> None:
    check_document_budgets(document)
    if document.get("format") != DOCUMENT_FORMAT:
        raise shape_error("it is not a Critical Friend bundle document")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise shape_error("format_version is not a whole number")
    if version > DOCUMENT_FORMAT_VERSION:
        raise ImportRefusedError(
            "This bundle was made by a newer version of Critical Friend; update to open it.",
            "document-version",
            "data/bundle.json",
        )
    for key in ("definitions", "organisation"):
        if not isinstance(document.get(key), dict):
            raise shape_error(f"{key} is not an object")
    for key in ("assessments", "visits", "attachments", "data_profile"):
        value = document.setdefault(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise shape_error(f"{key} is not a list of objects")
    for visit in document["visits"]:
        audits = visit.setdefault("audits", [])
        if not isinstance(audits, list) or not all(isinstance(a, dict) for a in audits):
            raise shape_error("a visit's audits are not a list of objects")


def store_records(session: Session, document: dict[str, Any]) -> list[int]:
    """Store every record of a checked document read-only, with its answers; returns their ids.

    Each distinct definition snapshot is parsed and stored once; records and answers go in as
    plain rows (``RecordRows``) inside the caller's transaction, so an import of
    thousands of audits costs a few statements per record and a failure stores nothing.
    Raises ImportRefusedError when an entry lacks its definition or answers.
    """
    definition_ids: dict[str, int] = {}
    rows = RecordRows(session, by="import")
    entries = [("imported-assessment", entry) for entry in document["assessments"]]
    entries += [
        ("imported-audit", audit) for visit in document["visits"] for audit in visit["audits"]
    ]
    record_ids: list[int] = []
    for kind, entry in entries:
        digest, answers = entry.get("definition"), entry.get("answers")
        snapshot = document["definitions"].get(digest) if isinstance(digest, str) else None
        if not isinstance(snapshot, dict) or not isinstance(answers, dict):
            raise shape_error(f"{entry.get('title', 'a record')} lacks its definition or answers")
        key = str(digest)
        if key not in definition_ids:
            try:
                FormDefinition.from_snapshot(snapshot)
            except (TemplateError, KeyError, TypeError, ValueError):
                raise shape_error(f"the form definition {digest} cannot be read") from None
            stored = ensure_definition(session, snapshot)
            assert stored.id is not None
            definition_ids[key] = stored.id
        record_id = rows.add(definition_ids[key], kind, answers, read_only=True)
        entry["local_record_id"] = record_id
        record_ids.append(record_id)
    rows.flush()
    return record_ids


def record_attachments(session: Session, bundle: VerifiedBundle, document: dict[str, Any]) -> None:
    """Check each attachment `document` lists against the SHA-256 taken when `bundle` was verified
    (`verify_bundle(..., attachment_sha256=True)`) and note its size and type in the attachment
    table, in one statement; nothing is written to attachments/: the bytes stay in the kept
    bundle until the user opens them. Raises ImportRefusedError ("document" for an entry that
    is not where it is listed, "attachment-hash" for bytes whose SHA-256 is not their name)."""
    rows: dict[str, dict[str, Any]] = {}
    now = utcnow()
    for entry in document["attachments"]:
        digest, inside = _listed(bundle, entry)
        if bundle.attachment_sha256.get(inside) != digest:
            raise _not_its_sha256(inside)
        mime = entry.get("mime")
        rows.setdefault(
            digest,
            {
                "sha256": digest,
                "size": bundle.payload_sizes.get(inside, 0),
                "mime": mime if isinstance(mime, str) else "application/octet-stream",
                "created_at": now,
            },
        )
    if rows:
        table = Attachment.__table__  # type: ignore[attr-defined]
        session.execute(sqlite_insert(table).on_conflict_do_nothing(), list(rows.values()))


def _listed(bundle: VerifiedBundle, entry: dict[str, Any]) -> tuple[str, str]:
    """(SHA-256 hex, path in the bag) of an attachment entry of a bundle's document; raises
    ImportRefusedError when it is not a file of the bundle at the place its hash names."""
    digest = str(entry.get("sha256", "")).lower()
    inside = f"data/attachments/{digest}"
    if len(digest) != 64 or entry.get("path") != inside or inside not in bundle.payload_files:
        raise shape_error(f"the attachment {entry.get('name')!r} is not where it is listed")
    return digest, inside


def copy_attachments(
    session: Session,
    home: Home,
    bundle: VerifiedBundle,
    document: dict[str, Any],
    pending: PendingFiles,
) -> None:
    """Copy each listed attachment into the home by SHA-256 (checked as it is written).

    Each new file is written under its part name and handed to `pending`, so it appears in
    attachments/ only when the transaction adding its row commits.
    """
    target_dir = home.attachments
    target_dir.mkdir(parents=True, exist_ok=True)
    added: set[str] = set()
    # Rows are flushed together afterwards, not one flush per attachment before the next look-up.
    with session.no_autoflush:
        for entry in document["attachments"]:
            _copy_attachment(session, bundle, entry, target_dir, pending, added)


def _copy_attachment(
    session: Session,
    bundle: VerifiedBundle,
    entry: dict[str, Any],
    target_dir: Path,
    pending: PendingFiles,
    added: set[str],
) -> None:
    digest, inside = _listed(bundle, entry)
    target = target_dir / digest
    size = _copy_checked(bundle, inside, target, digest, pending)
    if digest not in added and session.get(Attachment, digest) is None:
        added.add(digest)
        mime = entry.get("mime")
        session.add(
            Attachment(
                sha256=digest,
                size=size,
                mime=mime if isinstance(mime, str) else "application/octet-stream",
            )
        )


def _copy_checked(
    bundle: VerifiedBundle, inside: str, target: Path, digest: str, pending: PendingFiles
) -> int:
    """Write one attachment under its part name (unless already stored); return its size.

    An attachment the verification already unpacked (and hashed, in the same pass) is given
    its part name without reading it again; otherwise it is streamed from the ZIP and both
    hashes are checked as it is written.
    """
    if target.exists():
        return target.stat().st_size
    part = part_name(target)
    hashed = bundle.attachment_sha256.get(inside)
    if hashed is not None and hashed != digest:
        raise _not_its_sha256(inside)
    if bundle.root is not None and hashed is not None:
        keep_as_part(bundle.root / inside, part)
        pending.add(part, target)
        return part.stat().st_size
    hasher = hashlib.sha256()
    size = 0
    try:
        with open(part, "wb") as out:
            for chunk in stream_payload_file(bundle, inside):
                hasher.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if hasher.hexdigest() != digest:
        part.unlink(missing_ok=True)
        raise _not_its_sha256(inside)
    pending.add(part, target)
    return size


def _not_its_sha256(inside: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"{inside} does not have the SHA-256 that bundle.json gives for it.",
        "attachment-hash",
        inside,
    )


def bundle_title(document: dict[str, Any], organisation: str) -> str:
    answered = document.get("in_response_to")
    if isinstance(answered, dict) and answered.get("title"):
        return f"Challenge from {organisation} on {answered['title']}"
    for key in ("assessments", "visits"):
        for entry in document[key]:
            if isinstance(entry.get("title"), str) and entry["title"]:
                return str(entry["title"])
    templates = document.get("templates")
    if isinstance(templates, list) and templates and isinstance(templates[0], dict):
        return f"Form template from {organisation}: {templates[0].get('title', '')}"
    return f"Bundle from {organisation}"


def bundle_period(document: dict[str, Any]) -> str:
    for entry in document["assessments"]:
        if isinstance(entry.get("period"), str):
            return str(entry["period"])
    answered = document.get("in_response_to")
    periods = answered.get("periods") if isinstance(answered, dict) else None
    return ", ".join(str(p) for p in periods) if isinstance(periods, list) else ""


def signer_line_of_stored(stored_path: Path, fingerprint: str) -> str | None:
    """The signer's public key line from an imported bundle's stored copy, if it still matches."""

    try:
        with zipfile.ZipFile(stored_path) as archive:
            names = [
                n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/signer.pub")
            ]
            if len(names) != 1 or archive.getinfo(names[0]).file_size > 4096:
                return None
            line = archive.read(names[0]).decode("utf-8").strip()
        key, _comment = parse_public_key_line(line)
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, SignatureError, KeyError):
        return None
    return line if fingerprint_of(key) == fingerprint else None
