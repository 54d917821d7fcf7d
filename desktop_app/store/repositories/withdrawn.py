"""Escalations that were recorded and later withdrawn, read from the audits' change log.

A child-at-risk escalation is the answer "yes" to a question with the ``escalation`` role
(forms/README.md). Setting it back to "no" takes the audit off the report's child-at-risk table,
but a safeguarding reader must still see that a risk was once recorded and by whom it was
withdrawn: the ``answer_change`` table (every change, who made it and when, merged from every
laptop and never lost) holds both moments.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_app.store.repositories.findings import VisitFrame
from forms.answer_words import people_date

_YES = "yes"


@dataclass(frozen=True)
class WithdrawnEscalation:
    """One escalation recorded by ``raised_by`` at ``raised_at`` and withdrawn by
    ``withdrawn_by`` at ``withdrawn_at`` (UTC), on the audit of ``case_reference``."""

    case_reference: str
    raised_by: str
    raised_at: datetime
    withdrawn_by: str
    withdrawn_at: datetime

    @property
    def sentence(self) -> str:
        """The line the visit report prints under its child-at-risk section."""
        return (
            f"Case {self.case_reference}: an escalation was recorded by "
            f"{self.raised_by or 'someone unnamed'} on {people_date(self.raised_at.date())} and "
            f"withdrawn by {self.withdrawn_by or 'someone unnamed'} on "
            f"{people_date(self.withdrawn_at.date())}."
        )


def _is_yes(text: str | None) -> bool:
    if text is None:
        return False
    try:
        return bool(json.loads(text) == _YES)
    except (ValueError, RecursionError):
        return False


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))  # ValueError when it is not a time


def withdrawn_escalations(
    connection: sqlite3.Connection, visit_id: int, frame: VisitFrame
) -> list[WithdrawnEscalation]:
    """Every escalation of the visit's audits set to "yes" and later away from it, in case
    order then time order; each audit of the visit counts (a conflict's arriving side too:
    safeguarding history is never left out)."""
    flag_ids = sorted(
        {q.id for d in frame.definitions for q in d.questions_with_role("escalation")}
    )
    if not flag_ids:
        return []
    marks = ",".join("?" * len(flag_ids))
    rows = connection.execute(
        "SELECT a.id, a.case_reference, c.new_value, c.changed_at, c.changed_by "
        "FROM audit a JOIN answer_change c ON c.record_id = a.record_id "
        f"AND c.question_id IN ({marks}) WHERE a.visit_id = ? "
        "ORDER BY a.case_reference, a.id, c.changed_at, c.id",
        (*flag_ids, visit_id),
    )
    return withdrawals(rows)


def withdrawals(rows: Iterable[Sequence[object]]) -> list[WithdrawnEscalation]:
    """The withdrawn escalations in change-log rows ``(audit id, case reference, new value as
    JSON text or None, changed at, changed by)`` given per audit in time order: each "yes"
    followed by a value other than "yes" on the same audit is one. A value that is not JSON reads
    as not "yes"; a row whose time is not a time (a hand-made bundle) is skipped; nothing raises."""
    found: list[WithdrawnEscalation] = []
    raised: dict[object, tuple[str, datetime]] = {}
    for audit_id, reference, new_value, changed_at, changed_by in rows:
        try:
            when = _moment(changed_at)
        except ValueError:
            continue
        value = new_value if isinstance(new_value, str) else None
        if _is_yes(value):
            raised.setdefault(audit_id, (str(changed_by or ""), when))
        elif audit_id in raised:
            by, at = raised.pop(audit_id)
            found.append(WithdrawnEscalation(str(reference), by, at, str(changed_by or ""), when))
    return found
