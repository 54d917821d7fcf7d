"""Filled-in forms: definition snapshots, records, answers and the change log behind them.

Every answer save is its own committed transaction (with ``synchronous=FULL``), so what the screen
shows as saved survives a killed process. Each change is also written to ``answer_change``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from desktop_app.store.audit_grade import refresh_record_grades, session_connection
from desktop_app.store.definitions import parsed_definition
from desktop_app.store.models import Answer, AnswerChange, FormDefinitionRow, Record
from desktop_app.store.models.core import utcnow
from forms import FormDefinition

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_TEXT: Any = json.encoder.encode_basestring  # C: what JSONEncoder.encode uses for a str


def canonical_json(value: Any) -> str:
    """Stable JSON text: sorted keys, no whitespace, UTF-8 characters kept (one encoder for
    every call: making one per value cost more than the encoding when storing 66,000 answers;
    a plain string, most answers, goes straight to the encoder's own C function)."""
    if type(value) is str:
        return str(_TEXT(value))
    return _CANONICAL.encode(value)


def ensure_definition(session: Session, snapshot: Mapping[str, Any]) -> FormDefinitionRow:
    """The stored row for this exact definition snapshot, stored on first use."""
    text = canonical_json(snapshot)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    form_id = str(snapshot["id"])
    version = int(snapshot["version"])
    row = session.exec(
        select(FormDefinitionRow).where(
            FormDefinitionRow.form_id == form_id,
            FormDefinitionRow.version == version,
            FormDefinitionRow.sha256 == digest,
        )
    ).first()
    if row is None:
        row = FormDefinitionRow(
            form_id=form_id,
            version=version,
            title=str(snapshot.get("title", form_id)),
            sha256=digest,
            snapshot=text,
        )
        session.add(row)
        session.flush()
    return row


def definition_text(session: Session, definition_id: int) -> str:
    """A stored definition's snapshot as its canonical JSON text; LookupError if missing."""
    row = session.get(FormDefinitionRow, definition_id)
    if row is None:
        raise LookupError(f"form definition {definition_id} is missing")
    return row.snapshot


def definition_snapshot(session: Session, definition_id: int) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(definition_text(session, definition_id))
    return loaded


def create_record(
    session: Session, snapshot: Mapping[str, Any], kind: str, *, read_only: bool = False
) -> Record:
    definition = ensure_definition(session, snapshot)
    assert definition.id is not None
    record = Record(definition_id=definition.id, kind=kind, read_only=read_only)
    session.add(record)
    session.flush()
    return record


def load_answers(session: Session, record_id: int) -> dict[str, Any]:
    rows = session.exec(select(Answer).where(Answer.record_id == record_id))
    return {row.question_id: json.loads(row.value) for row in rows}


def carried_over_ids(session: Session, record_id: int) -> set[str]:
    rows = session.exec(
        select(Answer.question_id).where(
            Answer.record_id == record_id, col(Answer.carried_over).is_(True)
        )
    )
    return set(rows)


class ReadOnlyRecordError(PermissionError):
    """Imported and frozen records are never edited."""


def save_answer(
    session: Session,
    record_id: int,
    question_id: str,
    value: Any,
    *,
    by: str,
    carried_over: bool = False,
) -> bool:
    """Store one answer (None or "" or [] clears it) and log the change. False if unchanged."""
    record = session.get(Record, record_id)
    if record is None:
        raise LookupError(f"record {record_id} does not exist")
    if record.read_only:
        raise ReadOnlyRecordError(f"record {record_id} is read-only")
    now = utcnow()
    existing = session.get(Answer, (record_id, question_id))
    old_text = existing.value if existing is not None else None
    empty = value is None or value == "" or value == []
    new_text = None if empty else canonical_json(value)
    if old_text == new_text and (existing is None or existing.carried_over == carried_over):
        return False
    if new_text is None:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(
            Answer(
                record_id=record_id,
                question_id=question_id,
                value=new_text,
                carried_over=carried_over,
                updated_at=now,
                updated_by=by,
            )
        )
    else:
        existing.value = new_text
        existing.carried_over = carried_over
        existing.updated_at = now
        existing.updated_by = by
        session.add(existing)
    if old_text != new_text:
        session.add(
            AnswerChange(
                record_id=record_id,
                question_id=question_id,
                old_value=old_text,
                new_value=new_text,
                changed_at=now,
                changed_by=by,
            )
        )
    record.updated_at = now
    session.add(record)
    session.flush()
    if old_text != new_text and record.kind == "audit":
        refresh_record_grades(session_connection(session), [record_id])
    return True


def save_answers(
    session: Session,
    record_id: int,
    answers: Mapping[str, Any],
    *,
    by: str,
    carried_over: bool = False,
) -> int:
    """Store many answers at once (demo data, carry-over); returns how many changed."""
    return sum(
        save_answer(session, record_id, key, value, by=by, carried_over=carried_over)
        for key, value in answers.items()
    )


@dataclass(frozen=True)
class ChangeEntry:
    question_id: str
    changed_at: datetime
    changed_by: str
    old_value: Any
    new_value: Any


def answer_history(
    session: Session, record_id: int, question_ids: Iterable[str] | None = None
) -> list[ChangeEntry]:
    """The change log of a record (or of some of its questions), newest first."""
    query = select(AnswerChange).where(AnswerChange.record_id == record_id)
    if question_ids is not None:
        query = query.where(col(AnswerChange.question_id).in_(list(question_ids)))
    query = query.order_by(col(AnswerChange.changed_at).desc(), col(AnswerChange.id).desc())
    return [
        ChangeEntry(
            question_id=row.question_id,
            changed_at=row.changed_at,
            changed_by=row.changed_by,
            old_value=None if row.old_value is None else json.loads(row.old_value),
            new_value=None if row.new_value is None else json.loads(row.new_value),
        )
        for row in session.exec(query)
    ]


@dataclass(frozen=True)
class RecordForm:
    """What a form screen needs to open a record: its definition row and whether it is frozen."""

    record_id: int
    kind: str
    read_only: bool
    definition_id: int
    definition_sha256: str


def _record_and_definition(session: Session, record_id: int) -> tuple[Record, FormDefinitionRow]:
    record = session.get(Record, record_id)
    if record is None:
        raise LookupError(f"record {record_id} does not exist")
    row = session.get(FormDefinitionRow, record.definition_id)
    if row is None:
        raise LookupError(f"form definition {record.definition_id} is missing")
    return record, row


def record_form(session: Session, record_id: int) -> RecordForm:
    """The record's form facts (without the snapshot text, which is not read: a big form's is
    megabytes); LookupError if there is no record."""
    record = session.get(Record, record_id)
    if record is None:
        raise LookupError(f"record {record_id} does not exist")
    sha256 = session.exec(
        select(FormDefinitionRow.sha256).where(FormDefinitionRow.id == record.definition_id)
    ).first()
    if sha256 is None:
        raise LookupError(f"form definition {record.definition_id} is missing")
    return RecordForm(record_id, record.kind, record.read_only, record.definition_id, sha256)


def definition_from_text(sha256: str, snapshot: str) -> FormDefinition:
    """A stored definition, parsed once per distinct content (rows never change)."""
    return parsed_definition(sha256, lambda: snapshot)


def record_definition(session: Session, record_id: int) -> FormDefinition:
    """The form definition a record was made with."""
    _record, row = _record_and_definition(session, record_id)
    return definition_from_text(row.sha256, row.snapshot)


def answer_values(session: Session, record_id: int) -> dict[str, Any]:
    """The same as `load_answers`, as plain rows decoded by one ``json.loads`` (quicker for big
    forms: a 5,000-question form opens with its answers read this way)."""
    return answers_of_records(session, [record_id])[record_id]


def shared_answers(session: Session, record_id: int) -> dict[str, Any]:
    """The answers of a record that may leave the form (reports, exports, bundles,
    comparisons): those hidden by a later answer are left out (`forms.relevance.relevant_answers`)."""
    from forms.relevance import relevant_answers

    return relevant_answers(record_definition(session, record_id), load_answers(session, record_id))


# Bulk paths (imports, exports): plain rows through SQLAlchemy Core, never an ORM object per row.
_IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound-parameter limit


def answers_of_records(session: Session, record_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Every answer of many records at once: ``{record_id: {question_id: value}}``, read on the
    session's own sqlite3 connection (same transaction; see ``answers_by_record``)."""
    from desktop_app.store.repositories.findings import sqlite_connection

    return answers_by_record(sqlite_connection(session), record_ids)


def answers_by_record(
    connection: sqlite3.Connection, record_ids: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """Every answer of many records at once: ``{record_id: {question_id: value}}``.

    One row per record: SQLite packs its answers into one JSON object text (each stored value
    is already JSON; its question id quoted by ``json_quote``), and each chunk of records is
    decoded by one ``json.loads`` (a Python row per answer cost more than SQLite's own reading
    for the 66,000 answers of a 1,000-audit export). Answers keep the order of the primary key's
    index (question id within a record), as the plain rows did. Records without answers map to
    ``{}``. Raises ``sqlite3.Error`` when the database cannot be read.
    """
    ids = list(dict.fromkeys(record_ids))
    result: dict[int, dict[str, Any]] = {record_id: {} for record_id in ids}
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        rows = cursor.execute(
            "SELECT record_id, '{' || group_concat(json_quote(question_id) || ':' || value, ',') "
            f"|| '}}' FROM answer WHERE record_id IN ({', '.join('?' for _ in chunk)}) "
            "GROUP BY record_id",
            chunk,
        ).fetchall()
        values = json.loads("[" + ",".join([row[1] for row in rows]) + "]")
        for (record_id, _text), value in zip(rows, values, strict=True):
            result[record_id] = value
    return result


class RecordRows:
    """Many new records and their answers, written as plain rows in few statements.

    ``add`` inserts the record row at once (its id is needed by the caller) and keeps its answers;
    ``flush`` writes every kept answer in one ``executemany``. Made for imports of thousands of
    records: everything runs in the session's transaction, so a failure stores nothing. Empty
    answers (None, "", []) are not stored, as ``save_answer`` does.
    """

    def __init__(self, session: Session, *, by: str) -> None:
        connection = session.connection()
        # The sqlite3 connection under the session (same transaction): a statement per record
        # through SQLAlchemy cost ten times SQLite's own work for a 1,000-audit import.
        self._cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        dialect = connection.dialect
        column_type = Record.__table__.c.created_at.type  # type: ignore[attr-defined]
        stamp = column_type.dialect_impl(dialect).bind_processor(dialect)
        now = utcnow()
        # The text SQLAlchemy itself stores for a DateTime, so the ORM reads these rows back.
        self._now: object = stamp(now) if stamp is not None else now.isoformat(" ")
        self._by = by
        self._answers: list[tuple[object, ...]] = []

    def add(
        self, definition_id: int, kind: str, answers: Mapping[str, Any], *, read_only: bool
    ) -> int:
        """Insert one record row now; its answers wait for ``flush``. Returns the record id."""
        self._cursor.execute(
            "INSERT INTO record (definition_id, kind, read_only, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (definition_id, kind, read_only, self._now, self._now),
        )
        record_id = self._cursor.lastrowid
        assert isinstance(record_id, int)
        now, by, text, encode = self._now, self._by, _TEXT, _CANONICAL.encode
        self._answers.extend(
            # canonical_json, spelt out: this line runs once per answer of a whole visit
            (
                record_id,
                question_id,
                text(value) if type(value) is str else encode(value),
                False,
                now,
                by,
            )
            for question_id, value in answers.items()
            if not (value is None or value == "" or value == [])
        )
        return record_id

    def flush(self) -> None:
        """Write every answer kept so far."""
        if self._answers:
            self._cursor.executemany(
                "INSERT INTO answer (record_id, question_id, value, carried_over, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
                self._answers,
            )
            self._answers = []
