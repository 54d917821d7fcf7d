"""Each audit's overall grade, kept on its row (``audit.overall_grade``, migration 0008).

Issue 17: ``list audits --json`` reads the grade from the audit row instead of looking it up among
the answers. The stored grade is the first answer, in the form's document order, to a question of
the audit's own form with the role ``overall_grade`` (``FormDefinition.questions_with_role``) whose
value is a text (a grade id); NULL when there is none. It is the auditor's grade: a moderator's
view is kept beside it in ``moderation`` and does not change it.

Every path that writes an audit's answers, its record's form or a new audit calls
:func:`refresh_overall_grades` (or :func:`refresh_record_grades`) in the same transaction:
``records.save_answer`` (the window, ``audits answer``, ``audits import``, the demo),
``audits.create_audit`` and ``team_merge.StateWriter`` (team assignments, returns and
conflicts). A test runs each of them and compares the stored grade with one worked out afresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from sqlmodel import Session

from desktop_app.store.definitions import parsed_definition

OVERALL_GRADE_ROLE = "overall_grade"
_CHUNK = 500  # ids in one IN (...): well under SQLite's 999 host parameters of old builds


def overall_grade_question_ids(sha256: str, read_snapshot: Callable[[], str]) -> tuple[str, ...]:
    """The ids of the questions with the role ``overall_grade`` in a stored form (its SHA-256,
    and its snapshot text read only when the form is not parsed yet), in document order, those
    inside repeats included. Raises the forms package's ``TemplateError`` for a snapshot it
    cannot read."""
    definition = parsed_definition(sha256, read_snapshot)
    return tuple(q.id for q in definition.questions_with_role(OVERALL_GRADE_ROLE))


def refresh_overall_grades(connection: sqlite3.Connection, audit_ids: Iterable[int]) -> None:
    """Work out and store the overall grade of each audit in ``audit_ids`` (unknown ids are
    skipped). Runs in the connection's current transaction; raises ``sqlite3.Error``."""
    ids = list(dict.fromkeys(audit_ids))
    forms_of: dict[int, list[int]] = {}  # definition id -> audit ids
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for audit_id, definition_id in connection.execute(
            "SELECT a.id, r.definition_id FROM audit a JOIN record r ON r.id = a.record_id "
            f"WHERE a.id IN ({_marks(chunk)})",
            chunk,
        ):
            forms_of.setdefault(int(definition_id), []).append(int(audit_id))
    for definition_id, audits in forms_of.items():
        question_ids = _grade_ids_of(connection, definition_id)
        for start in range(0, len(audits), _CHUNK):
            chunk = audits[start : start + _CHUNK]
            connection.execute(
                f"UPDATE audit SET overall_grade = {_grade_sql(len(question_ids))} "
                f"WHERE id IN ({_marks(chunk)})",
                (*question_ids, *chunk),
            )


def refresh_record_grades(connection: sqlite3.Connection, record_ids: Iterable[int]) -> None:
    """:func:`refresh_overall_grades` for the audits held on these records (none for the records
    of assessments or imported bundles)."""
    ids = list(dict.fromkeys(record_ids))
    audits: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        audits += [
            int(audit_id)
            for (audit_id,) in connection.execute(
                f"SELECT id FROM audit WHERE record_id IN ({_marks(chunk)})", chunk
            )
        ]
    if audits:
        refresh_overall_grades(connection, audits)


def session_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session, in the session's transaction (flush the
    session first so that its pending rows are there)."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _grade_ids_of(connection: sqlite3.Connection, definition_id: int) -> tuple[str, ...]:
    row = connection.execute(
        "SELECT sha256 FROM form_definition WHERE id = ?", (definition_id,)
    ).fetchone()
    if row is None:
        return ()

    def read_snapshot() -> str:
        (snapshot,) = connection.execute(
            "SELECT snapshot FROM form_definition WHERE id = ?", (definition_id,)
        ).fetchone()
        return str(snapshot)

    return overall_grade_question_ids(str(row[0]), read_snapshot)


def _grade_sql(count: int) -> str:
    """The grade of ``audit``'s record: the first of ``count`` questions (bound in order) whose
    answer is a text."""
    if count == 0:
        return "NULL"
    lookups = [
        "(SELECT json_extract(an.value, '$') FROM answer an WHERE an.record_id = audit.record_id "
        "AND an.question_id = ? AND json_type(an.value) = 'text')"
    ] * count
    return lookups[0] if count == 1 else f"COALESCE({', '.join(lookups)})"


def _marks(values: list[int]) -> str:
    return ", ".join("?" for _ in values)
