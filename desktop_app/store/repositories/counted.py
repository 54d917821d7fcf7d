"""Which audit of a case counts: one case, one child, counted once.

A case can hold more than one audit of a visit when the lead resolved a conflict by keeping
both as separate audits (issue 11, ``visits resolve --keep both``). Both stay on the audit list,
in exports and in returns, each with its owner; but the findings, the visit report and findings
bundles count the CASE once. This module is the one place that decides how:

* the case is at risk now when ANY of its audits escalates (a child at risk is never hidden by a
  second view), and the report names every auditor who escalated;
* grades, cohorts and the number of cases audited come from ONE audit per case, the *counted*
  audit: the case's first audit on the lead's list, which the lead's assignment gives out, so
  it is the audit of the person holding the case; an audit kept by "keep both" is added later.
  If that audit has no work yet and another audit of the case has, the audit with work counts;
* the other audits of the case are listed in the report's "Cases audited twice" section;
* the arriving side of a conflict the lead has not decided yet is not an audit of the case
  here (``undecided.COUNTED_AUDIT``), but its escalation still puts the case at risk now.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from desktop_app.store.repositories.undecided import COUNTED_AUDIT
from desktop_app.store.vocabulary import AuditStatus


@dataclass(frozen=True)
class CaseAudits:
    """The audits of one case of a visit: ``counted_id`` (the audit whose grades count),
    ``others`` (audits kept besides it, oldest first; empty for a case audited once) and
    ``escalated`` (True when any of them escalated a child at risk now)."""

    case_reference: str
    counted_id: int
    others: tuple[int, ...]
    escalated: bool

    @property
    def audit_ids(self) -> tuple[int, ...]:
        """Every audit of the case, the counted one first."""
        return (self.counted_id, *self.others)


def visit_cases(connection: sqlite3.Connection, visit_id: int) -> list[CaseAudits]:
    """The visit's cases in the order of their first audit, each with the audit that counts.

    Audits are of the same case when their case references match ignoring case (as the merge
    of returns matches them). One query over ``audit``; a plain ``sqlite3.Connection``.
    """
    grouped: dict[str, list[tuple[int, str, bool, bool]]] = {}
    undecided_at_risk: set[str] = set()
    for audit_id, reference, status, escalated, counts in connection.execute(
        f"SELECT a.id, a.case_reference, a.status, a.escalated, {COUNTED_AUDIT} FROM audit a "
        "WHERE a.visit_id = ? ORDER BY a.id",
        (visit_id,),
    ):
        key = str(reference).casefold()
        if not counts:  # the arriving side of an undecided conflict: only its escalation shows
            if escalated:
                undecided_at_risk.add(key)
            continue
        started = str(status) != AuditStatus.NOT_STARTED
        grouped.setdefault(key, []).append(
            (int(audit_id), str(reference), started, bool(escalated))
        )
    cases = []
    for key, audits in grouped.items():
        counted = next((item for item in audits if item[2]), audits[0])
        cases.append(
            CaseAudits(
                case_reference=counted[1],
                counted_id=counted[0],
                others=tuple(item[0] for item in audits if item is not counted),
                escalated=key in undecided_at_risk or any(item[3] for item in audits),
            )
        )
    return cases
