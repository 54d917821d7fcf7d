"""Bundles in: the list of imported bundles, one bundle's stored facts, and the import itself.

``open_bundle`` verifies and stores a bundle (safe on a worker thread) and ``import_failure``
turns whatever stopped it into the one sentence, place and check the window shows, so that the
screen does not map errors itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.store.vocabulary import BundleType

__all__ = ["BundlePreview", "BundleType", "ImportFailure"]

if TYPE_CHECKING:
    from desktop_app.app.team import TeamBundleImported
    from desktop_app.exchange.import_bundle import BundlePreview, ImportResult
    from desktop_app.exchange.key_card import KeyCard
    from desktop_app.store.repositories.exchange import TrustState


def refusals() -> tuple[type[Exception], type[Exception]]:
    """(``BundleError``, ``ImportRefusedError``): what ``open_bundle`` and ``verify_bundle``
    raise for a bundle that cannot be accepted (imported only when asked, to keep start-up
    quick). A ``BundleError`` is an invalid bundle; an ``ImportRefusedError`` a refused one
    (e.g. a changed signer key)."""
    from desktop_app.exchange.bundle_errors import BundleError
    from desktop_app.exchange.import_bundle import ImportRefusedError

    return BundleError, ImportRefusedError


def list_bundles(ctx: AppContext) -> list[dict[str, Any]]:
    """One row per imported bundle (id, title, type, from, period, number, trusted...); a
    response's title says which of our bundles it answers."""
    from desktop_app.store.repositories.listing import bundle_rows

    reader = ctx.reader()
    rows = bundle_rows(reader)
    about = dict(
        reader.execute(
            "SELECT id, json_extract(document, '$.in_response_to.title') FROM imported_bundle "
            "WHERE bundle_type = ?",
            (BundleType.RESPONSE.value,),
        ).fetchall()
    )
    for row in rows:
        if row["type"] == BundleType.RESPONSE:
            row["title"] = f"Response to {about.get(row['id']) or 'your bundle'}"
    return rows


def imported_bundle(ctx: AppContext, bundle_id: int) -> dict[str, Any] | None:
    """The stored row of an imported bundle (document as JSON text), or None."""
    row = ctx.reader().execute("SELECT * FROM imported_bundle WHERE id = ?", (bundle_id,))
    found = row.fetchone()
    return None if found is None else dict(found)


def is_encrypted(path: Path) -> bool:
    """True when the file is age-encrypted (our identity opens it). Raises ``OSError``."""
    from desktop_app.exchange import is_age_file

    return is_age_file(path)


@overload
def open_bundle(
    ctx: AppContext,
    path: Path,
    *,
    age_secret: Callable[[], str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    keep_untrusted: bool = False,
    preview_unknown: Literal[False] = False,
) -> ImportResult | TeamBundleImported: ...


@overload
def open_bundle(
    ctx: AppContext,
    path: Path,
    *,
    age_secret: Callable[[], str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    keep_untrusted: bool = False,
    preview_unknown: bool,
) -> ImportResult | TeamBundleImported | BundlePreview: ...


def open_bundle(
    ctx: AppContext,
    path: Path,
    *,
    age_secret: Callable[[], str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    keep_untrusted: bool = False,
    preview_unknown: bool = False,
) -> ImportResult | TeamBundleImported | BundlePreview:
    """``import FILE`` and the window's Open: verifies every signature and file once, then an
    assignment or an audit return opens in its visit (``TeamBundleImported``; refusals as
    ``UserError``, see ``app.team.import_team_checked``) and any other bundle is stored
    read-only (``ImportResult``; the same bundle twice changes nothing).

    A bundle whose signer is not in the trust store is stored (untrusted) only with
    ``keep_untrusted`` (the window's "Keep it anyway", the command line's ``import
    --keep-untrusted``). Otherwise it is refused with ``UnknownSignerError``, or, with
    ``preview_unknown`` (the window), only verified as ``verify`` does: nothing of it is stored
    and a ``BundlePreview`` of what it holds is returned. Raises ``BundleError`` or
    ``ImportRefusedError`` (see ``import_failure``)."""
    from desktop_app.app.team import import_team_checked
    from desktop_app.exchange.import_bundle import (
        ImportRefusedError,
        UnknownSignerError,
        checked_bundle,
        import_checked,
        record_refused_key_of,
    )

    report = progress or (lambda _done, _total, _text: None)
    report(0, 3, "Checking the signature and every file…")
    try:
        with checked_bundle(ctx.database, path, age_secret=age_secret, to_store=True) as checked:
            team = import_team_checked(ctx, path, checked)
            if team is not None:
                return team
            return import_checked(
                ctx.database, checked, progress=report, keep_untrusted=keep_untrusted
            )
    except UnknownSignerError as refused:
        if not preview_unknown:
            raise
        return refused.preview
    except ImportRefusedError as refused:
        record_refused_key_of(ctx.database, refused)
        raise


@dataclass(frozen=True)
class ImportFailure:
    """Why a bundle was refused: one sentence, the file inside it, the check that failed."""

    message: str
    inside: str
    check: str
    changed: Changed = Changed.NONE


def import_failure(error: BaseException) -> ImportFailure:
    """The words for whatever stopped an import (a refused signer also changes the keys)."""
    from desktop_app.exchange import BundleError
    from desktop_app.exchange.import_bundle import ImportRefusedError

    if isinstance(error, BundleError):
        return ImportFailure(error.message, error.path_in_bundle or "", error.check)
    if isinstance(error, ImportRefusedError):
        return ImportFailure(error.message, error.path_in_bundle or "", error.check, Changed.KEYS)
    if isinstance(error, OSError):  # the home's disk is full or refuses the import's files
        from desktop_app.home import describe_os_error

        where = Path(error.filename).parent if error.filename else Path("the home folder")
        return ImportFailure(describe_os_error(error, where), "", "disk")
    return ImportFailure(str(error) or type(error).__name__, "", "error")


def signer_card_text(ctx: AppContext, bundle_id: int) -> str | None:
    """The signer's public key line from the stored copy of a bundle, or None when the copy is
    missing or changed."""
    from desktop_app.exchange.import_bundle import signer_line_of_stored

    bundle = imported_bundle(ctx, bundle_id)
    if bundle is None:
        return None
    return signer_line_of_stored(bundle["stored_path"], bundle["signer_fingerprint"])


@dataclass(frozen=True)
class BundleCheck:
    """A bundle whose signature and every file checked out, and what the trust store says.

    ``trust`` is "trusted", "unknown" or "changed" (the council is trusted with another key,
    ``known_fingerprint``, named ``known_organisation``); fingerprints are SHA256:... as
    ssh-keygen prints them. Text from the bundle is as sent: show it through
    ``desktop_app.plain_text.visible``.
    """

    files: int  # payload files, each checked against the signed manifest
    organisation: str  # the trust store's council for the key, else "Unknown signer (claims …)"
    claimed_organisation: str  # what the bundle says it is from (a claim only)
    signer_name: str  # the trust store's name for the signer when trusted
    signer_comment: str  # what the bundle's key line says (a claim only)
    fingerprint: str
    bundle_type: str
    sequence: int
    trust: TrustState
    known_fingerprint: str | None
    known_organisation: str


def verify_bundle(
    ctx: AppContext,
    path: Path,
    *,
    age_secret: Callable[[], str] | None = None,
    pubkey: KeyCard | None = None,
) -> BundleCheck:
    """Verifies ``path`` (decrypting it first when age-encrypted) without storing anything.

    ``pubkey``: the key it must be signed by. Raises ``BundleError`` or ``ImportRefusedError``
    (one sentence, the file inside, the check).
    """
    from desktop_app.exchange.import_bundle import checked_bundle

    with checked_bundle(ctx.database, path, age_secret=age_secret, pubkey=pubkey) as checked:
        bundle = checked.bundle
        return BundleCheck(
            files=len(bundle.payload_files),
            organisation=checked.organisation,
            claimed_organisation=checked.claimed_organisation,
            signer_name=checked.signer_name,
            signer_comment=bundle.signer_comment,
            fingerprint=bundle.fingerprint,
            bundle_type=bundle.bundle_type,
            sequence=bundle.sequence,
            trust=checked.verdict.state,
            known_fingerprint=checked.verdict.known_fingerprint,
            known_organisation=checked.verdict.organisation,
        )
