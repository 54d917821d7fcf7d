"""Verifying a bundle against the trust store, and importing it read-only.

Every check of `verify_bundle` runs first, writing nothing (an encrypted bundle is decrypted into
a work folder that is removed after); then the signer is looked up by fingerprint, and who sent
the bundle is the trust store's entry for that key (see `sender`). Import stores everything in
one transaction (the bundle row, read-only records with the form definitions they carry, and
the received bundle itself, kept as the signed record a peer can re-verify and visible only once
the transaction commits) or nothing at all; nothing from an unknown signer unless the user asks
to keep it. Attachments are not unpacked: their SHA-256 is checked in the verifying pass and they
are read out of the kept bundle when opened (`kept_attachments`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop_app.exchange.bundle_errors import DISK_WRITE_ERRNOS, BundleError
from desktop_app.exchange.bundle_read import VerifiedBundle, verify_bundle
from desktop_app.exchange.challenge_reply import REPLY_TYPE, store_reply_answers
from desktop_app.exchange.encryption import (
    EncryptionError,
    check_age_header,
    decrypt_file,
    is_age_file,
)
from desktop_app.exchange.imported_content import (
    ImportRefusedError,
    bundle_period,
    bundle_title,
    check_document,
    check_document_budgets,
    record_attachments,
    signer_line_of_stored,
    store_records,
    working_copy,
)
from desktop_app.exchange.key_card import KeyCard
from desktop_app.exchange.keys import KeyStoreError
from desktop_app.exchange.public_identity import PublicIdentity, read_public_identity
from desktop_app.exchange.responses import check_reply, check_response
from desktop_app.exchange.sender import (
    check_claims,
    claimed_organisation,
    signer_name,
    unknown_sender_label,
)
from desktop_app.exchange.sshsig import public_key_line
from desktop_app.exchange.work_folders import (
    check_folder,
    keep_as_part,
    part_name,
    pending_files,
    private_copy,
)
from desktop_app.home import Home
from desktop_app.store.database import Database
from desktop_app.store.models import ImportedBundle
from desktop_app.store.repositories.challenge import RESPONSE_TYPE, store_received_notes
from desktop_app.store.repositories.exchange import (
    DifferentBundleSameIdentifierError,
    TrustVerdict,
    find_imported,
    highest_sequence_of_key,
    key_by_fingerprint,
    record_refused_key,
    trust_verdict,
)

AgeSecret = Callable[[], str]
ProgressReport = Callable[[int, int, str], None]
SignerLookup = Callable[[str, str], tuple[TrustVerdict, str]]


@dataclass(frozen=True)
class CheckedBundle:
    """A verified bundle and who sent it, by the trust store.

    `organisation` is the trust store's council for the signing key when the key is trusted, and
    "Unknown signer (claims …)" otherwise: never what the bundle says as a fact.
    `claimed_organisation` is what the bundle says (shown only as a claim). `signer_name` comes
    from the trust store's entry when trusted. `source` is the (decrypted) ZIP: for an encrypted
    bundle a temporary file that exists only inside the `checked_bundle` block. `private` is
    True when `source` is the home's own copy in a work folder (checked with `to_store`): the
    very bytes that were verified, which an import keeps.
    """

    bundle: VerifiedBundle
    verdict: TrustVerdict
    organisation: str
    signer_name: str
    encrypted: bool
    source: Path
    claimed_organisation: str = ""
    private: bool = False


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


@dataclass(frozen=True)
class BundlePreview:
    """A verified bundle from a signer not in the trust store, described without storing it.

    `organisation` is "Unknown signer (claims …)" and `claimed_organisation` the bundle's own
    claim (never a fact); `signer_line` is the OpenSSH public key line of `signer.pub` (its
    comment is the sender's own words), for trusting the key; `document` is `data/bundle.json`,
    its shape checked; `files` counts the payload files whose hashes matched.
    """

    title: str
    bundle_type: str
    sequence: int
    fingerprint: str
    signer_comment: str
    signer_line: str
    organisation: str
    claimed_organisation: str
    created: str
    period: str
    files: int
    document: dict[str, Any]


class UnknownSignerError(ImportRefusedError):
    """A bundle that checks out but whose signing key is not in the trust store, so nothing of
    it was stored (check "unknown-signer"); `preview` describes what it holds."""

    def __init__(self, message: str, preview: BundlePreview) -> None:
        super().__init__(message, "unknown-signer")
        self.preview = preview


def _preview(checked: CheckedBundle) -> BundlePreview:
    """What an unknown signer's bundle holds; raises ImportRefusedError when its document does
    not have the shape an import needs (it could not be kept either)."""
    bundle = checked.bundle
    document = json.loads(json.dumps(bundle.document))
    check_document(document)
    return BundlePreview(
        title=bundle_title(document, checked.organisation),
        bundle_type=bundle.bundle_type,
        sequence=bundle.sequence,
        fingerprint=bundle.fingerprint,
        signer_comment=bundle.signer_comment,
        signer_line=public_key_line(bundle.signer_public_key, bundle.signer_comment),
        organisation=checked.organisation,
        claimed_organisation=checked.claimed_organisation,
        created=bundle.bag_info.get("Created", ""),
        period=bundle_period(document),
        files=len(bundle.payload_files),
        document=document,
    )


@contextmanager
def checked_bundle(
    database: Database,
    path: Path,
    *,
    age_secret: AgeSecret | None = None,
    pubkey: KeyCard | None = None,
    to_store: bool = False,
) -> Iterator[CheckedBundle]:
    """Verify `path` (decrypting it first when it is age-encrypted) without storing anything.

    With `to_store` (an import will follow), `path` is first copied into a private work folder
    of the home (an encrypted bundle is decrypted there instead), and that copy is verified in
    one pass over its bytes (each attachment's SHA-256 taken in the same pass); the import keeps
    that very copy, attachments inside. So a file changed after it was checked is never what
    gets stored (time of check is time of use). Without it, nothing is written.
    With `pubkey`, the bundle must be signed by that key (and counts as trusted if it is).
    Raises BundleError, or ImportRefusedError for encryption problems, a wrong signer, and a
    trusted key's bundle that claims another council ("claim-mismatch").
    """

    def lookup(fingerprint: str, claim: str) -> tuple[TrustVerdict, str]:
        with database.session() as session:
            return _lookup(session, fingerprint, claim)

    with _checked(database.home, Path(path), lookup, age_secret, pubkey, to_store) as checked:
        yield checked


def _lookup(session: Session, fingerprint: str, claim: str) -> tuple[TrustVerdict, str]:
    verdict = trust_verdict(session, fingerprint, claim)
    known = key_by_fingerprint(session, fingerprint) if verdict.state == "trusted" else None
    return verdict, known.comment if known is not None else ""


@contextmanager
def _checked(
    home: Home,
    path: Path,
    lookup: SignerLookup,
    age_secret: AgeSecret | None,
    pubkey: KeyCard | None,
    to_store: bool,
) -> Iterator[CheckedBundle]:
    with ExitStack() as stack:
        workdir = stack.enter_context(check_folder(home)) if to_store else None
        source, encrypted = _decrypted(path, home, stack, age_secret, workdir)
        # Checked in one pass over the bytes; to store, attachments' SHA-256 in the same pass.
        bundle = verify_bundle(source, attachment_sha256=workdir is not None)
        check_document_budgets(bundle.document)
        declared = bundle.document.get("bundle_type") if isinstance(bundle.document, dict) else None
        if declared is not None and declared != bundle.bundle_type:
            # bag-info decides where a bundle goes (a team bundle must be encrypted, a response
            # must answer something we sent): the signed document must say the same.
            raise ImportRefusedError(
                f"bag-info.txt says this is a {bundle.bundle_type} bundle but bundle.json "
                f"says {declared}, so it was refused and nothing was stored. Ask the "
                "sender to make it again with Critical Friend.",
                "type-mismatch",
                "bundle.json",
            )
        claim = claimed_organisation(bundle)
        comment = ""
        if pubkey is not None:
            if pubkey.fingerprint != bundle.fingerprint:
                raise ImportRefusedError(
                    f"This bundle is signed by {bundle.fingerprint}, not by the key you gave "
                    f"({pubkey.fingerprint}).",
                    "wrong-signer",
                    "tagmanifest-sha512.txt.sig",
                )
            verdict = TrustVerdict("trusted", pubkey.org or claim, bundle.fingerprint)
            comment = pubkey.comment
        else:
            own = _own_identity(home)
            if own is not None and own.fingerprint == bundle.fingerprint:
                verdict = TrustVerdict("trusted", own.org, bundle.fingerprint)
                comment = f"{own.name}, {own.org}"
            else:
                verdict, comment = lookup(bundle.fingerprint, claim)
        if verdict.state == "trusted":
            if verdict.organisation:
                check_claims(bundle, verdict.organisation)
            organisation = verdict.organisation or claim
            name = signer_name(comment) or signer_name(bundle.signer_comment)
        else:
            organisation = unknown_sender_label(bundle)
            name = signer_name(bundle.signer_comment)
        yield CheckedBundle(
            bundle, verdict, organisation, name, encrypted, source, claim, workdir is not None
        )


def _own_identity(home: Home) -> PublicIdentity | None:
    """This home's own identity (a bundle it signed itself is trusted as its own council's)."""
    try:
        return read_public_identity(home.root)
    except KeyStoreError:
        return None


def _decrypted(
    path: Path, home: Home, stack: ExitStack, age_secret: AgeSecret | None, workdir: Path | None
) -> tuple[Path, bool]:
    """The ZIP to verify and whether it was encrypted: `path` itself, or with a `workdir` a
    copy of it there; an encrypted bundle is decrypted into `workdir` (or a work folder of its
    own). Raises ImportRefusedError, or OSError when the home's disk cannot take the copy."""
    try:
        encrypted = is_age_file(path)
    except OSError as error:
        raise ImportRefusedError(
            f"{path.name} cannot be read ({error.strerror}).", "unreadable"
        ) from None
    if not encrypted and workdir is not None:
        try:
            return private_copy(path, workdir), False
        except OSError as error:
            if error.errno in DISK_WRITE_ERRNOS:
                raise  # the home's disk (full, read-only): worded by the caller for its screen
            raise ImportRefusedError(
                f"{path.name} cannot be read ({error.strerror}).", "unreadable"
            ) from None
    if not encrypted:
        return path, False
    try:
        check_age_header(path)
    except EncryptionError as error:
        raise ImportRefusedError(str(error), "encryption") from None
    if age_secret is None:
        raise ImportRefusedError(
            f"{path.name} is encrypted; create your signing identity (which holds your "
            "decryption key) and ask the sender to encrypt for your key card.",
            "encrypted",
        )
    if workdir is None:
        workdir = stack.enter_context(check_folder(home))
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
    keep_untrusted: bool = False,
) -> ImportResult:
    """Verify and store the bundle read-only. The same bundle twice changes nothing.

    A changed key for a known council is refused (and the key recorded as refused). A bundle
    from an unknown signer is verified but nothing of it is stored (ImportRefusedError, check
    "unknown-signer") unless `keep_untrusted`: the user asked to keep it, shown as from an
    unknown signer until they trust the key.
    """
    report: ProgressReport = progress or (lambda _done, _total, _text: None)
    report(0, 3, "Checking the signature and every file…")
    try:
        with database.session() as session:
            result = import_bundle_in_session(
                session,
                database.home,
                path,
                age_secret=age_secret,
                progress=report,
                keep_untrusted=keep_untrusted,
            )
    except ImportRefusedError as error:
        record_refused_key_of(database, error)
        raise
    report(3, 3, "Done")
    return result


def record_refused_key_of(database: Database, error: ImportRefusedError) -> None:
    """Keep the key a refusal names (a changed key for a known council) in the trust store as
    refused, so Keys & settings can show it; nothing when the refusal names no key."""
    if error.refused_key is not None:
        with database.session() as session:
            record_refused_key(session, **error.refused_key)


def import_bundle_in_session(
    session: Session,
    home: Home,
    path: Path,
    *,
    age_secret: AgeSecret | None = None,
    progress: ProgressReport | None = None,
    keep_untrusted: bool = False,
) -> ImportResult:
    """`import_bundle` inside the caller's transaction (the caller commits or rolls back).

    Files it adds to the home appear only when the caller's transaction commits.
    """

    def lookup(fingerprint: str, claim: str) -> tuple[TrustVerdict, str]:
        return _lookup(session, fingerprint, claim)

    with _checked(home, Path(path), lookup, age_secret, None, True) as checked:
        return store_checked_in_session(
            session, home, checked, progress=progress, keep_untrusted=keep_untrusted
        )


def import_checked(
    database: Database,
    checked: CheckedBundle,
    *,
    progress: ProgressReport | None = None,
    keep_untrusted: bool = False,
) -> ImportResult:
    """Store a bundle already verified by ``checked_bundle`` (inside its block), with the same
    rules and errors as ``import_bundle``, so that a caller that looked at the bundle first (the
    team import, which tells assignments and returns apart) does not verify it twice. The
    caller records a refused key (``record_refused_key_of``)."""
    report: ProgressReport = progress or (lambda _done, _total, _text: None)
    with database.session() as session:
        result = store_checked_in_session(
            session, database.home, checked, progress=report, keep_untrusted=keep_untrusted
        )
    report(3, 3, "Done")
    return result


def store_checked_in_session(
    session: Session,
    home: Home,
    checked: CheckedBundle,
    *,
    progress: ProgressReport | None = None,
    keep_untrusted: bool = False,
) -> ImportResult:
    """The storing half of ``import_bundle_in_session`` for a verified ``checked`` bundle:
    refuses a changed key, a response or reply this home did not ask for, and (unless
    ``keep_untrusted``) an unknown signer (``UnknownSignerError``); the same bundle twice
    changes nothing. Raises ImportRefusedError."""
    report: ProgressReport = progress or (lambda _done, _total, _text: None)
    bundle = checked.bundle
    verdict = checked.verdict
    if verdict.state == "changed":
        raise ImportRefusedError(
            f"{verdict.organisation} is trusted with a different key "
            f"({verdict.known_fingerprint}) but this bundle, which claims to be from them, "
            f"is signed by {bundle.fingerprint}. It was refused. Ask {verdict.organisation} "
            "whether they changed their key; only then replace it in Keys & settings.",
            "key-changed",
            refused_key={
                "public_line": public_key_line(bundle.signer_public_key, bundle.signer_comment),
                "fingerprint": bundle.fingerprint,
                "organisation": verdict.organisation,
                "comment": bundle.signer_comment,
            },
        )
    if bundle.bundle_type == RESPONSE_TYPE:
        check_response(session, checked)
    elif bundle.bundle_type == REPLY_TYPE:
        check_reply(session, checked)
    already = _already_imported(session, bundle)
    if already is not None:
        return _result(already, True, [])
    if verdict.state != "trusted" and not keep_untrusted:
        raise UnknownSignerError(
            f"The bundle checks out, but its signer's key {bundle.fingerprint} is not in "
            "your trust store, so nothing of it was stored. Compare the fingerprint with the "
            "sender and trust their key card first, or keep it as from an unknown signer "
            "(import --keep-untrusted).",
            _preview(checked),
        )
    report(1, 3, "Storing the bundle…")
    return _store(session, home, checked)


def _already_imported(session: Session, bundle: VerifiedBundle) -> ImportedBundle | None:
    try:
        return find_imported(session, bundle.tagmanifest_sha512, bundle.external_identifier)
    except DifferentBundleSameIdentifierError as error:
        raise ImportRefusedError(str(error), "duplicate-identifier") from None


def _store(session: Session, home: Home, checked: CheckedBundle) -> ImportResult:
    if not checked.private:
        # Keeping the user's file itself would store whatever it holds now, not what was checked.
        raise RuntimeError("a bundle is stored only from checked_bundle(..., to_store=True)")
    bundle = checked.bundle
    trusted = checked.verdict.state == "trusted"
    pending = pending_files(session)
    try:
        highest = highest_sequence_of_key(session, bundle.fingerprint)
        document = working_copy(bundle.document)
        check_document(document)
        record_ids = store_records(session, document)
        record_attachments(session, bundle, document)
        stored = home.bundles / f"{bundle.external_identifier}.cfbundle"
        stored.parent.mkdir(parents=True, exist_ok=True)
        part = part_name(stored)
        keep_as_part(checked.source, part)
        pending.add(part, stored)
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
        pending.discard()
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
    "BundlePreview",
    "CheckedBundle",
    "ImportRefusedError",
    "ImportResult",
    "UnknownSignerError",
    "checked_bundle",
    "import_bundle",
    "import_bundle_in_session",
    "import_checked",
    "record_refused_key_of",
    "signer_line_of_stored",
    "store_checked_in_session",
]
