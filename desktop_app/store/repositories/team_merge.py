"""Audits moving between a team's laptops: their portable state, and merging it in.

An audit's *state* is what travels in an assignment (lead → auditor) and in an audit return
(auditor → lead): its UUID, case, owner, summary, the form definition it uses, every answer and
its whole change log. Change-log entries are identified by what they say (question, time, who,
old and new value), so an entry seen on two laptops is the same entry and merging never
duplicates or loses one.

Merging works on SQLAlchemy Core with bulk inserts (one statement for many rows), never an ORM
object per row, so a return holding thousands of audits merges in seconds; the caller owns the
transaction, so a failure (or a killed process) leaves nothing half-merged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from desktop_app.store.audit_grade import refresh_overall_grades, session_connection
from desktop_app.store.models import (
    Answer,
    AnswerChange,
    Audit,
    AuditConflict,
    FormDefinitionRow,
    Record,
    VisitCase,
)
from desktop_app.store.models.core import utcnow
from desktop_app.store.repositories.audits import PREFILLED_BY
from desktop_app.store.repositories.records import ensure_definition
from desktop_app.store.vocabulary import AuditStatus, ConflictKind

ChangeKey = tuple[str, str, str, str | None, str | None]
_AUDIT: Table = Audit.__table__  # type: ignore[attr-defined]
_ANSWER: Table = Answer.__table__  # type: ignore[attr-defined]
_CHANGE: Table = AnswerChange.__table__  # type: ignore[attr-defined]
_RECORD: Table = Record.__table__  # type: ignore[attr-defined]
_CASE: Table = VisitCase.__table__  # type: ignore[attr-defined]
_DEFINITION: Table = FormDefinitionRow.__table__  # type: ignore[attr-defined]
_CHUNK = 500


class AuditStateError(ValueError):
    """An audit state in a bundle is not in the expected shape (names the audit)."""


_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$")


def _stamp(value: datetime) -> str:
    """A time as the database stores it (UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``): change-log
    entries travel with exactly this text, so the same entry reads the same on every laptop."""
    utc = value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(sep=" ", timespec="microseconds")


_FULL_STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\.\d{6}")
# A JSON text that is one plain string (no escapes or control characters), or a JSON literal:
# valid JSON without parsing it, which is what nearly every answer in a return is.
_PLAIN_JSON = re.compile(r'"[^"\\\x00-\x1f]*"|null|true|false|-?(?:0|[1-9]\d{0,15})')


@lru_cache(maxsize=8192)
def _check_json(text: str) -> None:
    """ValueError when ``text`` is not JSON (RFC 8259); plain strings are checked by pattern.

    Answers repeat (grades, yes/no), so each distinct text is checked once: a failure raises
    and is not cached, so a bad text is always refused."""
    if _PLAIN_JSON.fullmatch(text) is None:
        json.loads(text)


def _normal_stamp(text: str) -> str:
    """``text`` in the stored form; ValueError when it is not a time."""
    if _FULL_STAMP.fullmatch(text) is not None:  # the usual case: only the separator to set
        return text if text[10] == " " else f"{text[:10]} {text[11:]}"
    match = _STAMP.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a time")
    day, clock, fraction = match.groups()
    return f"{day} {clock}.{(fraction or '').ljust(6, '0')}"


def _parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(_normal_stamp(text)).replace(tzinfo=UTC)


@dataclass(frozen=True)
class AuditState:
    """One audit as it travels between laptops (see the module docstring)."""

    uuid: str
    case_reference: str
    case_fields: dict[str, str]
    source: str
    reason: str
    auditor: str
    assigned_to: str
    status: str
    escalated: bool
    audited_on: str | None
    updated_at: str
    definition: str  # SHA-256 of the form definition snapshot
    answers: dict[str, str]  # question id -> JSON text
    changes: list[list[str | None]] = field(default_factory=list)  # [q, old, new, at, by]

    def change_keys(self) -> set[ChangeKey]:
        """The identities of this state's change-log entries."""
        return {(str(c[0]), str(c[3]), str(c[4]), c[1], c[2]) for c in self.changes}

    def to_json(self) -> dict[str, Any]:
        """The JSON object written into bundle.json."""
        return {
            "uuid": self.uuid,
            "case_reference": self.case_reference,
            "case_fields": self.case_fields,
            "source": self.source,
            "reason": self.reason,
            "auditor": self.auditor,
            "assigned_to": self.assigned_to,
            "status": self.status,
            "escalated": self.escalated,
            "audited_on": self.audited_on,
            "updated_at": self.updated_at,
            "definition": self.definition,
            "answers": self.answers,
            "changes": self.changes,
        }

    @classmethod
    def from_json(cls, value: Any, definitions: Mapping[str, Any]) -> AuditState:
        """Read one state from bundle.json; AuditStateError names what is wrong."""
        if not isinstance(value, dict):
            raise AuditStateError("an audit in the bundle is not an object")
        uuid = value.get("uuid")
        if not isinstance(uuid, str) or not 8 <= len(uuid) <= 64:
            raise AuditStateError("an audit in the bundle has no usable UUID")
        try:
            answers = {str(k): str(v) for k, v in dict(value["answers"]).items()}
            for text in answers.values():
                _check_json(text)
            changes: list[list[str | None]] = []
            for entry in value["changes"]:
                question, old, new, at, by = entry
                changes.append(
                    [
                        str(question),
                        _text_or_none(old),
                        _text_or_none(new),
                        _normal_stamp(str(at)),
                        str(by),
                    ]
                )
            definition = str(value["definition"])
            if definition not in definitions:
                raise AuditStateError(f"the audit {uuid} uses a form the bundle does not carry")
            audited_on = value.get("audited_on")
            if audited_on is not None:
                date.fromisoformat(str(audited_on))
            escalated = value["escalated"]
            if not isinstance(escalated, bool):  # "false" or "no" must never read as at risk
                raise AuditStateError(f"the audit {uuid} says escalated is {escalated!r}")
            status = value["status"]
            if status not in {str(known) for known in AuditStatus}:
                raise AuditStateError(f"the audit {uuid} has an unknown status {status!r}")
            return cls(
                uuid=uuid,
                case_reference=str(value["case_reference"]).strip(),
                case_fields={str(k): str(v) for k, v in dict(value["case_fields"]).items()},
                source=str(value.get("source", "sample")),
                reason=str(value.get("reason", "")),
                auditor=str(value.get("auditor", "")),
                assigned_to=str(value.get("assigned_to", "")),
                status=str(status),
                escalated=escalated,
                audited_on=None if audited_on is None else str(audited_on),
                updated_at=_normal_stamp(str(value["updated_at"])),
                definition=definition,
                answers=answers,
                changes=changes,
            )
        except AuditStateError:
            raise
        except (KeyError, TypeError, ValueError) as error:
            raise AuditStateError(
                f"the audit {uuid} is not in the expected shape ({error})"
            ) from None


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    _check_json(text)
    return text


# Reading states --------------------------------------------------------------------------------


def audit_states(
    session: Session, visit_id: int, *, assigned_to: str | None = None
) -> tuple[list[AuditState], dict[str, Any]]:
    """The visit's audits as portable states (only ``assigned_to``'s when given), and the form
    definitions they use (SHA-256 → snapshot). Conflicting second states are left out."""
    connection = session.connection()
    query = (
        select(
            _AUDIT.c.id,
            _AUDIT.c.uuid,
            _AUDIT.c.case_reference,
            _AUDIT.c.record_id,
            _AUDIT.c.auditor,
            _AUDIT.c.assigned_to,
            _AUDIT.c.status,
            _AUDIT.c.escalated,
            _AUDIT.c.audited_on,
            _AUDIT.c.updated_at,
            _CASE.c.fields,
            _CASE.c.source,
            _CASE.c.reason,
            _DEFINITION.c.sha256,
            _DEFINITION.c.snapshot,
        )
        .select_from(
            _AUDIT.join(_RECORD, _RECORD.c.id == _AUDIT.c.record_id)
            .join(_DEFINITION, _DEFINITION.c.id == _RECORD.c.definition_id)
            .outerjoin(_CASE, _CASE.c.id == _AUDIT.c.visit_case_id)
        )
        .where(_AUDIT.c.visit_id == visit_id)
        .order_by(_AUDIT.c.id)
    )
    if assigned_to is not None:
        query = query.where(_AUDIT.c.assigned_to == assigned_to)
    rows = connection.execute(query).all()
    record_ids = [row.record_id for row in rows]
    answers = _answers_of(connection, record_ids)
    changes = _changes_of(connection, record_ids)
    definitions: dict[str, Any] = {}
    states: list[AuditState] = []
    seen: set[str] = set()
    for row in rows:
        if row.uuid in seen:  # the second side of an open conflict stays on this laptop
            continue
        seen.add(row.uuid)
        definitions.setdefault(row.sha256, json.loads(row.snapshot))
        states.append(
            AuditState(
                uuid=row.uuid,
                case_reference=row.case_reference,
                case_fields=json.loads(row.fields) if row.fields else {},
                source=row.source or "added",
                reason=row.reason or "",
                auditor=row.auditor,
                assigned_to=row.assigned_to,
                status=row.status,
                escalated=bool(row.escalated),
                audited_on=None if row.audited_on is None else row.audited_on.isoformat(),
                updated_at=_stamp(row.updated_at),
                definition=row.sha256,
                answers=answers.get(row.record_id, {}),
                changes=changes.get(row.record_id, []),
            )
        )
    return states, definitions


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _in_marks(values: Sequence[int]) -> str:
    return ", ".join("?" for _ in values)


def _answers_of(connection: Connection, record_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for chunk in _chunks(record_ids):
        for record_id, question_id, value in connection.exec_driver_sql(
            "SELECT record_id, question_id, value FROM answer "
            f"WHERE record_id IN ({_in_marks(chunk)})",
            tuple(chunk),
        ):
            found.setdefault(record_id, {})[question_id] = value
    return found


def _changes_of(
    connection: Connection, record_ids: Sequence[int]
) -> dict[int, list[list[str | None]]]:
    """Each record's change log, oldest first, with times as stored (read without conversion:
    a return of thousands of audits has tens of thousands of entries)."""
    found: dict[int, list[list[str | None]]] = {}
    for chunk in _chunks(record_ids):
        for record_id, question_id, old, new, at, by in connection.exec_driver_sql(
            "SELECT record_id, question_id, old_value, new_value, changed_at, changed_by "
            f"FROM answer_change WHERE record_id IN ({_in_marks(chunk)}) ORDER BY id",
            tuple(chunk),
        ):
            found.setdefault(record_id, []).append([question_id, old, new, str(at), by])
    return found


def change_keys_of(session: Session, record_ids: Sequence[int]) -> dict[int, set[ChangeKey]]:
    """The identities of each record's change-log entries."""
    return {
        record_id: {(str(c[0]), str(c[3]), str(c[4]), c[1], c[2]) for c in entries}
        for record_id, entries in _changes_of(session.connection(), list(record_ids)).items()
    }


def typed_keys(keys: set[ChangeKey]) -> set[ChangeKey]:
    """The entries a person made (not those the case list filled in)."""
    return {key for key in keys if key[2] != PREFILLED_BY}


# Writing states --------------------------------------------------------------------------------


@dataclass
class StateWriter:
    """Writes audit states into one visit with bulk statements; ``flush()`` sends them.

    ``replace`` overwrites an existing audit's answers with the state's and adds the change-log
    entries it does not hold yet; ``insert`` makes a new case, record and audit for the state.
    """

    session: Session
    visit_id: int
    definitions: Mapping[str, Any]
    _definition_ids: dict[str, int] = field(default_factory=dict)
    _answer_rows: list[tuple[Any, ...]] = field(default_factory=list)
    _change_rows: list[tuple[Any, ...]] = field(default_factory=list)
    _audit_updates: list[dict[str, Any]] = field(default_factory=list)
    _cleared_records: list[int] = field(default_factory=list)
    _inserted_audits: list[int] = field(default_factory=list)

    def definition_id(self, sha256: str) -> int:
        """The stored definition row for a snapshot the bundle carries (stored once)."""
        if sha256 not in self._definition_ids:
            row = ensure_definition(self.session, self.definitions[sha256])
            assert row.id is not None
            self._definition_ids[sha256] = row.id
        return self._definition_ids[sha256]

    def replace(
        self,
        audit_id: int,
        record_id: int,
        state: AuditState,
        known: set[ChangeKey],
        *,
        assigned_to: str | None = None,
    ) -> None:
        """The audit takes the state's answers and summary; new change-log entries are added."""
        self._cleared_records.append(record_id)
        self._queue_answers(record_id, state)
        self._queue_changes(record_id, state, known)
        update_row = {
            "b_id": audit_id,
            "b_record": record_id,
            "b_definition": self.definition_id(state.definition),
            "status": state.status,
            "escalated": state.escalated,
            "auditor": state.auditor,
            "audited_on": None if state.audited_on is None else state.audited_on[:10],
            "updated_at": state.updated_at,
        }
        if assigned_to is not None:
            update_row["assigned_to"] = assigned_to
        self._audit_updates.append(update_row)

    def insert(self, state: AuditState, *, assigned_to: str, conflict: bool = False) -> int:
        """A new case on the audit list, a new record and an audit holding the state."""
        connection = self.session.connection()
        case_key = connection.execute(
            insert(_CASE).values(
                visit_id=self.visit_id,
                case_reference=state.case_reference,
                fields=json.dumps(state.case_fields, ensure_ascii=False),
                source=state.source if state.source else "added",
                reason=state.reason,
                removed=False,
                removed_reason="",
                added_at=utcnow(),
            )
        ).inserted_primary_key
        assert case_key is not None
        case_id = int(case_key[0])
        now = utcnow()
        record_key = connection.execute(
            insert(_RECORD).values(
                definition_id=self.definition_id(state.definition),
                kind="audit",
                read_only=False,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key
        assert record_key is not None
        record_id = int(record_key[0])
        audit_key = connection.execute(
            insert(_AUDIT).values(
                visit_id=self.visit_id,
                visit_case_id=case_id,
                case_reference=state.case_reference,
                record_id=record_id,
                auditor=state.auditor,
                status=state.status,
                escalated=state.escalated,
                audited_on=_date_or_none(state.audited_on),
                created_at=now,
                updated_at=_parse_stamp(state.updated_at),
                uuid=state.uuid,
                assigned_to=assigned_to,
                conflict=conflict,
            )
        ).inserted_primary_key
        assert audit_key is not None
        self._queue_answers(record_id, state)
        self._queue_changes(record_id, state, set())
        self._inserted_audits.append(int(audit_key[0]))
        return int(audit_key[0])

    def _queue_answers(self, record_id: int, state: AuditState) -> None:
        latest = {str(c[0]): c for c in state.changes}
        now = _stamp(utcnow())
        for question_id, value in state.answers.items():
            change = latest.get(question_id)
            self._answer_rows.append(
                (
                    record_id,
                    question_id,
                    value,
                    0,
                    str(change[3]) if change else now,
                    str(change[4]) if change else "",
                )
            )

    def _queue_changes(self, record_id: int, state: AuditState, known: set[ChangeKey]) -> None:
        for question_id, old, new, at, by in state.changes:
            if (str(question_id), str(at), str(by), old, new) in known:
                continue
            self._change_rows.append((record_id, question_id, old, new, at, by))

    def flush(self) -> None:
        """Send every queued row in a few bulk statements (``executemany``; values are already
        in the stored form, so no per-row conversion is needed)."""
        connection = self.session.connection()
        for chunk in _chunks(self._cleared_records):
            connection.exec_driver_sql(
                f"DELETE FROM answer WHERE record_id IN ({_in_marks(chunk)})", tuple(chunk)
            )
        if self._answer_rows:
            connection.exec_driver_sql(
                "INSERT INTO answer (record_id, question_id, value, carried_over, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
                self._answer_rows,
            )
        if self._change_rows:
            connection.exec_driver_sql(
                "INSERT INTO answer_change (record_id, question_id, old_value, new_value, "
                "changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)",
                self._change_rows,
            )
        if self._audit_updates:
            connection.exec_driver_sql(
                "UPDATE audit SET status = ?, escalated = ?, auditor = ?, audited_on = ?, "
                "updated_at = ?, assigned_to = COALESCE(?, assigned_to) WHERE id = ?",
                [
                    (
                        row["status"],
                        int(row["escalated"]),
                        row["auditor"],
                        row["audited_on"],
                        row["updated_at"],
                        row.get("assigned_to"),
                        row["b_id"],
                    )
                    for row in self._audit_updates
                ],
            )
            now = _stamp(utcnow())
            connection.exec_driver_sql(
                "UPDATE record SET definition_id = ?, updated_at = ? WHERE id = ?",
                [(row["b_definition"], now, row["b_record"]) for row in self._audit_updates],
            )
        refresh_overall_grades(
            session_connection(self.session),
            [*self._inserted_audits, *(row["b_id"] for row in self._audit_updates)],
        )
        self._answer_rows.clear()
        self._change_rows.clear()
        self._audit_updates.clear()
        self._cleared_records.clear()
        self._inserted_audits.clear()
        self.session.expire_all()


def _date_or_none(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


# Merging a return ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeOutcome:
    """What a return did to the visit: audits replaced, added, unchanged, and conflicts opened."""

    replaced: int
    added: int
    unchanged: int
    conflicts: list[int]
    escalations: list[str]  # case references of children at risk now in the return


@dataclass
class _LocalAudit:
    id: int
    uuid: str
    record_id: int
    assigned_to: str
    case_reference: str
    status: str
    conflict: bool


def _kept_apart(session: Session, visit_id: int, sender: str) -> dict[str, int]:
    """Audits of ``sender`` kept as a second audit by "keep both" under a new uuid: the uuid
    their laptop still sends → the audit here that follows it, so a later return updates that
    audit instead of opening the same conflict again."""
    rows = session.connection().exec_driver_sql(
        "SELECT f.uuid, s.id FROM audit_conflict c "
        "JOIN audit f ON f.id = c.first_audit_id JOIN audit s ON s.id = c.second_audit_id "
        "WHERE c.visit_id = ? AND c.resolution = 'both' AND c.second_by = ? AND s.uuid != f.uuid",
        (visit_id, sender),
    )
    return {str(uuid): int(audit_id) for uuid, audit_id in rows}


def _decided(session: Session, visit_id: int) -> dict[str, set[ChangeKey]]:
    """Change-log entries of states the lead already set aside (a conflict resolved by keeping
    the other state), by the uuid of the audit they came from: a later return repeating them
    brings nothing new, so it is not a conflict again."""
    found: dict[str, set[ChangeKey]] = {}
    for (text,) in session.connection().exec_driver_sql(
        "SELECT discarded FROM audit_conflict WHERE visit_id = ? AND discarded != ''", (visit_id,)
    ):
        archived = json.loads(text)
        found.setdefault(str(archived["uuid"]), set()).update(
            (str(c[0]), _stamp(datetime.fromisoformat(str(c[3]))), str(c[4]), c[1], c[2])
            for c in archived["changes"]
        )
    return found


def made_by(keys: Iterable[ChangeKey], fallback: str) -> str:
    """Who made these change-log entries, in the order of their latest entry ("Lena Okafor and
    Ann Ryder"); entries the case list filled in name nobody; ``fallback`` when none is left."""
    latest: dict[str, str] = {}
    for _question, at, by, _old, _new in keys:
        if by != PREFILLED_BY and at > latest.get(by, ""):
            latest[by] = at
    return " and ".join(sorted(latest, key=lambda name: latest[name])) or fallback


def merge_audit_states(
    session: Session,
    visit_id: int,
    sender: str,
    states: Sequence[AuditState],
    definitions: Mapping[str, Any],
) -> MergeOutcome:
    """Merge an auditor's return into the visit (see DESIGN.md "Within a council").

    An audit is found by its uuid, whoever holds it now. It takes the arriving state when every
    change made here is already in it (the sender's newer work, or an earlier holder's edits
    to an audit the lead has since moved: merged into its change log as theirs, the holder
    kept); a state bringing nothing new, or only what the lead already set aside when deciding
    a conflict, changes nothing; otherwise (both sides changed it), or when another audit of
    the same case has work, the arriving state is kept as a second audit and a conflict is
    opened, each side naming who made it. Nothing is overwritten silently; the caller's
    transaction makes the merge all or nothing.
    """
    connection = session.connection()
    local = [
        _LocalAudit(
            row.id,
            row.uuid,
            row.record_id,
            row.assigned_to,
            row.case_reference,
            row.status,
            bool(row.conflict),
        )
        for row in connection.execute(
            select(
                _AUDIT.c.id,
                _AUDIT.c.uuid,
                _AUDIT.c.record_id,
                _AUDIT.c.assigned_to,
                _AUDIT.c.case_reference,
                _AUDIT.c.status,
                _AUDIT.c.conflict,
            ).where(_AUDIT.c.visit_id == visit_id)
        )
    ]
    by_uuid: dict[str, list[_LocalAudit]] = {}
    by_case: dict[str, list[_LocalAudit]] = {}
    for item in local:
        by_uuid.setdefault(item.uuid, []).append(item)
        by_case.setdefault(item.case_reference.casefold(), []).append(item)
    by_id = {item.id: item for item in local}
    kept_apart = _kept_apart(session, visit_id, sender)
    # Only the change logs of audits this return can touch are read (same uuid or same case).
    touched = {by_id[i].record_id for i in kept_apart.values() if i in by_id}
    for state in states:
        for item in (
            *by_uuid.get(state.uuid, ()),
            *by_case.get(state.case_reference.casefold(), ()),
        ):
            touched.add(item.record_id)
    keys = change_keys_of(session, sorted(touched))
    decided = _decided(session, visit_id)
    writer = StateWriter(session, visit_id, definitions)
    replaced = added = unchanged = 0
    pairs: list[tuple[ConflictKind, _LocalAudit, AuditState]] = []
    for state in states:
        incoming = state.change_keys()
        settled = decided.get(state.uuid, set())
        same = by_uuid.get(state.uuid, [])
        # The latest audit the sender holds (a conflict's second side once one is open), else
        # the audit of that uuid whoever holds it now (a case the lead moved keeps its uuid).
        own = by_id.get(kept_apart.get(state.uuid, 0)) or max(
            (item for item in same if item.assigned_to == sender),
            key=lambda item: item.id,
            default=None,
        )
        target = own or (same[0] if same else None)
        if target is not None:
            here = keys.get(target.record_id, set())
            if (incoming if own is not None else typed_keys(incoming)) <= here | settled:
                unchanged += 1
            elif typed_keys(here) <= incoming:
                writer.replace(target.id, target.record_id, state, here)
                replaced += 1
            else:
                kind = ConflictKind.SAME_AUDIT if own is not None else ConflictKind.SAME_CASE
                pairs.append((kind, target, state))
            continue
        if settled and typed_keys(incoming) <= settled:
            unchanged += 1
            continue
        rivals = [
            item
            for item in by_case.get(state.case_reference.casefold(), [])
            if item.status != "not_started" or typed_keys(keys.get(item.record_id, set()))
        ]
        if rivals and typed_keys(incoming):
            pairs.append((ConflictKind.SAME_CASE, rivals[0], state))
            continue
        writer.insert(state, assigned_to=sender)
        added += 1
    conflict_ids: list[int] = []
    for kind, first, state in pairs:
        # Each side names who made it: here, whoever typed what the return does not hold (the
        # lead on this laptop, or the holder's merged return); the other, the signed sender.
        first_keys = typed_keys(keys.get(first.record_id, set())) - state.change_keys()
        second_id = writer.insert(state, assigned_to=sender, conflict=True)
        connection.execute(update(_AUDIT).where(_AUDIT.c.id == first.id).values(conflict=True))
        conflict = AuditConflict(
            visit_id=visit_id,
            kind=kind,
            case_reference=state.case_reference,
            first_audit_id=first.id,
            second_audit_id=second_id,
            first_by=made_by(first_keys, first.assigned_to),
            second_by=sender,
        )
        session.add(conflict)
        session.flush()
        assert conflict.id is not None
        conflict_ids.append(conflict.id)
    writer.flush()
    return MergeOutcome(
        replaced=replaced,
        added=added,
        unchanged=unchanged,
        conflicts=conflict_ids,
        escalations=[state.case_reference for state in states if state.escalated],
    )
