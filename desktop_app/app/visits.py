"""Visits: the list, a visit's header, its details and team, its case list, sample and cases.

Each operation owns its session (through ``AppContext``) and returns what it changed; the
window's visit page and ``critical-friend visit ...`` call the same functions. Errors a person
can fix raise ``VisitError``, ``CaseListError`` or ``SamplingError`` with one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit_tool import ActionItem, CaseListError, SamplingError
from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.lead_only import LeadOnly, refuse_lead_only
from desktop_app.store.repositories.findings import VisitFindings, VisitFindingsCache
from desktop_app.store.repositories.listing import VISIT_KINDS
from desktop_app.store.repositories.visits import (
    VISIT_STATUSES,
    TeamMember,
    VisitDetails,
    VisitError,
)
from desktop_app.store.vocabulary import TeamRole
from forms.answer_words import people_date

__all__ = [
    "STATUS_WORDS",
    "VISIT_KINDS",
    "VISIT_STATUSES",
    "ActionItem",
    "CaseListError",
    "SamplingError",
    "TeamMember",
    "TeamRole",
    "VisitDetails",
    "VisitError",
    "VisitFindings",
    "VisitFindingsCache",
]

STATUS_WORDS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "moderation": "In moderation",
    "complete": "Complete",
}


@dataclass(frozen=True)
class VisitHeader:
    """What the top of a visit's page says: title, a few lines of facts, the case list."""

    title: str
    meta: str
    case_list_size: int
    case_list_columns: list[str]


@dataclass(frozen=True)
class VisitChanged:
    """The result of a change to a visit: a sentence for the page, and what changed."""

    message: str
    changed: Changed = Changed.VISITS


def list_visits(ctx: AppContext) -> list[dict[str, Any]]:
    """One row per visit (id, title, kind, host, start_date, status, audits...), newest first."""
    from desktop_app.store.repositories.listing import visit_rows

    return visit_rows(ctx.reader())


def council_choices(ctx: AppContext) -> list[tuple[int, str]]:
    """(organisation id, name) for a visit's host, the home council first."""
    rows = ctx.reader().execute("SELECT id, name FROM organisation ORDER BY is_home DESC, name")
    return [(int(row[0]), str(row[1])) for row in rows]


def audit_count(ctx: AppContext, visit_id: int) -> int:
    """How many audits the visit has (the page reads a very large visit on a worker)."""
    row = ctx.reader().execute("SELECT COUNT(*) FROM audit WHERE visit_id = ?", (visit_id,))
    return int(row.fetchone()[0])


def visit_header(ctx: AppContext, visit_id: int) -> VisitHeader:
    """The visit's title and facts: kind, host, dates as people read them, status, team, sample.

    Raises ``VisitError`` when there is no such visit.
    """
    from desktop_app.store.models import Organisation
    from desktop_app.store.repositories.case_lists import case_list_columns
    from desktop_app.store.repositories.visits import get_visit, team_of

    with ctx.database.session() as session:
        visit = get_visit(session, visit_id)
        host = session.get(Organisation, visit.host_organisation_id)
        team = team_of(session, visit_id)
        columns = case_list_columns(session, visit_id)
    size = (
        ctx.reader()
        .execute(
            "SELECT coalesce(sum(size), 0) FROM visit_case_list WHERE visit_id = ?", (visit_id,)
        )
        .fetchone()[0]
    )
    dates = " – ".join(
        dict.fromkeys(people_date(day) for day in (visit.start_date, visit.end_date) if day)
    )
    people = ", ".join(f"{member.name} ({member.role})" for member in team)
    lines = [
        " · ".join(
            part
            for part in (
                VISIT_KINDS.get(visit.kind, visit.kind),
                host.name if host else "",
                dates,
                STATUS_WORDS.get(visit.status, visit.status),
            )
            if part
        ),
        f"Key line of enquiry: {visit.line_of_enquiry or 'not set'}",
        f"Team: {people or 'not set'}",
    ]
    if visit.sample_seed is not None:
        lines.append(
            f"Sample: {visit.sample_size}{f' of {size}' if size else ''} cases, "
            f"seed {visit.sample_seed}"
            + (f", stratified by {visit.sample_by}" if visit.sample_by else "")
        )
    elif size:
        lines.append(f"Case list: {size} cases imported; the sample is not drawn yet.")
    return VisitHeader(visit.title, "\n".join(lines), int(size), columns)


def visit_findings(
    ctx: AppContext, cache: VisitFindingsCache, visit_id: int
) -> tuple[VisitFindings, list[ActionItem]]:
    """The visit's findings and actions, re-reading only the audits changed since last time."""
    found = cache.findings(ctx.reader(), visit_id)
    return found, cache.actions()


def read_findings_apart(ctx: AppContext, cache: VisitFindingsCache, visit_id: int) -> None:
    """Fills ``cache`` for a visit on a worker thread, over a connection of its own."""
    from desktop_app.store.schema import connect_read_only

    connection = connect_read_only(ctx.home.database)
    try:
        cache.findings(connection, visit_id)
    finally:
        connection.close()


def council_actions(ctx: AppContext) -> tuple[list[ActionItem], dict[int, str]]:
    """Every action from all the council's audits, and each audit's visit title."""
    from desktop_app.store.repositories.findings import council_actions as gather

    return gather(ctx.reader())


def visit_details(ctx: AppContext, visit_id: int) -> VisitDetails:
    """A visit's editable details and team. Raises ``VisitError`` when there is no such visit."""
    from desktop_app.store.repositories.visits import visit_details as read

    with ctx.database.session() as session:
        return read(session, visit_id)


def create_visit(ctx: AppContext, details: VisitDetails) -> tuple[int, Changed]:
    """Makes a visit; returns its id. Raises ``VisitError`` for missing or wrong details."""
    from desktop_app.store.repositories.visits import create_visit as create

    with ctx.database.session() as session:
        visit = create(session, details)
        return int(visit.id or 0), Changed.VISITS


def update_visit(ctx: AppContext, visit_id: int, details: VisitDetails) -> Changed:
    """Changes a visit's details, team or status. Raises ``VisitError`` for wrong details."""
    from desktop_app.store.repositories.visits import update_visit as update

    with ctx.database.session() as session:
        refuse_lead_only(session, visit_id, LeadOnly.EDIT_VISIT)
        update(session, visit_id, details)
    return Changed.VISITS


def import_case_list(
    ctx: AppContext, visit_id: int, path: Path, sheet: str | None = None
) -> VisitChanged:
    """Reads a case list (CSV, TSV, or ``sheet`` of a workbook: xlsx, xls, ods, an Annex A
    list) into the visit.

    Raises ``CaseListError`` (names the sheet, row and column) or ``VisitError``.
    """
    from desktop_app.store.repositories.visits import import_case_list as read

    with ctx.database.session() as session:
        refuse_lead_only(session, visit_id, LeadOnly.IMPORT_CASE_LIST)
        cases = read(session, visit_id, path, sheet)
    return VisitChanged(f"Imported {len(cases.rows)} cases from {path.name}.")


def draw_sample(
    ctx: AppContext,
    visit_id: int,
    size: int,
    seed: int,
    by: str | None = None,
    exclude_within_days: int = 365,
) -> VisitChanged:
    """Draws the audit sample from the case list (reproducible from the seed).

    Raises ``SamplingError`` or ``VisitError`` with one sentence.
    """
    from desktop_app.store.repositories.visits import draw_visit_sample

    with ctx.database.session() as session:
        refuse_lead_only(session, visit_id, LeadOnly.DRAW_SAMPLE)
        result = draw_visit_sample(
            session, visit_id, size, seed, by=by, exclude_within_days=exclude_within_days
        )
    notes = " ".join(result.notes)
    return VisitChanged(f"Drew {len(result.chosen)} cases with seed {seed}. {notes}".strip())


def add_case(ctx: AppContext, visit_id: int, reference: str, reason: str) -> VisitChanged:
    """Adds a case by hand to the audit list. Raises ``VisitError``."""
    from desktop_app.store.repositories.visits import add_case as add

    with ctx.database.session() as session:
        refuse_lead_only(session, visit_id, LeadOnly.ADD_CASE)
        add(session, visit_id, reference, reason)
    return VisitChanged(f"Added case {reference.strip()} to the audit list.")


def audit_of_case(ctx: AppContext, visit_id: int, reference: str) -> int:
    """The id of the visit's audit of case ``reference`` (on the audit list, not removed), as
    the window's Swap case starts from; ``VisitError`` when the visit has no such audit."""
    row = (
        ctx.reader()
        .execute(
            "SELECT a.id FROM audit a LEFT JOIN visit_case c ON c.id = a.visit_case_id "
            "WHERE a.visit_id = ? AND a.case_reference = ? AND COALESCE(c.removed, 0) = 0 "
            "ORDER BY a.id LIMIT 1",
            (visit_id, reference.strip()),
        )
        .fetchone()
    )
    if row is None:
        raise VisitError(
            f"Visit {visit_id} has no audit of case {reference.strip()}; see "
            f"'critical-friend list audits --visit {visit_id}'."
        )
    return int(row["id"])


def case_reference(ctx: AppContext, audit_id: int) -> str:
    """The case reference an audit is about. Raises ``LookupError`` when there is no audit."""
    from desktop_app.store.repositories.audits import get_audit

    with ctx.database.session() as session:
        return get_audit(session, audit_id).case_reference


def swap_case(ctx: AppContext, audit_id: int, reference: str, reason: str) -> VisitChanged:
    """Swaps the audit's case for another; the old case is kept, marked removed.

    Raises ``VisitError`` (or ``AuditError``) with one sentence.
    """
    from desktop_app.store.repositories.audits import get_audit
    from desktop_app.store.repositories.visits import swap_case as swap

    with ctx.database.session() as session:
        audit = get_audit(session, audit_id)
        refuse_lead_only(session, audit.visit_id, LeadOnly.SWAP_CASE)
        if audit.visit_case_id is None:
            raise VisitError("This audit is not linked to a case on the list.")
        swap(session, audit.visit_case_id, reference, reason)
    return VisitChanged(
        f"Swapped in case {reference.strip()}; the old case is kept, marked removed."
    )
