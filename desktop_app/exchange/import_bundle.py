"""Verifying a bundle against the trust store, and importing it read-only.

Every check of `open_bundle` runs first, in a temporary folder; then the signer is looked up by
fingerprint. Import stores everything in one transaction (the bundle row, read-only records with
the form definitions they carry, attachments copied in by hash) or nothing at all.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import VerifiedBundle, open_bundle
from desktop_app.exchange.challenge_reply import REPLY_TYPE, store_reply_answers
from desktop_app.exchange.encryption import EncryptionError, decrypt_file, is_age_file
from desktop_app.exchange.imported_content import (
    ImportRefusedError,
    bundle_period,
    bundle_title,
    check_document,
    copy_attachments,
    signer_line_of_stored,
    store_records,
)
from desktop_app.exchange.key_card import KeyCard
from desktop_app.exchange.keys import KeyStoreError
from desktop_app.exchange.public_identity import read_public_identity
from desktop_app.exchange.sshsig import public_key_line
from desktop_app.home import Home
from desktop_app.store.database import Database
from desktop_app.store.models import ImportedBundle
from desktop_app.store.repositories.challenge import RESPONSE_TYPE, store_received_notes
from desktop_app.store.repositories.exchange import (
    DifferentBundleSameIdentifierError,
    TrustVerdict,
    find_imported,
    highest_sequence_from,
    organisation_from_comment,
    record_refused_key,
    trust_verdict,
)

AgeSecret = Callable[[], str]
ProgressReport = Callable[[int, int, str], None]


@dataclass(frozen=True)
class CheckedBundle:
    """A verified bundle (unpacked under a temporary folder) and what the trust store says."""

    bundle: VerifiedBundle
    verdict: TrustVerdict
    organisation: str
    signer_name: str
    encrypted: bool
    source: Path


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

    def verdict_of(fingerprint: str, organisation: str) -> TrustVerdict:
        with database.session() as session:
            return trust_verdict(session, fingerprint, organisation)

    with _checked(database.home, Path(path), verdict_of, age_secret, pubkey) as checked:
        yield checked


@contextmanager
def _checked(
    home: Home,
    path: Path,
    verdict_of: Callable[[str, str], TrustVerdict],
    age_secret: AgeSecret | None,
    pubkey: KeyCard | None,
) -> Iterator[CheckedBundle]:
    home.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".bundle-check-", dir=home.root) as temp:
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
        elif _is_own_key(home, bundle.fingerprint):
            verdict = TrustVerdict("trusted", organisation, bundle.fingerprint)
        else:
            verdict = verdict_of(bundle.fingerprint, organisation)
        name = bundle.signer_comment.partition(",")[0].strip()
        yield CheckedBundle(bundle, verdict, organisation, name, encrypted, source)


def _is_own_key(home: Home, fingerprint: str) -> bool:
    """A bundle signed by this home's own identity (e.g. checking one's own export)."""
    try:
        own = read_public_identity(home.root)
    except KeyStoreError:
        return False
    return own is not None and own.fingerprint == fingerprint


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
    try:
        with database.session() as session:
            result = import_bundle_in_session(
                session, database.home, path, age_secret=age_secret, progress=report
            )
    except ImportRefusedError as error:
        if error.refused_key is not None:
            with database.session() as session:
                record_refused_key(session, **error.refused_key)
        raise
    report(3, 3, "Done")
    return result


def import_bundle_in_session(
    session: Session,
    home: Home,
    path: Path,
    *,
    age_secret: AgeSecret | None = None,
    progress: ProgressReport | None = None,
) -> ImportResult:
    """`import_bundle` inside the caller's transaction (the caller commits or rolls back)."""
    report: ProgressReport = progress or (lambda _done, _total, _text: None)

    def verdict_of(fingerprint: str, organisation: str) -> TrustVerdict:
        return trust_verdict(session, fingerprint, organisation)

    with _checked(home, Path(path), verdict_of, age_secret, None) as checked:
        bundle = checked.bundle
        if checked.verdict.state == "changed":
            raise ImportRefusedError(
                f"{checked.organisation} is trusted with a different key "
                f"({checked.verdict.known_fingerprint}) but this bundle is signed by "
                f"{bundle.fingerprint}. It was refused. Ask {checked.organisation} whether they "
                "changed their key; only then replace it in Keys & settings.",
                "key-changed",
                refused_key={
                    "public_line": public_key_line(bundle.signer_public_key, bundle.signer_comment),
                    "fingerprint": bundle.fingerprint,
                    "organisation": checked.organisation,
                    "comment": bundle.signer_comment,
                },
            )
        report(1, 3, "Storing the bundle…")
        return _store(session, home, checked)


def _store(session: Session, home: Home, checked: CheckedBundle) -> ImportResult:
    bundle = checked.bundle
    trusted = checked.verdict.state == "trusted"
    copied: list[Path] = []
    try:
        try:
            existing = find_imported(session, bundle.tagmanifest_sha512, bundle.external_identifier)
        except DifferentBundleSameIdentifierError as error:
            raise ImportRefusedError(str(error), "duplicate-identifier") from None
        if existing is not None:
            assert existing.id is not None
            return _result(existing, True, [])
        highest = highest_sequence_from(session, checked.organisation)
        document = json.loads(json.dumps(bundle.document))
        check_document(document)
        record_ids = store_records(session, document)
        copy_attachments(session, home, bundle, document, copied)
        stored = home.bundles / f"{bundle.external_identifier}.cfbundle"
        stored.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(checked.source, stored)
        copied.append(stored)
        row = ImportedBundle(
            external_identifier=bundle.external_identifier,
            tagmanifest_sha512=bundle.tagmanifest_sha512,
            bundle_type=bundle.bundle_type,
            sequence=bundle.sequence,
            source_organisation=checked.organisation,
            title=bundle_title(document, checked.organisation),
            period=bundle_period(document),
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
        if row.bundle_type == RESPONSE_TYPE:
            store_received_notes(session, row, document)
        elif row.bundle_type == REPLY_TYPE:
            store_reply_answers(session, row, document)
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


__all__ = [
    "BundleError",
    "CheckedBundle",
    "ImportRefusedError",
    "ImportResult",
    "checked_bundle",
    "import_bundle",
    "import_bundle_in_session",
    "signer_line_of_stored",
]
