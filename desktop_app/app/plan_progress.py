"""Next year's self-assessment starts with "Progress on last year's plan", filled from the plan.

The self-evaluation reports progress against the improvement plan (DOMAIN.md "The yearly
cycle", step 4): each action with owner, due date, status, RAG and its latest progress note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.people import current_person
from desktop_app.app.plan import PlanActionRow, PlanFilter, list_plan
from desktop_app.errors import UserError

PROGRESS_QUESTION = "plan_progress"


class StartAssessmentError(UserError):
    """A self-assessment cannot be started; the message says what to do."""


def plan_progress_text(rows: list[PlanActionRow]) -> str:
    """The plan as plain text for the self-assessment: one paragraph per action, overdue and
    open first; "" for an empty plan.

    Dates are written as ISO 8601 (``2026-11-01``): a date in words ("1 Nov 2026") is what the
    export's personal-data check flags as a possible date of birth
    (``exchange.personal_data.find_in_text``), and this text is the app's own, not a child's."""
    lines: list[str] = []
    for row in rows:
        head = (
            f"• {row.what} ({row.owner}, due {_iso_day(row.due)}): {row.status.label}"
            + (f" ({row.status_reason})" if row.status_reason else "")
            + (" · OVERDUE" if row.overdue else "")
            + (f" · RAG {row.rag.value}" if row.rag.value != "none" else "")
        )
        latest = row.latest_progress
        if latest is not None:
            head += f"\n  Latest progress, {_iso_day(latest.when)}, {latest.author}: {latest.text}"
        if row.why:
            head += f"\n  Why: {row.why}"
        lines.append(head)
    return "\n".join(lines)


def _iso_day(value: object) -> str:
    """``2026-11-01`` from a date, a datetime or an ISO text (the text as it is otherwise)."""
    text = value.isoformat() if isinstance(value, date) else str(value or "")
    return text[:10] if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-" else text


@dataclass(frozen=True)
class StartSelfAssessment:
    """A new self-assessment for ``period`` ("2026-27"), optionally from last year's answers."""

    period: str
    from_last_year: bool = False
    today: date | None = None


@dataclass(frozen=True)
class SelfAssessmentStarted:
    """The new assessment, answers not carried over, and how many plan actions it reports."""

    assessment_id: int
    not_carried: list[str]
    plan_actions: int
    not_carried_labels: list[str] = field(default_factory=list)  # the same, by label and why
    changed: Changed = Changed.ASSESSMENTS


def start_self_assessment(ctx: AppContext, request: StartSelfAssessment) -> SelfAssessmentStarted:
    """Create the draft (``store.repositories.assessments.create_assessment``) and fill its
    "Progress on last year's plan" from the plan (when the form has that question).

    Raises StartAssessmentError for a bad period, an existing one, or no home council."""
    from desktop_app.store.repositories.assessments import (
        AssessmentError,
        assessment_definition,
        create_assessment,
    )
    from desktop_app.store.repositories.records import save_answer

    person = current_person(ctx)
    rows = list_plan(ctx, PlanFilter(today=request.today))
    text = plan_progress_text(rows)
    try:
        with ctx.database.session() as session:
            created = create_assessment(
                session, request.period, by=person.label, from_last_year=request.from_last_year
            )
            assessment = created.assessment
            definition = assessment_definition(session, assessment)
            if text and definition.has_question(PROGRESS_QUESTION):
                save_answer(session, assessment.record_id, PROGRESS_QUESTION, text, by=person.label)
            return SelfAssessmentStarted(
                int(assessment.id or 0),
                list(created.not_carried),
                len(rows) if text else 0,
                not_carried_labels=list(created.not_carried_labels),
            )
    except AssessmentError as error:
        raise StartAssessmentError(str(error)) from None
