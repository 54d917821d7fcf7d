"""A visit's team across laptops: members and their keys, who holds which case, returns received,
conflicts and their resolution (DESIGN.md "Within a council").

On the lead's laptop each audit is *assigned to* one team member (its owner); the lead splits the
sample evenly or moves cases by hand. Returns received are recorded per member with their
Bundle-Sequence, so an older return is refused and the same one twice changes nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop_app.store.models import (
    Answer,
    AnswerChange,
    Audit,
    AuditConflict,
    Moderation,
    Record,
    TeamReturn,
    Visit,
    VisitCase,
    VisitMember,
)
from desktop_app.store.models.core import utcnow
from desktop_app.store.repositories.audits import PREFILLED_BY
from desktop_app.store.repositories.visits import VisitError, get_visit
from desktop_app.store.vocabulary import AuditStatus, Keep, TeamRole


class TeamError(VisitError):
    """A team change that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class MemberKey:
    """A team member's keys, from their key card, and the council the card names."""

    public_line: str
    fingerprint: str
    age_recipient: str
    organisation: str = ""


@dataclass(frozen=True)
class Member:
    """A team member as screens and commands show them."""

    id: int
    name: str
    role: TeamRole
    fingerprint: str
    age_recipient: str
    public_line: str
    organisation: str = ""


def members(session: Session, visit_id: int) -> list[Member]:
    """The visit's team, in the order they were added."""
    rows = session.exec(
        select(VisitMember).where(VisitMember.visit_id == visit_id).order_by(col(VisitMember.id))
    )
    return [
        Member(
            id=row.id or 0,
            name=row.name,
            role=TeamRole.stored(row.role),
            fingerprint=row.fingerprint,
            age_recipient=row.age_recipient,
            public_line=row.public_line,
            organisation=row.organisation,
        )
        for row in rows
    ]


def member_named(session: Session, visit_id: int, name: str) -> Member:
    """The member of that name (case ignored); TeamError names the team when there is none."""
    team = members(session, visit_id)
    for member in team:
        if member.name.casefold() == name.strip().casefold():
            return member
    names = ", ".join(m.name for m in team) or "nobody yet"
    raise TeamError(
        f"{name} is not on the team of visit {visit_id} (the team: {names}); add them with "
        "'critical-friend visits team --visit ID --add NAME --role auditor --card FILE'."
    )


def add_member(
    session: Session, visit_id: int, name: str, role: TeamRole, key: MemberKey | None
) -> Member:
    """Add (or update) a member; the lead is unique, and a key belongs to one member only."""
    get_visit(session, visit_id)
    name = " ".join(name.split())
    if not name:
        raise TeamError("Give the team member's name, e.g. --add 'Asha Patel'.")
    existing = {m.name.casefold(): m for m in members(session, visit_id)}
    if role == TeamRole.LEAD:
        other = next(
            (m for m in existing.values() if m.role == TeamRole.LEAD and m.name != name), None
        )
        if other is not None:
            raise TeamError(f"{other.name} already leads this visit; a visit has one lead.")
    if key is not None:
        clash = next(
            (
                m
                for m in existing.values()
                if m.fingerprint == key.fingerprint and m.name.casefold() != name.casefold()
            ),
            None,
        )
        if clash is not None:
            raise TeamError(f"That key card is {clash.name}'s; each member brings their own card.")
    row = session.exec(
        select(VisitMember).where(VisitMember.visit_id == visit_id, VisitMember.name == name)
    ).first()
    if row is None and name.casefold() in existing:
        row = session.get(VisitMember, existing[name.casefold()].id)
    if row is None:
        row = VisitMember(visit_id=visit_id, name=name)
    row.role = str(role)
    if key is not None:
        row.public_line = key.public_line
        row.fingerprint = key.fingerprint
        row.age_recipient = key.age_recipient
        if key.organisation:
            row.organisation = key.organisation
    session.add(row)
    session.flush()
    return member_named(session, visit_id, name)


def remove_member(session: Session, visit_id: int, name: str) -> Member:
    """Take ``name`` off the visit's team; refused (TeamError) while they hold cases of it.

    Their returns already merged stay (the audits and change logs are the visit's); a later
    return signed by them is refused, as from anyone outside the team.
    """
    member = member_named(session, visit_id, name)
    held = session.exec(
        select(func.count())
        .select_from(Audit)
        .where(Audit.visit_id == visit_id, Audit.assigned_to == member.name)
    ).one()
    if held:
        raise TeamError(
            f"{member.name} holds {held} case(s) of this visit; give them to another auditor "
            f"first, then remove {member.name}."
        )
    row = session.get(VisitMember, member.id)
    if row is not None:
        session.delete(row)
        session.flush()
    return member


def lead_of(session: Session, visit_id: int) -> Member | None:
    """The visit's lead, if one is named."""
    return next((m for m in members(session, visit_id) if m.role == TeamRole.LEAD), None)


def member_by_fingerprint(session: Session, visit_id: int, fingerprint: str) -> Member | None:
    """The team member whose key card has this fingerprint."""
    return next(
        (m for m in members(session, visit_id) if m.fingerprint and m.fingerprint == fingerprint),
        None,
    )


def visit_by_uuid(session: Session, uuid: str) -> Visit | None:
    """The visit with that identity on this laptop."""
    return session.exec(select(Visit).where(Visit.uuid == uuid)).first()


# Assigning cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    """Cases moved by an assignment: the audits given, and the sentence warning the lead when
    any of them held work already typed or returned (None when none did)."""

    audit_ids: list[int]
    warning: str | None


def returned_work_warning(session: Session, moves: list[tuple[Audit, str]]) -> str | None:
    """The sentence that warns the lead before audits holding typed work change holder.

    ``moves`` are (audit, its holder before the move); a move to the same person, or of an audit
    nobody held, is no move. Work is any change-log entry a person made (returned by an
    auditor, or typed on this laptop); the sentence names the cases, who typed in them and the
    rule that keeps a later return from the earlier holder (README "A visit's team").
    """
    moved = {
        audit.id: (audit, before)
        for audit, before in moves
        if before and before != audit.assigned_to and audit.id is not None
    }
    if not moved:
        return None
    typists: dict[int, set[str]] = defaultdict(set)
    for audit_id, by in session.connection().exec_driver_sql(
        "SELECT DISTINCT a.id, ch.changed_by FROM audit a "
        "JOIN answer_change ch ON ch.record_id = a.record_id "
        f"WHERE ch.changed_by != ? AND a.id IN ({', '.join('?' for _ in moved)})",
        (PREFILLED_BY, *moved),
    ):
        typists[int(audit_id)].add(str(by))
    if not typists:
        return None
    parts = []
    for audit_id in sorted(typists, key=lambda i: moved[i][0].case_reference):
        audit, before = moved[audit_id]
        people = " and ".join(sorted(typists[audit_id]))
        parts.append(
            f"case {audit.case_reference} ({before}'s, with work by {people}) goes to "
            f"{audit.assigned_to}"
        )
    return (
        "Work already done moves with its audit and change log: "
        + "; ".join(parts)
        + ". A later return from the earlier holder is merged into the audit as their edits "
        "while the new holder has not changed it, and shown to you as a conflict if both have."
    )


def assign_cases(session: Session, visit_id: int, auditor: str, references: list[str]) -> Moved:
    """Give these cases of the audit list to ``auditor`` (moving them from whoever held them);
    the result warns when a moved audit already held typed or returned work."""
    member = member_named(session, visit_id, auditor)
    audits = {
        a.case_reference.casefold(): a
        for a in session.exec(
            select(Audit)
            .where(Audit.visit_id == visit_id, col(Audit.conflict).is_(False))
            .order_by(col(Audit.id).desc())  # the case's first audit (its holder's) wins
        )
    }
    chosen: list[Audit] = []
    for reference in references:
        audit = audits.get(reference.strip().casefold())
        if audit is None:
            raise TeamError(
                f"Case {reference} is not on the audit list of visit {visit_id}; run "
                f"'critical-friend list audits --visit {visit_id}' to see the cases."
            )
        chosen.append(audit)
    moves = [(audit, audit.assigned_to) for audit in chosen]
    for audit in chosen:
        audit.assigned_to = member.name
        session.add(audit)
    session.flush()
    return Moved([audit.id or 0 for audit in chosen], returned_work_warning(session, moves))


def split_cases(
    session: Session, visit_id: int, by: str | None = None
) -> tuple[dict[str, int], str | None]:
    """Share the audit list evenly among the auditors, keeping each stratum balanced.

    Cases are taken stratum by stratum (the sample's ``by`` column, else none), in case
    reference order, and dealt in turn to the auditor holding fewest so far, so every auditor
    gets a near-equal share overall and of each stratum. Returns cases per auditor, and the
    warning of ``returned_work_warning`` when audits holding work change holder.
    """
    visit = get_visit(session, visit_id)
    auditors = [m.name for m in members(session, visit_id) if m.role == TeamRole.AUDITOR]
    if not auditors:
        raise TeamError(
            "The visit has no auditors yet; add them with "
            "'critical-friend visits team --visit ID --add NAME --role auditor --card FILE'."
        )
    column = by or visit.sample_by
    rows = session.exec(
        select(Audit, VisitCase)
        .join(VisitCase, col(VisitCase.id) == col(Audit.visit_case_id), isouter=True)
        .where(Audit.visit_id == visit_id, col(Audit.conflict).is_(False))
    ).all()
    if not rows:
        raise TeamError("The visit has no cases to share yet; draw the sample first.")
    strata: dict[str, list[Audit]] = defaultdict(list)
    for audit, case in rows:
        fields: dict[str, Any] = json.loads(case.fields) if case is not None else {}
        strata[str(fields.get(column, "")) if column else ""].append(audit)
    counts = dict.fromkeys(auditors, 0)
    moves: list[tuple[Audit, str]] = []
    turn = 0
    for stratum in sorted(strata):
        for audit in sorted(strata[stratum], key=lambda a: a.case_reference):
            fewest = min(counts.values())
            candidates = [name for name in auditors if counts[name] == fewest]
            name = candidates[turn % len(candidates)]
            turn += 1
            counts[name] += 1
            moves.append((audit, audit.assigned_to))
            audit.assigned_to = name
            session.add(audit)
    session.flush()
    return counts, returned_work_warning(session, moves)


# Progress, returns, what is missing ------------------------------------------------------------


@dataclass(frozen=True)
class AuditorProgress:
    """One team member's share of the audit list and how far it has come."""

    name: str
    role: str
    cases: int
    started: int
    complete: int
    escalations: int
    last_return: datetime | None
    returns: int


def progress_by_member(session: Session, visit_id: int) -> list[AuditorProgress]:
    """Per member: cases held, started, complete (or moderated), escalations, returns.

    A case is held by the member it is assigned to; one never assigned (a visit audited on one
    laptop) by the auditor its form names, as lists name them (``audits.OWNER_SQL``)."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for assigned, auditor, status, escalated in session.exec(
        select(Audit.assigned_to, Audit.auditor, Audit.status, Audit.escalated).where(
            Audit.visit_id == visit_id
        )
    ):
        entry = stats[assigned or auditor]
        entry[0] += 1
        entry[1] += status != "not_started"
        entry[2] += AuditStatus(status).finished
        entry[3] += bool(escalated)
    returns: dict[str, list[datetime]] = defaultdict(list)
    for row in session.exec(select(TeamReturn).where(TeamReturn.visit_id == visit_id)):
        returns[row.member_name].append(row.received_at)
    result = []
    for member in members(session, visit_id):
        cases, started, complete, escalations = stats.get(member.name, [0, 0, 0, 0])
        received = returns.get(member.name, [])
        result.append(
            AuditorProgress(
                member.name,
                member.role,
                cases,
                started,
                complete,
                escalations,
                max(received) if received else None,
                len(received),
            )
        )
    return result


def auditors_not_returned(session: Session, visit_id: int) -> list[str]:
    """Names of team members holding cases of the visit from whom no return has arrived.

    Empty on a visit without assignments (one laptop) and on an auditor's own working copy.
    """
    visit = get_visit(session, visit_id)
    if visit.assigned_by:
        return []
    lead = lead_of(session, visit_id)
    holders = {
        name
        for name in session.exec(
            select(Audit.assigned_to).where(Audit.visit_id == visit_id, Audit.assigned_to != "")
        )
    }
    returned = set(
        session.exec(select(TeamReturn.member_name).where(TeamReturn.visit_id == visit_id))
    )
    return [
        m.name
        for m in members(session, visit_id)
        if m.name in holders and m.name not in returned and (lead is None or m.name != lead.name)
    ]


@dataclass(frozen=True)
class ReturnRow:
    """A return received: from whom, when, which sequence, how many audits and conflicts."""

    id: int
    member: str
    sequence: int
    received_at: datetime
    created: str
    audits: int
    conflicts: int


def returns_received(session: Session, visit_id: int) -> list[ReturnRow]:
    """The returns merged into the visit, newest first."""
    rows = session.exec(
        select(TeamReturn)
        .where(TeamReturn.visit_id == visit_id)
        .order_by(col(TeamReturn.received_at).desc(), col(TeamReturn.id).desc())
    )
    return [
        ReturnRow(
            row.id or 0,
            row.member_name,
            row.sequence,
            row.received_at,
            row.created,
            row.audits,
            row.conflicts,
        )
        for row in rows
    ]


def return_seen(session: Session, tagmanifest_sha512: str) -> TeamReturn | None:
    """The return already merged with this signed tag manifest, if any."""
    return session.exec(
        select(TeamReturn).where(TeamReturn.tagmanifest_sha512 == tagmanifest_sha512)
    ).first()


def highest_return(session: Session, visit_id: int, fingerprint: str) -> int | None:
    """The highest Bundle-Sequence merged from this key into the visit."""
    value = session.exec(
        select(func.max(TeamReturn.sequence)).where(
            TeamReturn.visit_id == visit_id, TeamReturn.fingerprint == fingerprint
        )
    ).one()
    return None if value is None else int(value)


# Conflicts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictSide:
    """One side of a conflict, as the lead compares them."""

    audit_id: int | None
    by: str
    status: str
    overall_grade: str | None
    escalated: bool
    answers: dict[str, Any]
    words: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Question id -> (the question's label, the answer in words), for people to compare."""
    grade_words: str = ""
    """The overall grade as its scale names it ("Requires improvement to be good")."""

    def label_and_words(self, question_id: str) -> tuple[str, str]:
        """(label, answer in words) of one question; the id and raw value when not known."""
        found = self.words.get(question_id)
        if found is not None:
            return found
        value = self.answers.get(question_id)
        return question_id, "" if value is None else str(value)


@dataclass(frozen=True)
class ConflictRow:
    """A conflict and both sides, for the side-by-side view and ``visits conflicts``."""

    id: int
    visit_id: int
    kind: str
    case_reference: str
    resolution: str
    first: ConflictSide
    second: ConflictSide

    @property
    def open(self) -> bool:
        return not self.resolution

    def differing(self) -> list[tuple[str, str, str]]:
        """The answers the two sides give differently, as (question label, first side's words,
        second side's words), in question id order; the auditor's name and the audit date,
        which differ whenever two people audit, are left out."""
        keys = sorted(
            key
            for key in set(self.first.answers) | set(self.second.answers)
            if key not in ("auditor", "audit_date")
            and self.first.answers.get(key) != self.second.answers.get(key)
        )
        rows = []
        for key in keys:
            label, first = self.first.label_and_words(key)
            second = self.second.label_and_words(key)[1]
            rows.append((label, first, second))
        return rows

    def to_json(self) -> dict[str, Any]:
        """A plain JSON object for ``visits conflicts --json`` (answers are in the audits)."""

        def side(value: ConflictSide) -> dict[str, Any]:
            return {
                "audit_id": value.audit_id,
                "by": value.by,
                "status": value.status,
                "overall_grade": value.overall_grade,
                "escalation": value.escalated,
            }

        return {
            "id": self.id,
            "visit_id": self.visit_id,
            "kind": self.kind,
            "case_reference": self.case_reference,
            "open": self.open,
            "resolution": self.resolution or None,
            "first": side(self.first),
            "second": side(self.second),
            "differing": [
                {"question": label, "first": first, "second": second}
                for label, first, second in self.differing()
            ],
        }


def _side(session: Session, audit_id: int | None, by: str) -> ConflictSide:
    from desktop_app.store.repositories.records import load_answers, record_definition
    from forms.answer_words import answer_text_of, question_index

    audit = session.get(Audit, audit_id) if audit_id is not None else None
    if audit is None:
        return ConflictSide(audit_id, by, "discarded", None, False, {})
    answers = load_answers(session, audit.record_id)
    definition = record_definition(session, audit.record_id)
    grade_question = next(
        (q.id for q in definition.questions_with_role("overall_grade") if q.id in answers), None
    )
    grade = answers.get(grade_question) if grade_question is not None else None
    questions, _sections, _versions = question_index([definition])
    words = {
        question_id: (
            questions[question_id].label or question_id,
            answer_text_of(definition, questions[question_id], value),
        )
        for question_id, value in answers.items()
        if question_id in questions
    }
    return ConflictSide(
        audit_id,
        by,
        audit.status,
        grade if isinstance(grade, str) else None,
        audit.escalated,
        {k: v for k, v in answers.items()},
        words,
        words[grade_question][1] if grade_question in words else "",
    )


def conflicts(session: Session, visit_id: int, *, only_open: bool = False) -> list[ConflictRow]:
    """The visit's conflicts (open first), each with both sides."""
    query = select(AuditConflict).where(AuditConflict.visit_id == visit_id)
    if only_open:
        query = query.where(AuditConflict.resolution == "")
    rows = sorted(session.exec(query), key=lambda c: (c.resolution != "", c.id or 0))
    return [
        ConflictRow(
            row.id or 0,
            row.visit_id,
            row.kind,
            row.case_reference,
            row.resolution,
            _side(session, row.first_audit_id, row.first_by),
            _side(session, row.second_audit_id, row.second_by),
        )
        for row in rows
    ]


def resolve_conflict(session: Session, conflict_id: int, keep: Keep) -> AuditConflict:
    """Keep the first state, the second, or both as two separate audits of the case.

    With ``Keep.BOTH`` both audits stay, each with its owner (the second gets a uuid of its own
    when it shared the first's; the merge follows it for its sender's later returns); findings
    and reports still count the case once (``store.repositories.counted``). Otherwise the state
    not kept is archived in the conflict (answers, summary and whole change log;
    ``visits conflicts`` still lists it) and its audit removed from the visit; a later return
    repeating it is not a conflict again. The kept audit stays with the case's holder here
    (the decision chooses the answers, not who holds the case) and stops being marked as in
    conflict. TeamError for an unknown or decided conflict.
    """
    row = session.get(AuditConflict, conflict_id)
    if row is None:
        raise TeamError(
            f"There is no conflict {conflict_id}; run 'critical-friend visits conflicts --visit ID'."
        )
    if row.resolution:
        raise TeamError(f"Conflict {conflict_id} was already resolved ({row.resolution}).")
    first = session.get(Audit, row.first_audit_id) if row.first_audit_id else None
    second = session.get(Audit, row.second_audit_id) if row.second_audit_id else None
    if first is None or second is None:
        raise TeamError(f"Conflict {conflict_id} no longer has both audits; nothing to decide.")
    if keep == Keep.FIRST:
        row.discarded = _archive_and_remove(session, second)
        kept = [first]
    elif keep == Keep.SECOND:
        holder = first.assigned_to or second.assigned_to
        row.discarded = _archive_and_remove(session, first)
        second.assigned_to = holder
        kept = [second]
    else:
        if second.uuid == first.uuid:
            from uuid import uuid4

            second.uuid = str(uuid4())
        kept = [first, second]
    for audit in kept:
        still = session.exec(
            select(func.count())
            .select_from(AuditConflict)
            .where(
                AuditConflict.resolution == "",
                AuditConflict.id != conflict_id,
                (col(AuditConflict.first_audit_id) == audit.id)
                | (col(AuditConflict.second_audit_id) == audit.id),
            )
        ).one()
        audit.conflict = bool(still)
        session.add(audit)
    row.resolution = str(keep)
    row.resolved_at = utcnow()
    session.add(row)
    session.flush()
    return row


def _archive_and_remove(session: Session, audit: Audit) -> str:
    """The audit's whole state as JSON text; then the audit, its record and case are removed."""
    from desktop_app.store.repositories.records import load_answers

    changes = session.exec(
        select(AnswerChange)
        .where(AnswerChange.record_id == audit.record_id)
        .order_by(col(AnswerChange.id))
    )
    archived = json.dumps(
        {
            "uuid": audit.uuid,
            "case_reference": audit.case_reference,
            "assigned_to": audit.assigned_to,
            "auditor": audit.auditor,
            "status": audit.status,
            "escalated": audit.escalated,
            "answers": load_answers(session, audit.record_id),
            "changes": [
                [c.question_id, c.old_value, c.new_value, c.changed_at.isoformat(), c.changed_by]
                for c in changes
            ],
        },
        ensure_ascii=False,
    )
    record_id = audit.record_id
    case_id = audit.visit_case_id
    for moderation in session.exec(select(Moderation).where(Moderation.audit_id == audit.id)):
        session.delete(moderation)
    session.delete(audit)
    session.flush()
    for change in session.exec(select(AnswerChange).where(AnswerChange.record_id == record_id)):
        session.delete(change)
    for answer in session.exec(select(Answer).where(Answer.record_id == record_id)):
        session.delete(answer)
    record = session.get(Record, record_id)
    if record is not None:
        session.delete(record)
    if case_id is not None:
        case = session.get(VisitCase, case_id)
        if case is not None:
            other = session.exec(select(Audit).where(Audit.visit_case_id == case_id)).first()
            if other is None:
                session.delete(case)
    session.flush()
    return archived
