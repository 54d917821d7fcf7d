"""Signed bundles out: what may go in, the personal-data check, the signing and the log.

The bundle rules live in ``desktop_app.exchange``; these operations give the window and the
command line one door to them, each opening its own session. ``prepare_export`` and
``write_signed_export`` are safe on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.app.context import AppContext
from desktop_app.exchange.bundle_document import ExportContentError
from desktop_app.exchange.export import ExportRequest, PreparedExport, without_findings

if TYPE_CHECKING:
    from desktop_app.exchange.export import ExportResult
    from desktop_app.exchange.key_card import KeyCard
    from desktop_app.exchange.keys import Identity

__all__ = [
    "ExportContentError",
    "ExportRequest",
    "PreparedExport",
    "Recipient",
    "without_findings",
]


@dataclass(frozen=True)
class Recipient:
    """A trusted council a bundle can be encrypted for; ``card`` is its key card's text."""

    organisation: str
    label: str
    card: str


def encryption_recipients(ctx: AppContext) -> list[Recipient]:
    """The trusted councils whose key cards carry an encryption key, by organisation."""
    rows = ctx.reader().execute(
        "SELECT organisation, comment, public_line, age_recipient FROM trusted_key "
        "WHERE status = 'trusted' AND age_recipient IS NOT NULL ORDER BY organisation"
    )
    return [
        Recipient(
            str(row["organisation"]),
            f"{row['organisation']} ({row['comment']})",
            f"{row['public_line']}\n{row['age_recipient']}\n",
        )
        for row in rows
    ]


def exportable_assessments(ctx: AppContext) -> list[dict[str, Any]]:
    """Self-assessments that can go in a bundle (id, title, organisation, status_label...)."""
    from desktop_app.store.repositories.listing import ASSESSMENT_STATUSES, assessment_rows

    return [
        {**row, "status_label": ASSESSMENT_STATUSES.get(row["status"], row["status"])}
        for row in assessment_rows(ctx.reader())
    ]


def exportable_visits(ctx: AppContext) -> list[dict[str, Any]]:
    """Visits that can go in a bundle (id, title, host, audits...): not those held here as an
    auditor's assignment (see ``held_assignments``)."""
    from desktop_app.store.repositories.listing import visit_rows

    held = {row["id"] for row in held_assignments(ctx)}
    return [row for row in visit_rows(ctx.reader()) if row["id"] not in held]


def held_assignments(ctx: AppContext) -> list[dict[str, Any]]:
    """Visits this laptop holds as an auditor's assignment (id, title, lead): their audits go
    to the lead as an audit return, never in a findings bundle."""
    rows = ctx.reader().execute(
        "SELECT v.id, v.title, COALESCE((SELECT m.name FROM visit_member m WHERE "
        "m.visit_id = v.id AND m.role = 'lead' ORDER BY m.id LIMIT 1), 'the lead') AS lead "
        "FROM visit v WHERE v.assigned_by != '' ORDER BY v.id"
    )
    return [{"id": row["id"], "title": row["title"], "lead": row["lead"]} for row in rows]


def assignment_export_refusal(visit: dict[str, Any]) -> str:
    """The sentence refusing a findings bundle of ``visit`` (a row of ``held_assignments``)."""
    return (
        f"Visit {visit['id']} ({visit['title']}) is on this laptop as your assignment from "
        f"{visit['lead']}, so its audits go to {visit['lead']} as an audit return, not in a "
        f"findings bundle: use 'critical-friend audits return --visit {visit['id']} --out FILE' "
        "(in the window, Send my audits to the lead). Nothing was exported."
    )


def prepare_export(ctx: AppContext, request: ExportRequest) -> PreparedExport:
    """Collects what the request names and checks it for personal data (nothing is written).

    Raises ``ExportContentError`` (one sentence) when nothing is chosen, content is missing, or
    a visit is held here as an auditor's assignment (``assignment_export_refusal``).
    """
    from desktop_app.exchange.export import prepare_export as prepare

    held = {row["id"]: row for row in held_assignments(ctx)}
    for visit_id in request.visit_ids:
        if visit_id in held:
            raise ExportContentError(assignment_export_refusal(held[visit_id]))
    return prepare(ctx.database, request)


def prepare_response(
    ctx: AppContext, bundle_id: int, *, with_report: bool = True
) -> PreparedExport:
    """Our challenge notes on an imported bundle, as a response checked for personal data
    (with the challenge feedback PDF unless ``with_report`` is False).

    Raises ``ExportContentError`` (one sentence) when the bundle or its notes are missing.
    """
    from desktop_app.exchange.respond import prepare_response as prepare

    return prepare(ctx.database, bundle_id, with_report=with_report)


def write_signed_export(
    ctx: AppContext,
    prepared: PreparedExport,
    identity: Identity,
    out: Path,
    card_texts: list[str],
    progress: Callable[[int, int, str], None] | None = None,
    *,
    cards: Sequence[KeyCard] = (),
) -> ExportResult:
    """Signs ``prepared`` into ``out`` (encrypted for the key cards given, as text or already
    parsed in ``cards``) and logs the export.

    Raises ``ExportContentError`` or ``KeyCardError`` with one sentence; nothing half-written;
    ``UserError`` (``output_files.describe_write_error``'s sentence) when the file cannot be
    written, a full disk above all.
    """
    from desktop_app.errors import UserError
    from desktop_app.exchange import parse_key_card
    from desktop_app.exchange.export import write_export
    from desktop_app.output_files import describe_write_error

    cards = [*cards, *(parse_key_card(text) for text in card_texts)]
    try:
        return write_export(
            ctx.database, prepared, identity, out, recipients=cards, progress=progress
        )
    except OSError as error:
        raise UserError(describe_write_error(error, out)) from None
