"""The action tracker: every action recorded in audits, open ones first, by due date.

Actions come from each audit's repeat answers: a list of dicts with the keys ``what``,
``owner``, ``due`` and ``status``. Any key may be missing or empty; a row with no ``what``,
``owner`` or ``due`` at all is an empty repeat row and is skipped. ``due`` may be a ``date``,
a ``datetime``, an ISO date (``2025-03-31``) or a UK date (``31/03/2025``); anything else
leaves ``due`` as None and keeps the text in ``due_text``. A missing status means ``open``;
statuses in :data:`CLOSED_STATUSES` (compared case-insensitively) are closed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

OPEN_STATUS = "open"
CLOSED_STATUSES = frozenset(
    {"done", "complete", "completed", "closed", "cancelled", "canceled", "withdrawn"}
)
_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class AuditActionAnswers(NamedTuple):
    """One audit's action answers, as the store reads them."""

    audit_id: int
    case_reference: str
    actions: Sequence[Mapping[str, object]] | None


@dataclass(frozen=True, slots=True)
class ActionItem:
    """One action from an audit."""

    audit_id: int
    case_reference: str
    what: str
    owner: str
    due: dt.date | None
    status: str
    due_text: str = ""

    @property
    def is_open(self) -> bool:
        """True unless the status says the action is finished or dropped."""
        return self.status.casefold() not in CLOSED_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        """True when the action is open and its due date has passed."""
        return self.is_open and self.due is not None and self.due < today


def parse_due_date(value: object) -> dt.date | None:
    """Read a due date from a date, datetime, ISO text or UK ``dd/mm/yyyy`` text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = _UK_DATE.match(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def action_sort_key(action: ActionItem) -> tuple[bool, bool, dt.date, int, str]:
    """Open before closed, then earliest due first (no due date last), then audit."""
    return (
        not action.is_open,
        action.due is None,
        action.due or dt.date.max,
        action.audit_id,
        action.what,
    )


def collect_actions(rows: Iterable[AuditActionAnswers]) -> list[ActionItem]:
    """Gather every action from every audit, sorted by :func:`action_sort_key`."""
    items: list[ActionItem] = []
    for audit_id, case_reference, answers in rows:
        for answer in answers or ():
            what = _text(answer.get("what"))
            owner = _text(answer.get("owner"))
            raw_due = answer.get("due")
            due_text = raw_due.strip() if isinstance(raw_due, str) else ""
            due = parse_due_date(raw_due)
            if not (what or owner or due or due_text):
                continue
            items.append(
                ActionItem(
                    audit_id=audit_id,
                    case_reference=case_reference,
                    what=what,
                    owner=owner,
                    due=due,
                    status=_text(answer.get("status")) or OPEN_STATUS,
                    due_text=due_text or (due.isoformat() if due else ""),
                )
            )
    items.sort(key=action_sort_key)
    return items


def overdue(actions: Iterable[ActionItem], today: dt.date) -> list[ActionItem]:
    """Return the open actions whose due date is before ``today``, most overdue first."""
    return sorted((action for action in actions if action.is_overdue(today)), key=action_sort_key)


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()
