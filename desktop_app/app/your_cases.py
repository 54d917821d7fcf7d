""" "Your cases" on an auditor's laptop: the cases of a visit opened from an assignment, how far
each has come, what has not yet been sent to the lead, and when a return was last sent.

A return carries every audit of the working visit as it stands (``exchange.audit_return``), so
an audit is *sent* when its answers have not changed since the last return written here (the
export log, ``export_log``, keeps each bundle that left this laptop with its time), and *not yet
sent* when it has answers newer than that return, or no return was written yet. An audit whose
case the lead moved to someone else (``assigned_to`` set by a later assignment to its new
holder) stays here, is not counted among the auditor's cases, and goes back to the lead in the
next return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from desktop_app.store.vocabulary import AuditStatus

__all__ = ["AuditStatus", "ReturnSent", "SentState", "YourCase", "YourCases", "your_cases"]


class SentState(StrEnum):
    """Whether the lead has an audit as it stands here; the value is what the table shows."""

    NOTHING_YET = "Nothing to send yet"
    NOT_SENT = "Not sent yet"
    CHANGED = "Changed since your last return"
    SENT = "Sent"


@dataclass(frozen=True)
class YourCase:
    """One audit of the working visit: its case, status words, escalation, sent state, and
    whether the lead has moved the case to someone else (it still goes back in the return)."""

    audit_id: int
    case_reference: str
    status: AuditStatus
    escalated: bool
    sent: SentState
    moved_to: str | None  # who holds the case now, when the lead moved it to someone else

    @property
    def moved(self) -> bool:
        """Whether the lead moved the case to someone else (the newest assignment)."""
        return self.moved_to is not None

    @property
    def status_words(self) -> str:
        """The status as the table shows it ("In progress")."""
        return self.status.label

    @property
    def note(self) -> str:
        """What the table's note says of a moved case: where it went, and that unsent work on
        it still goes to the lead with the next return; empty for the auditor's own cases."""
        if self.moved_to is None:
            return ""
        if self.sent in (SentState.NOT_SENT, SentState.CHANGED):
            return f"Moved to {self.moved_to}: goes to the lead with your next return"
        return f"Moved to {self.moved_to}"


@dataclass(frozen=True)
class ReturnSent:
    """A return written on this laptop: when (UTC), its Bundle-Sequence, how many audits, where."""

    sent_at: datetime
    sequence: int
    audits: int | None
    path: str


@dataclass(frozen=True)
class YourCases:
    """What an auditor's "Your cases" shows for one working visit."""

    visit_id: int
    lead: str | None
    cases: list[YourCase]
    last_sent: ReturnSent | None
    returns_sent: int

    @property
    def not_sent(self) -> list[YourCase]:
        """Audits with answers the lead does not have yet."""
        return [c for c in self.cases if c.sent in (SentState.NOT_SENT, SentState.CHANGED)]

    @property
    def escalations(self) -> list[str]:
        """Case references of children at risk now among the auditor's audits."""
        return [c.case_reference for c in self.cases if c.escalated]

    @property
    def held(self) -> list[YourCase]:
        """The cases this auditor holds per the newest assignment (not those moved away)."""
        return [c for c in self.cases if not c.moved]

    def count(self, *statuses: AuditStatus) -> int:
        """How many of the held cases (``held``) have one of ``statuses``."""
        return sum(1 for c in self.held if c.status in statuses)


_COUNT = re.compile(r"^return of (\d+) audit")


def _moment(value: Any) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite keeps them as text)."""
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _mine(holder: str, my_name: str | None) -> bool:
    """Whether an audit held by ``holder`` is this laptop's auditor's (by their name on the
    team; without it, any named holder, as before assignments named the new holder)."""
    return holder == my_name if my_name is not None else bool(holder)


def _return_of_visit(
    recorded: str | None,
    what: str,
    moment: datetime,
    uuid: str,
    title: str,
    arrived: datetime | None,
) -> bool:
    """Whether a return in the export log is of the visit ``uuid``: by the visit UUID recorded
    with it; a return written before that record existed (``recorded`` None) by the title its
    description names, and made after the visit arrived."""
    if recorded is not None:
        return recorded == uuid
    return what.endswith(f" of visit {title}") and (arrived is None or moment >= arrived)


def your_cases(ctx: AppContext, visit_id: int) -> YourCases:
    """The auditor's cases of ``visit_id`` and what has been sent of them.

    Raises ``UserError`` when there is no such visit, or it is led from this laptop (the Team
    tab shows the lead's view then). Returns are matched to the visit by its UUID, recorded
    with each return written (``store.repositories.team_sent``), so two visits of one title, or
    a title the lead edited, never share or lose a return. A return written before that record
    existed is matched, as then, by the export log's description ("return of N audit(s) of
    visit TITLE") and having been made after the visit arrived here.
    """
    from desktop_app.exchange.public_identity import read_public_identity
    from desktop_app.store.models import Visit
    from desktop_app.store.repositories.audits import PREFILLED_BY
    from desktop_app.store.repositories.team import lead_of, member_by_fingerprint
    from desktop_app.store.repositories.team_sent import visits_of_sent

    with ctx.database.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise UserError(f"There is no visit {visit_id}; run 'critical-friend list visits'.")
        if not visit.assigned_by:
            raise UserError(
                f"Visit {visit_id} is led from this laptop; 'Your cases' is an auditor's view of "
                "an assignment."
            )
        lead = lead_of(session, visit_id)
        title, arrived, uuid = visit.title, _moment(visit.created_at), visit.uuid
        visit_of = visits_of_sent(session)
        own = read_public_identity(ctx.home.root)
        me = member_by_fingerprint(session, visit_id, own.fingerprint) if own else None
        my_name = me.name if me is not None else None
    connection = ctx.reader()
    sent = []
    for what, created_at, sequence, path, identifier in connection.execute(
        "SELECT what, created_at, sequence, path, external_identifier FROM export_log "
        "WHERE bundle_type = 'audit-return' ORDER BY created_at, id"
    ):
        moment = _moment(created_at)
        if moment is None or not _return_of_visit(
            visit_of.get(str(identifier)), str(what), moment, uuid, title, arrived
        ):
            continue
        counted = _COUNT.match(str(what))
        sent.append(
            ReturnSent(moment, int(sequence), int(counted.group(1)) if counted else None, str(path))
        )
    last = sent[-1] if sent else None
    lead_name = lead.name if lead else "the lead"
    cases = []
    for audit_id, reference, status, escalated, assigned_to, changed in connection.execute(
        "SELECT a.id, a.case_reference, a.status, a.escalated, a.assigned_to, "
        "(SELECT MAX(an.updated_at) FROM answer an WHERE an.record_id = a.record_id "
        "AND an.updated_by != ?) FROM audit a WHERE a.visit_id = ? ORDER BY a.escalated DESC, a.id",
        (PREFILLED_BY, visit_id),
    ):
        answered = _moment(changed)
        if status == AuditStatus.NOT_STARTED or answered is None:
            state = SentState.NOTHING_YET
        elif last is None:
            state = SentState.NOT_SENT
        elif answered > last.sent_at:
            state = SentState.CHANGED
        else:
            state = SentState.SENT
        cases.append(
            YourCase(
                int(audit_id),
                str(reference),
                AuditStatus(status),
                bool(escalated),
                state,
                None if _mine(str(assigned_to or ""), my_name) else str(assigned_to or lead_name),
            )
        )
    return YourCases(visit_id, lead.name if lead else None, cases, last, len(sent))
