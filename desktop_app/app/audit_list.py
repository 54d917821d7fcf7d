"""``list audits --json`` at the speed of its SQL: each audit's JSON made by SQLite.

Issue 17: the listing of 10,000 audits within 3x the bare ``sqlite3 -json`` query. Each audit's
object is built by SQLite's ``json_object`` (C) in the query that reads it, so Python touches one
string an audit; the overall grade comes from the same query, and the order from indexes (no
sort). The objects have the keys, order
and values of ``AuditRow.to_json`` (desktop_app.app.team).
"""

from __future__ import annotations

import sqlite3

from desktop_app.app.context import AppContext
from desktop_app.store.audit_owner import OWNER_SQL

# JSON true/false for a 0/1 column: json('true') has no column in it, so SQLite works it out
# once per query rather than parsing the text again for every audit.
_BOOLEAN = "CASE WHEN a.{column} THEN json('true') ELSE json('false') END"
_AUDIT_OBJECT = (
    "json_object("
    "'id', a.id, "
    "'title', 'Audit of case ' || a.case_reference, "
    "'uuid', a.uuid, "
    "'visit_id', a.visit_id, "
    "'case_reference', a.case_reference, "
    f"'auditor', {OWNER_SQL}, "
    "'status', a.status, "
    "'overall_grade', {grade}, "
    f"'escalation', {_BOOLEAN.format(column='escalated')}, "
    f"'escalated', {_BOOLEAN.format(column='escalated')}, "
    f"'conflict', {_BOOLEAN.format(column='conflict')}"
    ")"
)
# The order is "escalated DESC, visit_id, id", read in three parts so that SQLite never sorts the
# objects (a sort of 10,000 JSON texts took a third of the listing): the audits at risk
# (escalated > 0; few, sorted), then the rest (escalated = 0, the usual case) in the order of the
# visit index, which is (visit_id, id) and needs no sort, then any escalated < 0 (none are
# written; kept so that the three parts always cover the whole table, in ORDER BY's order).
_VISIT_INDEX = "ix_audit_visit_id"
_PARTS = (
    ("", "a.escalated > 0", "a.escalated DESC, a.visit_id, a.id"),
    (f"INDEXED BY {_VISIT_INDEX}", "a.escalated = 0", "a.visit_id, a.id"),
    ("", "a.escalated < 0", "a.escalated DESC, a.visit_id, a.id"),
)
_PART_SQL = "SELECT {object} FROM audit a {indexed} WHERE {where} ORDER BY {order}"

# The overall grade: the answer to a question of role ``overall_grade`` when it is a text value
# (a grade id); anything else (unanswered, a list) is null, as in AuditRow.
_GRADE = (
    "(SELECT json_extract(an.value, '$') FROM answer an WHERE an.record_id = a.record_id "
    "AND an.question_id IN ({marks}) AND json_type(an.value) = 'text' LIMIT 1)"
)
# When every audit form calls it ``overall_grade`` (the shipped form), it is read from the
# partial covering index of migration 0006 without touching the answer's row; SQLite's planner
# prefers the primary key (a unique lookup) unless told.
SHIPPED_GRADE_ID = "overall_grade"
_GRADE_INDEX = "ix_answer_overall_grade"
_INDEXED_GRADE = (
    f"(SELECT json_extract(an.value, '$') FROM answer an INDEXED BY {_GRADE_INDEX} "
    f"WHERE an.record_id = a.record_id AND an.question_id = '{SHIPPED_GRADE_ID}' "
    "AND json_type(an.value) = 'text')"
)


def audit_list_json(ctx: AppContext, visit_id: int | None = None) -> list[str]:
    """One JSON object (text) per audit, of one visit or all, children at risk first (the order
    ``escalated DESC, visit_id, id``).

    Keys: id, title, uuid, visit_id, case_reference, auditor (who holds it), status,
    overall_grade (a grade id or null), escalation, escalated, conflict. Raises
    ``sqlite3.Error`` when the database cannot be read.
    """
    return audit_json_objects(ctx.reader(), visit_id)


def audit_json_objects(connection: sqlite3.Connection, visit_id: int | None = None) -> list[str]:
    """``audit_list_json`` on an open connection to a database at the head schema."""
    grade_ids = overall_grade_ids(connection)
    indexes = _indexes(connection)
    grade_params: tuple[str, ...] = ()
    if not grade_ids:
        grade = "NULL"
    elif grade_ids == [SHIPPED_GRADE_ID] and _GRADE_INDEX in indexes:
        grade = _INDEXED_GRADE
    else:  # another form's grade id, or a home read before migration 0006
        grade = _GRADE.format(marks=", ".join("?" for _ in grade_ids))
        grade_params = tuple(grade_ids)
    audit_object = _AUDIT_OBJECT.format(grade=grade)
    objects: list[str] = []
    for indexed, where, order in _PARTS:
        sql = _PART_SQL.format(
            object=audit_object,
            indexed=indexed if _VISIT_INDEX in indexes else "",
            where=where if visit_id is None else f"{where} AND a.visit_id = ?",
            order=order,
        )
        params = grade_params if visit_id is None else (*grade_params, visit_id)
        objects += [text for (text,) in connection.execute(sql, params)]
    return objects


def overall_grade_ids(connection: sqlite3.Connection) -> list[str]:
    """The question ids with the role ``overall_grade`` in any audit form used in the database
    (top-level questions and those inside repeats, as ``FormDefinition.questions_with_role``).

    Read from the stored snapshots by SQLite's JSON functions (the snapshot layout of
    ``forms.snapshot_reader``: ``sections[].questions[]``, a repeat's ``questions[]``), so the
    listing does not import and parse the forms package (a third of its start-up).
    """
    return [str(question_id) for (question_id,) in connection.execute(_GRADE_IDS)]


_GRADE_IDS = (
    # a form is used when one audit record is found by the definition index (the kind index,
    # which SQLite would pick, reads every audit record: 1 ms a listing at 10,000 audits)
    "WITH used AS (SELECT snapshot FROM form_definition fd WHERE EXISTS (SELECT 1 FROM record r "
    "WHERE r.definition_id = fd.id AND +r.kind = 'audit')), "
    "questions AS (SELECT q.value AS question FROM used, json_each(used.snapshot, '$.sections') s, "
    "json_each(s.value, '$.questions') q), "
    "inner_questions AS (SELECT i.value AS question FROM questions, "
    "json_each(questions.question, '$.questions') i "
    "WHERE json_type(questions.question, '$.questions') = 'array') "
    "SELECT DISTINCT json_extract(question, '$.id') AS question_id FROM "
    "(SELECT question FROM questions UNION ALL SELECT question FROM inner_questions) "
    "WHERE json_extract(question, '$.role') = 'overall_grade' "
    "AND json_type(question, '$.id') = 'text' ORDER BY question_id"
)


def _indexes(connection: sqlite3.Connection) -> set[str]:
    """The names of the indexes on the audit and answer tables."""
    return {
        str(name)
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('audit', 'answer')"
        )
    }
