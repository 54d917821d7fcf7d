"""What the home holds, as plain rows: the `list` command's four tables.

The rows come from ``desktop_app.store.repositories.listing`` through the quick read-only
connection, so listing never waits for the ORM to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, assert_never

from desktop_app.app.context import AppContext


class ListKind(StrEnum):
    """What `list` can show (the command line's choice words)."""

    ASSESSMENTS = "assessments"
    VISITS = "visits"
    AUDITS = "audits"
    BUNDLES = "bundles"


@dataclass(frozen=True)
class ListRequest:
    """Which rows: ``visit_id`` narrows audits to one visit (ignored for the other kinds)."""

    kind: ListKind
    visit_id: int | None = None


@dataclass(frozen=True)
class Listing:
    """The rows (one dict per item, JSON-ready) and the columns a table shows, in order."""

    rows: list[dict[str, Any]]
    columns: tuple[str, ...]


def list_items(ctx: AppContext, request: ListRequest) -> Listing:
    """Assessments, visits, audits or bundles as rows (creates or migrates the database first)."""
    from desktop_app.store.repositories import listing

    reader = ctx.reader()
    match request.kind:
        case ListKind.ASSESSMENTS:
            return Listing(
                listing.assessment_rows(reader),
                ("id", "title", "organisation", "period", "status", "updated_at"),
            )
        case ListKind.VISITS:
            return Listing(
                listing.visit_rows(reader),
                ("id", "title", "kind", "host", "start_date", "status", "audits", "cases"),
            )
        case ListKind.AUDITS:
            from desktop_app.app.team import list_audits

            return Listing(
                [row.to_json() for row in list_audits(ctx, request.visit_id)],
                (
                    "id",
                    "visit_id",
                    "case_reference",
                    "auditor",
                    "status",
                    "overall_grade",
                    "escalation",
                    "conflict",
                ),
            )
        case ListKind.BUNDLES:
            return Listing(
                listing.bundle_rows(reader),
                ("id", "title", "type", "organisation", "sequence", "trusted", "in_response_to"),
            )
        case _:
            assert_never(request.kind)
