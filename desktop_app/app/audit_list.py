"""``list audits --json`` at the speed of its SQL: each audit's JSON kept on its row.

Issue 17: the listing of 10,000 audits within 3x the bare ``sqlite3 -json`` query. Each audit's
object (the keys, order and values of ``AuditRow.to_json``, desktop_app.app.team) is kept on the
audit row by SQLite itself (``audit.listing_json``: triggers of migration 0008, with the overall
grade kept by ``desktop_app.store.audit_grade``), so the listing reads one text an audit, in the
order of indexes (no sort).
"""

from __future__ import annotations

import sqlite3

from desktop_app.app.context import AppContext

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
_PART_SQL = "SELECT a.listing_json FROM audit a {indexed} WHERE {where} ORDER BY {order}"


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
    has_visit_index = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (_VISIT_INDEX,)
    ).fetchone()
    objects: list[str] = []
    for indexed, where, order in _PARTS:
        sql = _PART_SQL.format(
            indexed=indexed if has_visit_index else "",
            where=where if visit_id is None else f"{where} AND a.visit_id = ?",
            order=order,
        )
        params = () if visit_id is None else (visit_id,)
        objects += [text for (text,) in connection.execute(sql, params)]
    return objects
