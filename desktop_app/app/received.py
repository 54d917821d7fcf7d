"""Which response bundles challenge which of our self-assessments, and our sections' titles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop_app.app.context import AppContext

SUMMARY_TITLE = "Overall summary"


def responses_for_period(ctx: AppContext, period: str) -> list[int]:
    """The imported response bundles about our self-assessment for `period`, oldest first."""
    rows = ctx.reader().execute(
        "SELECT b.id FROM imported_bundle b WHERE b.bundle_type = 'response' AND EXISTS "
        "(SELECT 1 FROM json_each(b.document, '$.in_response_to.periods') p WHERE p.value = ?) "
        "ORDER BY b.id",
        (period,),
    )
    return [int(row[0]) for row in rows]


def received_count(ctx: AppContext, bundle_ids: list[int]) -> tuple[int, int]:
    """(notes, of which answered) received in these response bundles."""
    if not bundle_ids:
        return 0, 0
    marks = ",".join("?" * len(bundle_ids))
    row = (
        ctx.reader()
        .execute(
            "SELECT COUNT(*), COUNT(accepted) FROM challenge_note "
            f"WHERE direction = 'received' AND bundle_id IN ({marks})",
            bundle_ids,
        )
        .fetchone()
    )
    return int(row[0]), int(row[1])


def in_response_to(ctx: AppContext, bundle_id: int) -> dict[str, Any]:
    """The `in_response_to` part of an imported response bundle (periods, title), or {}."""
    row = (
        ctx.reader()
        .execute("SELECT document FROM imported_bundle WHERE id = ?", (bundle_id,))
        .fetchone()
    )
    if row is None:
        return {}
    part = json.loads(row[0]).get("in_response_to")
    return part if isinstance(part, dict) else {}


def own_section_titles(ctx: AppContext, periods: list[str]) -> dict[str, str]:
    """Section id → title in our own self-assessments for these periods (the notes' sections)."""
    from sqlmodel import col, select

    from desktop_app.store.models import Assessment, Organisation, Record
    from desktop_app.store.repositories.records import definition_snapshot

    titles: dict[str, str] = {}
    with ctx.database.session() as session:
        rows = session.exec(
            select(Record.definition_id)
            .join(Assessment, col(Assessment.record_id) == col(Record.id))
            .join(Organisation, col(Organisation.id) == col(Assessment.organisation_id))
            .where(col(Assessment.period).in_(periods), col(Organisation.is_home))
        )
        for definition_id in set(rows):
            for section in definition_snapshot(session, definition_id).get("sections") or []:
                titles.setdefault(str(section.get("id")), str(section.get("title")))
    return titles


@dataclass(frozen=True)
class ResponseSigner:
    """Who signed a received bundle (a response or a reply), by the trust store, now.

    ``fingerprint`` is the signing key's SHA256 fingerprint; ``trusted`` whether the trust store
    holds that key as trusted now; ``trust_store_name`` the trust store's words for the key (its
    comment, e.g. "Fiona Grant, Oxtown Borough Council") and ``organisation`` its council, both ""
    when the key is not trusted; ``claimed`` the signer's own comment from ``signer.pub``, which is
    only ever shown as a claim.
    """

    bundle_id: int
    fingerprint: str
    trusted: bool
    trust_store_name: str
    organisation: str
    claimed: str


def response_signer(ctx: AppContext, bundle_id: int) -> ResponseSigner | None:
    """The signer of imported bundle ``bundle_id`` looked up in the trust store, or None when
    there is no such bundle."""
    row = (
        ctx.reader()
        .execute(
            "SELECT b.signer_fingerprint, b.signer_comment, k.organisation, k.comment "
            "FROM imported_bundle b LEFT JOIN trusted_key k "
            "ON k.fingerprint = b.signer_fingerprint AND k.status = 'trusted' WHERE b.id = ?",
            (bundle_id,),
        )
        .fetchone()
    )
    if row is None:
        return None
    fingerprint, claimed, organisation, comment = row
    trusted = organisation is not None
    return ResponseSigner(
        bundle_id=bundle_id,
        fingerprint=str(fingerprint),
        trusted=trusted,
        trust_store_name=str(comment or organisation) if trusted else "",
        organisation=str(organisation) if trusted else "",
        claimed=str(claimed or ""),
    )
