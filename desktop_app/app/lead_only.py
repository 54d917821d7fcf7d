"""What only a visit's lead does, refused on a laptop that holds the visit as an auditor.

A visit opened from a visit-assignment bundle (DESIGN.md "Within a council") is an auditor's
working copy: ``visit.assigned_by`` holds the lead's key fingerprint (set by
``exchange.assignment.apply_assignment``; empty on the laptop that leads the visit). Its case
list, sample, team, moderation and conflicts belong to the lead's laptop, and a later assignment
would overwrite them, so the operations here refuse with one sentence instead (the window hides
their buttons there). Everything the auditor does to the visit goes back in their return.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session


class LeadOnly(StrEnum):
    """An operation only the visit's lead does; the value completes "only the lead can ..."."""

    IMPORT_CASE_LIST = "import its case list"
    DRAW_SAMPLE = "draw its sample"
    ADD_CASE = "add cases to it"
    SWAP_CASE = "swap its cases"
    EDIT_VISIT = "change its details"
    EDIT_TEAM = "change its team"
    ASSIGN = "assign its cases"
    PACK = "pack its assignments"
    MODERATE = "moderate its audits"
    RESOLVE = "decide its conflicts"


def lead_only_refusal(session: Session, visit_id: int, action: LeadOnly) -> str | None:
    """The sentence refusing ``action`` when this laptop holds ``visit_id`` only as an auditor
    (from an assignment); None when the visit is led here, or there is no such visit (the
    operation itself then says so)."""
    from desktop_app.store.models import Visit
    from desktop_app.store.repositories.team import lead_of

    visit = session.get(Visit, visit_id)
    if visit is None or not visit.assigned_by:
        return None
    lead = lead_of(session, visit_id)
    name = lead.name if lead is not None else "the lead"
    return (
        f"Visit {visit_id} ({visit.title}) is on this laptop as your assignment from {name}, "
        f"so only the lead can {action}; ask {name} to do it on their laptop."
    )


def refuse_lead_only(
    session: Session, visit_id: int, action: LeadOnly, error: type[Exception] | None = None
) -> None:
    """Raise ``error`` (default ``VisitError``) with :func:`lead_only_refusal`'s sentence when
    this laptop holds ``visit_id`` as an auditor; do nothing on the lead's laptop."""
    from desktop_app.store.repositories.visits import VisitError

    refusal = lead_only_refusal(session, visit_id, action)
    if refusal is not None:
        raise (error or VisitError)(refusal)
