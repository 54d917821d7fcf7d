"""Summaries of what the home holds, as plain rows for `list` and the screens' tables.

These read through a standard-library sqlite3 connection (see ``store.schema``) so the window's
first screen and the `list` command never wait for the ORM to import.
"""

from __future__ import annotations

import sqlite3
from typing import Any

VISIT_KINDS = {
    "sav": "SAV",
    "sav_max": "SAV MAX",
    "pctr": "PCTR",
    "monthly_qa": "Monthly QA",
    "thematic": "Thematic audit",
}
ASSESSMENT_STATUSES = {
    "draft": "Draft",
    "ready": "Ready for challenge",
    "shared": "Shared",
    "closed": "Closed",
}


def _seconds(value: Any) -> str:
    return "" if value is None else str(value)[:19].replace(" ", "T")


def assessment_rows(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = connection.execute(
        "SELECT a.id, a.title, o.name AS organisation, a.period, a.status, a.updated_at "
        "FROM assessment a JOIN organisation o ON o.id = a.organisation_id "
        "ORDER BY a.period DESC, a.id"
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "organisation": row["organisation"],
            "period": row["period"],
            "status": row["status"],
            "updated_at": _seconds(row["updated_at"]),
        }
        for row in rows
    ]


def visit_rows(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = connection.execute(
        "SELECT v.id, v.title, v.kind, o.name AS host, v.start_date, v.status, "
        "(SELECT COUNT(*) FROM audit a WHERE a.visit_id = v.id) AS audits, "
        "(SELECT COUNT(DISTINCT lower(a.case_reference)) FROM audit a "
        "WHERE a.visit_id = v.id) AS cases, "
        "(SELECT COUNT(DISTINCT lower(a.case_reference)) FROM audit a "
        "WHERE a.visit_id = v.id AND a.escalated) AS escalations "
        "FROM visit v JOIN organisation o ON o.id = v.host_organisation_id "
        "ORDER BY v.start_date DESC, v.id"
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "kind": VISIT_KINDS.get(row["kind"], row["kind"]),
            "host": row["host"],
            "start_date": row["start_date"],
            "status": row["status"],
            "audits": row["audits"],
            "cases": row["cases"],
            "escalations": row["escalations"],
        }
        for row in rows
    ]


def audit_rows(connection: sqlite3.Connection, visit_id: int | None = None) -> list[dict[str, Any]]:
    where = "" if visit_id is None else "WHERE visit_id = ?"
    params: tuple[Any, ...] = () if visit_id is None else (visit_id,)
    rows = connection.execute(
        "SELECT id, visit_id, case_reference, "
        "CASE WHEN assigned_to != '' THEN assigned_to ELSE auditor END AS auditor, "
        "status, escalated FROM audit "
        f"{where} ORDER BY escalated DESC, visit_id, id",
        params,
    )
    return [
        {
            "id": row["id"],
            "title": f"Audit of case {row['case_reference']}",
            "visit_id": row["visit_id"],
            "case_reference": row["case_reference"],
            "auditor": row["auditor"],
            "status": row["status"],
            "escalated": bool(row["escalated"]),
        }
        for row in rows
    ]


def bundle_rows(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = connection.execute(
        "SELECT id, title, bundle_type, source_organisation, period, sequence, trusted, "
        "in_response_to, external_identifier, flagged_older, imported_at "
        "FROM imported_bundle ORDER BY imported_at DESC, id DESC"
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "type": row["bundle_type"],
            "organisation": row["source_organisation"],
            "period": row["period"],
            "sequence": row["sequence"],
            "trusted": bool(row["trusted"]),
            "in_response_to": row["in_response_to"],
            "external_identifier": row["external_identifier"],
            "older_than_seen": bool(row["flagged_older"]),
            "imported_at": _seconds(row["imported_at"]),
        }
        for row in rows
    ]


def setting_value(connection: sqlite3.Connection, key: str) -> str | None:
    """The raw JSON text of a setting, or None."""
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def home_council_name(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT name FROM organisation WHERE is_home LIMIT 1").fetchone()
    return None if row is None else str(row[0])
