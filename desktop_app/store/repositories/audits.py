"""Audits: one per case on a visit's audit list, with its record, its summary and its moderation.

``Audit.escalated``, ``status``, ``auditor`` and ``audited_on`` mirror the record's answers;
:func:`refresh_audit_summary` brings them in step and is called after every save.
Status: ``not_started`` (nothing but what the case list filled in), ``in_progress``,
``complete`` (every required answer given, nothing blocking) and ``moderated``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from audit_tool.case_list import normalise_column_name
from desktop_app.store.audit_grade import refresh_overall_grades, session_connection
from desktop_app.store.models import (
    Answer,
    AnswerChange,
    Audit,
    FormDefinitionRow,
    Moderation,
    Record,
    Visit,
    VisitCase,
)
from desktop_app.store.models.core import utcnow
from desktop_app.store.repositories.records import (
    create_record,
    definition_from_text,
    load_answers,
    record_definition,
    save_answers,
)
from desktop_app.store.repositories.templates import current_definition
from desktop_app.store.vocabulary import AuditStatus
from forms import FormDefinition, Question, section_progress
from forms.scales import Scale

PREFILLED_BY = "case list"


def audit_owner(audit: Audit) -> str:
    """The name ``OWNER_SQL`` (desktop_app.store.audit_owner) gives, for one loaded audit."""
    return audit.assigned_to or audit.auditor


STATUS_LABELS: dict[str, str] = {status: status.label for status in AuditStatus}
_COHORT_WORDS = {
    "eh": "early_help",
    "cin": "child_in_need",
    "cp": "child_protection",
    "cpp": "child_protection",
    "cic": "child_in_care",
    "cla": "child_in_care",
    "lac": "child_in_care",
    "cl": "care_leaver",
}


class AuditError(ValueError):
    """An audit change that cannot be made; the message says why and what to do."""


class ModerationError(AuditError):
    """A moderation that cannot be saved; the message says what to fix."""


def definition_by_row(row: FormDefinitionRow) -> FormDefinition:
    return definition_from_text(row.sha256, row.snapshot)


def get_audit(session: Session, audit_id: int) -> Audit:
    audit = session.get(Audit, audit_id)
    if audit is None:
        raise LookupError(f"There is no audit {audit_id}; run 'critical-friend list audits'.")
    return audit


def create_audit(
    session: Session,
    visit: Visit,
    visit_case: VisitCase,
    *,
    auditor: str = "",
    snapshot: Mapping[str, Any] | None = None,
) -> Audit:
    """An audit of the case, on a new record of the visit's template (or ``snapshot``), with the
    case reference and any cohort/team from the case list filled in."""
    assert visit.id is not None and visit_case.id is not None
    if snapshot is None:
        snapshot = current_definition(session, visit.template_form_id).to_snapshot()
    record = create_record(session, snapshot, "audit")
    assert record.id is not None
    definition = FormDefinition.from_snapshot(dict(snapshot))
    prefill = _prefill_answers(definition, visit_case)
    if prefill:
        save_answers(session, record.id, prefill, by=PREFILLED_BY)
    audit = Audit(
        visit_id=visit.id,
        visit_case_id=visit_case.id,
        case_reference=visit_case.case_reference,
        record_id=record.id,
        auditor=auditor,
    )
    session.add(audit)
    session.flush()
    assert audit.id is not None
    refresh_overall_grades(session_connection(session), [audit.id])
    return audit


def _prefill_answers(definition: FormDefinition, visit_case: VisitCase) -> dict[str, Any]:
    fields: dict[str, str] = {
        normalise_column_name(key): str(value).strip()
        for key, value in json.loads(visit_case.fields or "{}").items()
    }
    answers: dict[str, Any] = {}
    for question in definition.questions_with_role("case_reference"):
        answers[question.id] = visit_case.case_reference
    for role in ("team", "cohort"):
        text = fields.get(role, "")
        for question in definition.questions_with_role(role):
            value = _match_choice(question, text) if question.choices else text
            if value:
                answers[question.id] = value
    return answers


def _match_choice(question: Question, text: str) -> str | None:
    wanted = normalise_column_name(text)
    for choice in question.choices:
        if wanted in (normalise_column_name(choice.id), normalise_column_name(choice.label)):
            return choice.id
    word = _COHORT_WORDS.get(wanted.replace(" ", ""))
    return word if word in question.choice_ids() else None


def delete_untouched_audit(session: Session, visit_case_id: int) -> None:
    """Delete the audit of a case taken off the list, refusing when anything has been recorded."""
    audit = session.exec(select(Audit).where(Audit.visit_case_id == visit_case_id)).first()
    if audit is None:
        return
    recorded = session.exec(
        select(func.count())
        .select_from(Answer)
        .where(Answer.record_id == audit.record_id, Answer.updated_by != PREFILLED_BY)
    ).one()
    if recorded:
        raise AuditError(
            f"The audit of case {audit.case_reference} already has answers, so the case cannot "
            "be taken off the list; finish or clear that audit first."
        )
    record_id = audit.record_id
    session.delete(audit)
    session.flush()
    session.exec(delete(AnswerChange).where(col(AnswerChange.record_id) == record_id))
    session.exec(delete(Answer).where(col(Answer.record_id) == record_id))
    record = session.get(Record, record_id)
    if record is not None:
        session.delete(record)
    session.flush()


# Summary ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditSummary:
    status: str
    escalated: bool
    progress: float
    left: list[str]

    @property
    def left_text(self) -> str:
        if not self.left:
            return "Nothing left" if self.progress >= 1.0 else ""
        if len(self.left) <= 3:
            return ", ".join(self.left)
        return f"{len(self.left)} sections: {', '.join(self.left[:2])}…"


def summarise_answers(
    definition: FormDefinition, answers: Mapping[str, Any], *, started: bool, moderated: bool
) -> AuditSummary:
    """Status, escalation, progress and the titles of sections still to finish."""
    progress = section_progress(definition, answers)
    required = sum(item.required for item in progress.values())
    done = sum(item.required_answered for item in progress.values())
    left = [
        definition.section(section_id).title
        for section_id, item in progress.items()
        if item.required_answered < item.required or item.blocking_issues
    ]
    escalated = any(
        answers.get(question.id) == "yes"
        for question in definition.questions_with_role("escalation")
    )
    if moderated:
        status = AuditStatus.MODERATED.value
    elif not left and started:
        status = AuditStatus.COMPLETE.value
    elif started:
        status = AuditStatus.IN_PROGRESS.value
    else:
        status = AuditStatus.NOT_STARTED.value
    return AuditSummary(status, escalated, done / required if required else 1.0, left)


def refresh_audit_summary(session: Session, audit_id: int) -> AuditSummary:
    """Bring the audit's status, escalation flag, auditor and date in step with its answers."""
    audit = get_audit(session, audit_id)
    definition = record_definition(session, audit.record_id)
    answers = load_answers(session, audit.record_id)
    started = bool(
        session.exec(
            select(func.count())
            .select_from(Answer)
            .where(Answer.record_id == audit.record_id, Answer.updated_by != PREFILLED_BY)
        ).one()
    )
    moderated = bool(
        session.exec(
            select(func.count()).select_from(Moderation).where(Moderation.audit_id == audit_id)
        ).one()
    )
    summary = summarise_answers(definition, answers, started=started, moderated=moderated)
    audit.status = summary.status
    audit.escalated = summary.escalated
    for question in definition.questions_with_role("auditor"):
        if isinstance(answers.get(question.id), str) and answers[question.id].strip():
            audit.auditor = answers[question.id].strip()
    audit.audited_on = None
    for question in definition.questions_with_role("audit_date"):
        audit.audited_on = _parse_date(answers.get(question.id)) or audit.audited_on
    audit.updated_at = utcnow()
    session.add(audit)
    session.flush()
    return summary


def audit_summary(session: Session, audit_id: int) -> AuditSummary:
    """The summary as it stands, without changing anything."""
    audit = get_audit(session, audit_id)
    definition = record_definition(session, audit.record_id)
    answers = load_answers(session, audit.record_id)
    return summarise_answers(
        definition, answers, started=audit.status != AuditStatus.NOT_STARTED, moderated=False
    )


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# Moderation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeLine:
    """One grade of an audit as the moderator sees it."""

    question_id: str
    section_title: str
    label: str
    scale: Scale | None
    auditor_value: str | None
    moderator_value: str | None
    rationale: str
    moderated: bool

    def label_of(self, value: str | None) -> str:
        if value is None:
            return "Not graded"
        return self.scale.label_of(value) if self.scale is not None else value


@dataclass(frozen=True)
class ModerationDecision:
    question_id: str
    moderator_value: str | None
    rationale: str = ""


def latest_moderations(session: Session, audit_id: int) -> dict[str, Moderation]:
    """The latest moderation of each grade of an audit (earlier ones stay in the table)."""
    rows = session.exec(
        select(Moderation).where(Moderation.audit_id == audit_id).order_by(col(Moderation.id))
    )
    return {row.question_id: row for row in rows}


def audit_grade_lines(session: Session, audit_id: int) -> list[GradeLine]:
    audit = get_audit(session, audit_id)
    definition = record_definition(session, audit.record_id)
    answers = load_answers(session, audit.record_id)
    moderations = latest_moderations(session, audit_id)
    lines: list[GradeLine] = []
    for section_id, question in definition.grade_questions():
        value = answers.get(question.id)
        moderation = moderations.get(question.id)
        lines.append(
            GradeLine(
                question_id=question.id,
                section_title=definition.section(section_id).title,
                label=question.label or question.id,
                scale=definition.scale_for(question),
                auditor_value=value if isinstance(value, str) else None,
                moderator_value=moderation.moderator_value if moderation else None,
                rationale=moderation.rationale if moderation else "",
                moderated=moderation is not None,
            )
        )
    return lines


def moderate_audit(
    session: Session, audit_id: int, decisions: Sequence[ModerationDecision], moderator: str
) -> AuditSummary:
    """Record the moderator's view of each grade: the auditor's grade is kept beside it.

    A changed grade needs a rationale; the auditor's answers themselves are never changed.
    """
    audit = get_audit(session, audit_id)
    lines = {line.question_id: line for line in audit_grade_lines(session, audit_id)}
    if not decisions:
        raise ModerationError("Agree or change at least one grade before saving the moderation.")
    for decision in decisions:
        line = lines.get(decision.question_id)
        if line is None:
            raise ModerationError(f"'{decision.question_id}' is not a grade in this audit.")
        value = decision.moderator_value
        if line.scale is not None and value is not None and line.scale.value(value) is None:
            raise ModerationError(f"'{value}' is not a grade on the {line.scale.title} scale.")
        if value != line.auditor_value and not decision.rationale.strip():
            raise ModerationError(
                f"Say why the grade for '{line.section_title}' changed; a changed grade needs a "
                "rationale."
            )
    now = utcnow()
    for decision in decisions:
        session.add(
            Moderation(
                audit_id=audit_id,
                question_id=decision.question_id,
                auditor_value=lines[decision.question_id].auditor_value,
                moderator_value=decision.moderator_value,
                rationale=decision.rationale.strip(),
                moderator=moderator,
                moderated_at=now,
            )
        )
    session.flush()
    assert audit.id is not None
    return refresh_audit_summary(session, audit.id)
