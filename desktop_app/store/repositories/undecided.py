"""Audits a visit's figures leave out while the lead has not decided a conflict.

When a return brings a second state of an audit (changed on two laptops) or a second audit of a
case (audited by two people), ``team_merge.merge_audit_states`` keeps it as its own audit and
opens an ``audit_conflict`` row: ``first_audit_id`` is the audit already held here,
``second_audit_id`` the one that arrived, ``resolution`` is empty until the lead decides. Until
then the arriving side is not counted (findings, agreement, the report's audit table): the
same child must not be counted twice, and a percentage must not change when the lead decides.
This is the ONE place that rule lives; findings and the visit report both use it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# A WHERE condition on an ``audit`` row aliased ``a``: true unless it is the arriving side of
# an undecided conflict.
COUNTED_AUDIT = (
    "NOT EXISTS (SELECT 1 FROM audit_conflict uc WHERE uc.second_audit_id = a.id "
    "AND uc.resolution = '')"
)


@dataclass(frozen=True)
class UndecidedConflict:
    """A conflict the lead has not decided: the case, who holds the audit counted (first) and
    who sent the one left out of the figures (second), and that audit's id."""

    case_reference: str
    first_by: str
    second_by: str
    left_out_audit_id: int

    @property
    def words(self) -> str:
        """``case X (A / B)`` for the report's DRAFT reason."""
        return f"case {self.case_reference} ({self.first_by or '?'} / {self.second_by or '?'})"


def undecided_conflicts(connection: sqlite3.Connection, visit_id: int) -> list[UndecidedConflict]:
    """The visit's undecided conflicts, oldest first (``audit_conflict.resolution`` empty)."""
    rows = connection.execute(
        "SELECT case_reference, first_by, second_by, second_audit_id FROM audit_conflict "
        "WHERE visit_id = ? AND resolution = '' AND second_audit_id IS NOT NULL ORDER BY id",
        (visit_id,),
    ).fetchall()
    return [
        UndecidedConflict(str(reference), str(first or ""), str(second or ""), int(audit_id))
        for reference, first, second, audit_id in rows
    ]
