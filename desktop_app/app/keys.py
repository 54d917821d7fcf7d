"""Peer councils' keys: trusted after comparing fingerprints by phone, refused when changed.

The rules (one key per council, a changed key refused until replaced on purpose) live in
``desktop_app.store.repositories.exchange``; these operations open their own session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.exchange.key_card import KeyCard, KeyCardError, parse_key_card
from desktop_app.exchange.keys import Identity, KeyStore, KeyStoreError, passphrase_problem
from desktop_app.exchange.public_identity import PublicIdentity, read_public_identity
from desktop_app.exchange.sshsig import public_key_line
from desktop_app.store.repositories.exchange import KeyChangedError

__all__ = [
    "Identity",
    "KeyCard",
    "KeyCardError",
    "KeyChangedError",
    "KeyStore",
    "KeyStoreError",
    "PublicIdentity",
    "TrustRequest",
    "parse_key_card",
    "passphrase_problem",
    "public_key_line",
    "read_public_identity",
]


@dataclass(frozen=True)
class TrustRequest:
    """A peer's public key to trust (from its key card)."""

    public_line: str  # the OpenSSH public key line
    fingerprint: str  # SHA256:... as ssh-keygen prints it
    organisation: str
    comment: str = ""
    age_recipient: str | None = None
    replace: bool = False  # replace the council's known key (only after a phone call)


def trust_key(ctx: AppContext, request: TrustRequest) -> Changed:
    """Trusts the key; their bundles show as trusted from now on.

    Raises ``KeyChangedError`` when the council is already trusted with another key and
    ``replace`` is False; the presented key is then recorded as refused.
    """
    from desktop_app.store.repositories.exchange import record_refused_key
    from desktop_app.store.repositories.exchange import trust_key as trust

    try:
        with ctx.database.session() as session:
            trust(
                session,
                public_line=request.public_line,
                fingerprint=request.fingerprint,
                organisation=request.organisation,
                comment=request.comment,
                age_recipient=request.age_recipient,
                replace=request.replace,
            )
    except KeyChangedError:
        with ctx.database.session() as session:
            record_refused_key(
                session,
                public_line=request.public_line,
                fingerprint=request.fingerprint,
                organisation=request.organisation,
                comment=request.comment,
            )
        raise
    return Changed.KEYS | Changed.BUNDLES


def remove_key(ctx: AppContext, fingerprint: str) -> Changed:
    """Stops trusting a key; bundles it signed show as from an unknown signer."""
    from desktop_app.store.repositories.exchange import remove_key as remove

    with ctx.database.session() as session:
        remove(session, fingerprint)
    return Changed.KEYS | Changed.BUNDLES


def trusted_keys(ctx: AppContext) -> list[dict[str, Any]]:
    """organisation, comment, fingerprint, status of every key known, by organisation."""
    rows = ctx.reader().execute(
        "SELECT organisation, comment, fingerprint, status FROM trusted_key "
        "ORDER BY organisation, trusted_at"
    )
    return [dict(row) for row in rows]


def export_log(ctx: AppContext, limit: int = 200) -> list[dict[str, Any]]:
    """Every bundle that left this laptop, newest first (created_at, what, recipients,
    sequence, file_sha256, path)."""
    rows = ctx.reader().execute(
        "SELECT created_at, what, recipients, sequence, file_sha256, path "
        "FROM export_log ORDER BY created_at DESC LIMIT ?",
        (limit,),
    )
    return [dict(row) for row in rows]
