"""The self-assessment list's rows, read through the quick sqlite3 connection (no ORM on start-up):
status, progress from the form definition snapshot, last change, answers carried from last year."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from desktop_app.store.repositories.listing import ASSESSMENT_STATUSES
from forms import FormDefinition, overall_progress

_DEFINITIONS: dict[str, FormDefinition] = {}


def _definition(connection: sqlite3.Connection, definition_id: int) -> FormDefinition:
    row = connection.execute(
        "SELECT sha256, snapshot FROM form_definition WHERE id = ?", (definition_id,)
    ).fetchone()
    sha256 = str(row["sha256"])
    if sha256 not in _DEFINITIONS:
        _DEFINITIONS[sha256] = FormDefinition.from_snapshot(json.loads(row["snapshot"]))
    return _DEFINITIONS[sha256]


def assessment_overview(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    """One row per self-assessment, newest period first."""
    rows = connection.execute(
        "SELECT a.id, a.title, a.period, a.status, a.record_id, o.name AS organisation, "
        "r.definition_id, MAX(a.updated_at, r.updated_at) AS last_change, "
        "(SELECT COUNT(*) FROM answer WHERE record_id = a.record_id AND carried_over) AS carried, "
        "(SELECT COUNT(*) FROM assessment_snapshot s WHERE s.assessment_id = a.id) AS snapshots "
        "FROM assessment a JOIN organisation o ON o.id = a.organisation_id "
        "JOIN record r ON r.id = a.record_id ORDER BY a.period DESC, a.id"
    ).fetchall()
    overview = []
    for row in rows:
        answers = {
            answer["question_id"]: json.loads(answer["value"])
            for answer in connection.execute(
                "SELECT question_id, value FROM answer WHERE record_id = ?", (row["record_id"],)
            )
        }
        progress = overall_progress(_definition(connection, row["definition_id"]), answers)
        overview.append(
            {
                "id": row["id"],
                "title": row["title"],
                "period": row["period"],
                "organisation": row["organisation"],
                "status": row["status"],
                "status_label": ASSESSMENT_STATUSES.get(row["status"], row["status"]),
                "progress": progress,
                "last_change": str(row["last_change"] or "")[:16].replace("T", " "),
                "carried": int(row["carried"]),
                "snapshots": int(row["snapshots"]),
                "record_id": row["record_id"],
            }
        )
    return overview
