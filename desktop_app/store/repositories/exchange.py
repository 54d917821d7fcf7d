"""The trust store, the export log and the bundles imported from peers.

Trust is decided by fingerprint, as SSH does: a key is trusted after the user compared its
`SHA256:` fingerprint. A council already known by one key that presents a different key is
refused (and the refused key recorded) until the user explicitly decides to replace the old key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session, col, func, select

from desktop_app.store.models import ExportLog, ImportedBundle, TrustedKey, VisitCase
from desktop_app.store.models.core import utcnow
from desktop_app.store.repositories.case_lists import listed_references
from desktop_app.store.vocabulary import KeyStatus

TRUSTED = KeyStatus.TRUSTED.value
REFUSED = KeyStatus.REFUSED.value
REPLACED = KeyStatus.REPLACED.value

UNKNOWN_SIGNER = "Unknown signer"

TrustState = Literal["trusted", "unknown", "changed"]


class KeyChangedError(Exception):
    """A council we already trust by one key presented a different key."""

    def __init__(self, organisation: str, known_fingerprint: str, presented_fingerprint: str):
        super().__init__(
            f"{organisation} is already trusted with the key {known_fingerprint}, but this key is "
            f"{presented_fingerprint}. It has been refused. Ask {organisation} by phone whether "
            "they really changed their key; only then replace the old one."
        )
        self.organisation = organisation
        self.known_fingerprint = known_fingerprint
        self.presented_fingerprint = presented_fingerprint


class DifferentBundleSameIdentifierError(Exception):
    """A bundle reuses the External-Identifier of a different bundle already imported."""


@dataclass(frozen=True)
class TrustVerdict:
    """What the trust store says about a signer: trusted, unknown, or a changed key."""

    state: TrustState
    organisation: str
    fingerprint: str
    known_fingerprint: str | None = None


def key_by_fingerprint(session: Session, fingerprint: str) -> TrustedKey | None:
    return session.exec(select(TrustedKey).where(TrustedKey.fingerprint == fingerprint)).first()


def trusted_key_for_organisation(session: Session, organisation: str) -> TrustedKey | None:
    """The key currently trusted for this council (names compared ignoring case)."""
    wanted = organisation.strip().casefold()
    for key in session.exec(select(TrustedKey).where(TrustedKey.status == TRUSTED)):
        if key.organisation.strip().casefold() == wanted:
            return key
    return None


def list_keys(session: Session, *, include_refused: bool = True) -> list[TrustedKey]:
    query = select(TrustedKey).order_by(TrustedKey.organisation, col(TrustedKey.trusted_at))
    if not include_refused:
        query = query.where(TrustedKey.status == TRUSTED)
    return list(session.exec(query))


def trust_verdict(session: Session, fingerprint: str, organisation: str) -> TrustVerdict:
    """Trusted (this exact key is trusted), changed (the council has another key) or unknown."""
    known = key_by_fingerprint(session, fingerprint)
    if known is not None and known.status == TRUSTED:
        return TrustVerdict("trusted", known.organisation, fingerprint)
    current = trusted_key_for_organisation(session, organisation)
    if current is not None:
        return TrustVerdict("changed", current.organisation, fingerprint, current.fingerprint)
    return TrustVerdict("unknown", organisation, fingerprint)


def record_refused_key(
    session: Session, *, public_line: str, fingerprint: str, organisation: str, comment: str
) -> TrustedKey:
    """Remember a key that was presented and refused (it stays refused until replaced)."""
    row = key_by_fingerprint(session, fingerprint)
    if row is None:
        row = TrustedKey(
            organisation=organisation,
            comment=comment,
            public_line=public_line,
            fingerprint=fingerprint,
            status=REFUSED,
        )
    elif row.status != TRUSTED:
        row.status = REFUSED
        row.trusted_at = utcnow()
    session.add(row)
    session.flush()
    return row


def trust_key(
    session: Session,
    *,
    public_line: str,
    fingerprint: str,
    organisation: str,
    comment: str = "",
    age_recipient: str | None = None,
    replace: bool = False,
) -> TrustedKey:
    """Trust this key for `organisation`.

    If the council is already trusted with another key, the new key is recorded as refused and
    KeyChangedError is raised, unless `replace` is given: then the old key is retired.
    """
    current = trusted_key_for_organisation(session, organisation)
    if current is not None and current.fingerprint != fingerprint:
        if not replace:
            record_refused_key(
                session,
                public_line=public_line,
                fingerprint=fingerprint,
                organisation=organisation,
                comment=comment,
            )
            raise KeyChangedError(current.organisation, current.fingerprint, fingerprint)
        current.status = REPLACED
        session.add(current)
    row = key_by_fingerprint(session, fingerprint)
    if row is None:
        row = TrustedKey(public_line=public_line, fingerprint=fingerprint, organisation="")
    row.organisation = organisation
    row.comment = comment or row.comment
    row.public_line = public_line
    row.age_recipient = age_recipient or row.age_recipient
    row.status = TRUSTED
    row.trusted_at = utcnow()
    session.add(row)
    for bundle in session.exec(
        select(ImportedBundle).where(ImportedBundle.signer_fingerprint == fingerprint)
    ):
        bundle.trusted = True
        bundle.source_organisation = organisation  # the trust store's name, never the claim
        session.add(bundle)
    session.flush()
    return row


def remove_key(session: Session, fingerprint: str) -> bool:
    """Stop trusting a key (its bundles show as not trusted again). False if it was not known."""
    row = key_by_fingerprint(session, fingerprint)
    if row is None:
        return False
    session.delete(row)
    for bundle in session.exec(
        select(ImportedBundle).where(ImportedBundle.signer_fingerprint == fingerprint)
    ):
        bundle.trusted = False
        bundle.source_organisation = UNKNOWN_SIGNER
        session.add(bundle)
    session.flush()
    return True


# exports -----------------------------------------------------------------------------------


def next_bundle_sequence(session: Session) -> int:
    """Bundles from this laptop are numbered 1, 2, 3... so peers can spot an older one."""
    highest = session.exec(select(func.max(ExportLog.sequence))).one()
    return int(highest or 0) + 1


def record_export(
    session: Session,
    *,
    bundle_type: str,
    what: str,
    recipients: str,
    path: str,
    file_sha256: str,
    external_identifier: str,
    tagmanifest_sha512: str,
    sequence: int,
) -> ExportLog:
    row = ExportLog(
        bundle_type=bundle_type,
        what=what,
        recipients=recipients,
        path=path,
        file_sha256=file_sha256,
        external_identifier=external_identifier,
        tagmanifest_sha512=tagmanifest_sha512,
        sequence=sequence,
    )
    session.add(row)
    session.flush()
    return row


def council_case_references(session: Session) -> list[str]:
    """Every case reference on any visit's case list: none may leave in a bundle as it is."""
    on_audit_lists = session.exec(select(VisitCase.case_reference))
    return sorted({*on_audit_lists, *listed_references(session)})


def list_exports(session: Session) -> list[ExportLog]:
    return list(session.exec(select(ExportLog).order_by(col(ExportLog.created_at).desc())))


# imports -----------------------------------------------------------------------------------


def find_imported(
    session: Session, tagmanifest_sha512: str, external_identifier: str
) -> ImportedBundle | None:
    """The same bundle imported before (same signed tag manifest), or None.

    A different bundle reusing an identifier already imported raises
    DifferentBundleSameIdentifierError.
    """
    same = session.exec(
        select(ImportedBundle).where(ImportedBundle.tagmanifest_sha512 == tagmanifest_sha512)
    ).first()
    if same is not None:
        return same
    clash = session.exec(
        select(ImportedBundle).where(ImportedBundle.external_identifier == external_identifier)
    ).first()
    if clash is not None:
        raise DifferentBundleSameIdentifierError(
            f"A different bundle with the same identifier ({external_identifier}) was imported "
            f"before from {clash.source_organisation}; this one has been changed and re-signed, "
            "so it was not imported."
        )
    return None


def highest_sequence_of_key(session: Session, fingerprint: str) -> int | None:
    """The highest Bundle-Sequence already imported signed by this key, or None.

    Sequences are counted per signing key (each laptop numbers its own bundles), so "older than
    one already seen" cannot be dodged by changing the name in a bundle.
    """
    highest = session.exec(
        select(func.max(ImportedBundle.sequence)).where(
            ImportedBundle.signer_fingerprint == fingerprint
        )
    ).one()
    return None if highest is None else int(highest)


def imported_bundle(session: Session, bundle_id: int) -> ImportedBundle | None:
    return session.get(ImportedBundle, bundle_id)


def list_imported(session: Session) -> list[ImportedBundle]:
    return list(
        session.exec(select(ImportedBundle).order_by(col(ImportedBundle.imported_at).desc()))
    )
