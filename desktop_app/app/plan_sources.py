"""Actions that come into the plan from elsewhere: an audit's actions, a visit finding, a
self-assessment's priorities. Each origin is added once (matched on ``source_ref``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.people import current_person
from desktop_app.app.plan import PlanInputError
from desktop_app.store.repositories.plan import NewAction, PlanError, PlanSource

# An action that comes without a due date (an audit action left undated) is due in a quarter.
DEFAULT_DUE_DAYS = 91


@dataclass(frozen=True)
class PlanActionsImported:
    """How many actions were added, and how many were already in the plan."""

    added: int
    already: int
    changed: Changed = Changed.PLAN


def import_audit_actions(ctx: AppContext, visit_id: int) -> PlanActionsImported:
    """Every action recorded in the audits of visit ``visit_id`` becomes a plan action (source
    "audit"; why names the visit and the case). Raises PlanInputError for an unknown visit."""
    from desktop_app.store.models import Visit
    from desktop_app.store.repositories.findings import sqlite_connection, visit_actions
    from desktop_app.store.repositories.plan import action_from, add_action

    person = current_person(ctx)
    added = already = 0
    with ctx.database.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise PlanInputError(
                f"There is no visit {visit_id}; see 'critical-friend list visits'."
            )
        items = visit_actions(sqlite_connection(session), visit_id)
        for item in items:
            ref = f"audit:{item.audit_id}:{item.what}"
            if not item.what or action_from(session, ref) is not None:
                already += bool(item.what)
                continue
            action = add_action(
                session,
                NewAction(
                    what=item.what,
                    owner=item.owner or visit.lead_name or person.name,
                    due=item.due or date.today() + timedelta(days=DEFAULT_DUE_DAYS),
                    why=f"Audit of case {item.case_reference} in {visit.title}",
                    source=PlanSource.AUDIT,
                    source_ref=ref,
                ),
                by=person.label,
            )
            if not item.is_open:
                action.status = "done"
                session.add(action)
            added += 1
    return PlanActionsImported(added, already)


def import_priorities(ctx: AppContext, assessment_id: int) -> PlanActionsImported:
    """The priorities of self-assessment ``assessment_id`` become plan actions (owner the named
    lead, due "by when", area the ILACS area). Raises PlanInputError for an unknown one."""
    from desktop_app.store.repositories.assessments import (
        AssessmentError,
        assessment_answers,
        get_assessment,
    )
    from desktop_app.store.repositories.plan import action_from, add_action

    person = current_person(ctx)
    added = already = 0
    try:
        with ctx.database.session() as session:
            assessment = get_assessment(session, assessment_id)
            rows = assessment_answers(session, assessment).get("priorities") or []
            for index, row in enumerate(rows if isinstance(rows, list) else []):
                if not isinstance(row, dict) or not str(row.get("priority") or "").strip():
                    continue
                ref = f"assessment:{assessment_id}:priority:{index}"
                if action_from(session, ref) is not None:
                    already += 1
                    continue
                add_action(
                    session,
                    NewAction(
                        what=str(row["priority"]),
                        owner=str(row.get("lead") or "").strip() or person.name,
                        due=_date(row.get("by_when")),
                        why=f"Priority in the self-assessment {assessment.period}",
                        source=PlanSource.SELF_ASSESSMENT,
                        source_ref=ref,
                        area=str(row.get("area") or ""),
                    ),
                    by=person.label,
                )
                added += 1
    except (AssessmentError, PlanError) as error:
        raise PlanInputError(str(error)) from None
    return PlanActionsImported(added, already)


def visit_finding_source(ctx: AppContext, visit_id: int) -> tuple[str, str]:
    """``(why, source_ref)`` for an action made from a finding of visit ``visit_id``.

    Raises PlanInputError for an unknown visit."""
    from desktop_app.store.models import Visit

    with ctx.database.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise PlanInputError(
                f"There is no visit {visit_id}; see 'critical-friend list visits'."
            )
        return f"Finding of {visit.title}", f"visit:{visit_id}"


def _date(value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    return date.today() + timedelta(days=DEFAULT_DUE_DAYS)


@dataclass(frozen=True)
class SourceChoice:
    """A visit or self-assessment the plan can bring actions in from: kind, id and title."""

    kind: str  # "visit" (its audits' actions) or "assessment" (its priorities)
    id: int
    name: str  # the visit's or the self-assessment's own title

    @property
    def title(self) -> str:
        """What bringing it in means, in words: "Audit actions of …" or "Priorities in …"."""
        return (
            f"Audit actions of {self.name}"
            if self.kind == "visit"
            else f"Priorities in {self.name}"
        )


def source_choices(ctx: AppContext) -> list[SourceChoice]:
    """Every visit (newest first) and every home self-assessment (newest period first)."""
    from sqlmodel import col, select

    from desktop_app.store.models import Assessment, Organisation, Visit

    with ctx.database.session() as session:
        visits = [
            (v.id, v.title) for v in session.exec(select(Visit).order_by(col(Visit.id).desc()))
        ]
        assessments = [
            (a.id, a.title)
            for a in session.exec(
                select(Assessment)
                .join(Organisation, col(Organisation.id) == col(Assessment.organisation_id))
                .where(col(Organisation.is_home))
                .order_by(col(Assessment.period).desc())
            )
        ]
    return [SourceChoice("visit", int(i or 0), t) for i, t in visits] + [
        SourceChoice("assessment", int(i or 0), t) for i, t in assessments
    ]


def bring_in(ctx: AppContext, choice: SourceChoice) -> PlanActionsImported:
    """Bring in the actions of ``choice`` (a visit's audit actions or an assessment's
    priorities); each origin comes in once."""
    if choice.kind == "visit":
        return import_audit_actions(ctx, choice.id)
    return import_priorities(ctx, choice.id)
