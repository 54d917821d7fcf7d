"""Self-assessments: the list, one assessment's status through the year, evidence, comparison.

The list is read through the quick sqlite3 connection (no ORM on start-up): status, progress
from the form definition snapshot, last change, answers carried from last year. Changes open
their own ORM session and return ``Changed.ASSESSMENTS``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.store.definitions import parsed_definition
from desktop_app.store.repositories.listing import ASSESSMENT_STATUSES

if TYPE_CHECKING:  # forms is imported on first use: an empty home's first start never needs it
    from desktop_app.store.repositories.assessments import Comparison, EvidenceItem
    from forms import FormDefinition

__all__ = ["ASSESSMENT_STATUSES", "AssessmentCreated", "assessment_overview"]


def _definition(connection: sqlite3.Connection, definition_id: int) -> FormDefinition:
    def read() -> str:
        row = connection.execute(
            "SELECT snapshot FROM form_definition WHERE id = ?", (definition_id,)
        ).fetchone()
        return str(row[0])

    row = connection.execute(
        "SELECT sha256 FROM form_definition WHERE id = ?", (definition_id,)
    ).fetchone()
    return parsed_definition(str(row[0]), read)


def assessment_overview(ctx: AppContext) -> list[dict[str, Any]]:
    """One row per self-assessment, newest period first (id, title, period, organisation,
    status, status_label, progress 0..1, last_change, carried, snapshots, record_id)."""
    connection = ctx.reader()
    rows = connection.execute(
        "SELECT a.id, a.title, a.period, a.status, a.record_id, o.name AS organisation, "
        "r.definition_id, MAX(a.updated_at, r.updated_at) AS last_change, "
        "(SELECT COUNT(*) FROM answer WHERE record_id = a.record_id AND carried_over) AS carried, "
        "(SELECT COUNT(*) FROM assessment_snapshot s WHERE s.assessment_id = a.id) AS snapshots "
        "FROM assessment a JOIN organisation o ON o.id = a.organisation_id "
        "JOIN record r ON r.id = a.record_id ORDER BY a.period DESC, a.id"
    ).fetchall()
    answers: dict[int, dict[str, Any]] = {int(row["record_id"]): {} for row in rows}
    if answers:  # every list's answers in one query, not one per row
        marks = ",".join("?" * len(answers))
        for record_id, question_id, value in connection.execute(
            f"SELECT record_id, question_id, value FROM answer WHERE record_id IN ({marks})",
            list(answers),
        ):
            answers[int(record_id)][str(question_id)] = json.loads(value)
    overview = []
    if rows:
        from forms import overall_progress
    for row in rows:
        progress = overall_progress(
            _definition(connection, row["definition_id"]), answers[int(row["record_id"])]
        )
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


def status_label(status: str) -> str:
    """The words for an assessment's status ("Ready for challenge")."""
    return ASSESSMENT_STATUSES.get(status, status)


def frozen_date(ctx: AppContext, assessment_id: int) -> str:
    """When the latest frozen copy (snapshot) was made, "YYYY-MM-DD HH:MM", or ""."""
    row = (
        ctx.reader()
        .execute(
            "SELECT created_at FROM assessment_snapshot WHERE assessment_id = ? "
            "ORDER BY id DESC LIMIT 1",
            (assessment_id,),
        )
        .fetchone()
    )
    return "" if row is None else str(row[0])[:16]


def carried_count(ctx: AppContext, assessment_id: int) -> int:
    """How many answers are still as carried over from last year."""
    row = (
        ctx.reader()
        .execute(
            "SELECT COUNT(*) FROM answer a JOIN assessment s ON s.record_id = a.record_id "
            "WHERE s.id = ? AND a.carried_over",
            (assessment_id,),
        )
        .fetchone()
    )
    return int(row[0])


def other_periods(ctx: AppContext, assessment_id: int) -> list[tuple[int, str]]:
    """(id, period) of the same council's other self-assessments, newest first."""
    rows = ctx.reader().execute(
        "SELECT id, period FROM assessment WHERE id != ? AND organisation_id = "
        "(SELECT organisation_id FROM assessment WHERE id = ?) ORDER BY period DESC",
        (assessment_id, assessment_id),
    )
    return [(int(row[0]), str(row[1])) for row in rows]


@dataclass(frozen=True)
class AssessmentCreated:
    """A new self-assessment, and the answer paths from last year that no longer fit."""

    assessment_id: int
    not_carried: list[str]
    changed: Changed = Changed.ASSESSMENTS
    not_carried_labels: list[str] = field(default_factory=list)  # the same, by label and why


def create_assessment(
    ctx: AppContext, period: str, *, by: str, from_last_year: bool
) -> AssessmentCreated:
    """Starts the self-assessment for ``period`` (e.g. "2026-27"), optionally from last year's
    answers. Raises ``ValueError`` (one sentence) for a bad or taken period."""
    from desktop_app.store.repositories import assessments

    with ctx.database.session() as session:
        created = assessments.create_assessment(
            session, period, by=by, from_last_year=from_last_year
        )
        assert created.assessment.id is not None
        return AssessmentCreated(
            created.assessment.id,
            list(created.not_carried),
            not_carried_labels=list(created.not_carried_labels),
        )


def note_edited(ctx: AppContext, assessment_id: int) -> Changed:
    """An answer was saved: a frozen (ready or shared) assessment goes back to draft."""
    from desktop_app.store.repositories.assessments import note_edited as edited

    with ctx.database.session() as session:
        edited(session, assessment_id)
    return Changed.ASSESSMENTS


def change_status(ctx: AppContext, assessment_id: int, status: str, *, by: str) -> Changed:
    """Moves the assessment on ("shared", "closed"). Raises ``ValueError`` for a wrong step."""
    from desktop_app.store.repositories.assessments import change_status as change

    with ctx.database.session() as session:
        change(session, assessment_id, status, by=by)
    return Changed.ASSESSMENTS


def mark_ready(ctx: AppContext, assessment_id: int, *, by: str) -> Changed:
    """Freezes what peers will see (a snapshot) and marks the assessment ready for challenge."""
    from desktop_app.store.repositories.assessments import mark_ready as ready

    with ctx.database.session() as session:
        ready(session, assessment_id, by=by)
    return Changed.ASSESSMENTS


def evidence_list(ctx: AppContext, assessment_id: int) -> list[EvidenceItem]:
    """Every file attached to the assessment's answers, with the question it supports."""
    from desktop_app.store.repositories.assessments import evidence_list as listed

    with ctx.database.session() as session:
        return listed(session, assessment_id)


def indicator_citations(ctx: AppContext, assessment_id: int, period: str) -> list[tuple[str, str]]:
    """(indicator title, a sentence citing its value) for the latest period up to ``period``."""
    from desktop_app.store.models import Assessment
    from desktop_app.store.repositories.data_profile import citation, profile_table

    with ctx.database.session() as session:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None:
            raise LookupError(f"There is no self-assessment {assessment_id}.")
        table = profile_table(session, assessment.organisation_id)
    latest = max((p for p in table.periods if p <= period), default=None)
    return [
        (indicator.title, citation(table, indicator, latest))
        for indicator in table.indicators
        if latest is not None and table.value(indicator.id, latest) is not None
    ]


def compare_assessments(ctx: AppContext, first_id: int, second_id: int) -> Comparison:
    """Two self-assessments side by side, question by question."""
    from desktop_app.store.repositories.assessments import compare_assessments as compare

    with ctx.database.session() as session:
        return compare(session, first_id, second_id)
