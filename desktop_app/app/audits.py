"""Audits: one case's audit opened, its progress, its moderation, and its rows in a visit.

Each operation owns its session through ``AppContext``; ``ModerationError`` (an ``AuditError``)
says in one sentence what to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.store.repositories.audits import (
    AuditError,
    AuditSummary,
    GradeLine,
    ModerationDecision,
    ModerationError,
)

__all__ = [
    "AuditError",
    "AuditOpened",
    "AuditSummary",
    "GradeLine",
    "ModerationDecision",
    "ModerationError",
]


@dataclass(frozen=True)
class AuditOpened:
    """What the audit view needs: the form's record, the case, and what is left to do."""

    record_id: int
    case_reference: str
    summary: AuditSummary


def open_audit(ctx: AppContext, audit_id: int) -> AuditOpened:
    """Reads one audit. Raises ``LookupError`` when there is no such audit."""
    from desktop_app.store.repositories.audits import audit_summary, get_audit

    with ctx.database.session() as session:
        audit = get_audit(session, audit_id)
        return AuditOpened(audit.record_id, audit.case_reference, audit_summary(session, audit_id))


def refresh_audit_summary(ctx: AppContext, audit_id: int) -> AuditSummary:
    """Re-computes and stores what is left to do on an audit after an answer was saved."""
    from desktop_app.store.repositories.audits import refresh_audit_summary as refresh

    with ctx.database.session() as session:
        return refresh(session, audit_id)


def audit_grade_lines(ctx: AppContext, audit_id: int) -> tuple[str, list[GradeLine]]:
    """(case reference, each graded area's auditor and moderator grades) for moderation."""
    from desktop_app.store.repositories.audits import audit_grade_lines as lines
    from desktop_app.store.repositories.audits import get_audit

    with ctx.database.session() as session:
        return get_audit(session, audit_id).case_reference, lines(session, audit_id)


def moderate_audit(
    ctx: AppContext, audit_id: int, decisions: list[ModerationDecision], moderator: str
) -> Changed:
    """Stores the moderator's grades and rationales. Raises ``ModerationError`` (one sentence)."""
    from desktop_app.app.lead_only import LeadOnly, refuse_lead_only
    from desktop_app.store.repositories.audits import ModerationError, get_audit
    from desktop_app.store.repositories.audits import moderate_audit as moderate

    with ctx.database.session() as session:
        visit_id = get_audit(session, audit_id).visit_id
        refuse_lead_only(session, visit_id, LeadOnly.MODERATE, ModerationError)
        moderate(session, audit_id, decisions, moderator)
    return Changed.VISITS | Changed.AUDITS


def audit_rows(ctx: AppContext, visit_id: int) -> list[dict[str, Any]]:
    """One row per audit of the visit (id, case_reference, auditor, status, escalated...)."""
    from desktop_app.store.repositories.listing import audit_rows as rows

    return rows(ctx.reader(), visit_id)


def audit_progress(ctx: AppContext, audit_id: int) -> AuditSummary:
    """How far one audit is (a fast read for the visit's list)."""
    from desktop_app.store.repositories.findings import audit_progress as progress

    return progress(ctx.reader(), audit_id)
