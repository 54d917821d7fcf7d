"""Self-assessments: one per council and period, made from the `self-assessment` template.

The status moves draft → ready → shared → closed. Marking an assessment ready for challenge
freezes an `AssessmentSnapshot` (the answers and the definition they were given against): that is
what peers see. An edit after that makes the assessment a draft again and never touches a
snapshot; marking it ready again freezes a new one. A closed assessment is read-only.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from desktop_app.store.models import Assessment, AssessmentSnapshot, Record
from desktop_app.store.models.core import utcnow
from desktop_app.store.repositories.organisations import home_organisation
from desktop_app.store.repositories.records import (
    canonical_json,
    create_record,
    definition_snapshot,
    load_answers,
    save_answer,
    save_answers,
    shared_answers,
)
from desktop_app.store.repositories.templates import current_definition
from desktop_app.store.vocabulary import AssessmentStatus
from forms import (
    FormDefinition,
    is_answered,
    overall_progress,
)
from forms.answer_words import answer_text_of
from forms.upgrade import UpgradeOutcome, plan_upgrade

TEMPLATE_ID = "self-assessment"
RECORD_KIND = "self-assessment"
STATUS_LABELS: dict[str, str] = {status: status.label for status in AssessmentStatus}
_NEXT_STATUSES: dict[str, set[str]] = {
    AssessmentStatus.DRAFT: {AssessmentStatus.READY},
    AssessmentStatus.READY: {AssessmentStatus.SHARED, AssessmentStatus.CLOSED},
    AssessmentStatus.SHARED: {AssessmentStatus.CLOSED},
}
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class AssessmentError(ValueError):
    """A request the workflow refuses; the message is one sentence for the user."""


def check_period(period: str) -> str:
    """The period in its canonical form ("2026-27"); AssessmentError if it is not one year."""
    text = period.strip()
    match = _PERIOD.match(text)
    if match is None or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise AssessmentError(
            f'"{period}" is not a period; write the year it starts and ends, like "2026-27".'
        )
    return text


def previous_period(period: str) -> str:
    start = int(check_period(period)[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class NewAssessment:
    assessment: Assessment
    carried_from: Assessment | None
    not_carried: list[str]  # answer paths from last year that did not fit the form
    not_carried_labels: list[str] = field(default_factory=list)  # the same, by label and why


def get_assessment(session: Session, assessment_id: int) -> Assessment:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise AssessmentError(f"There is no self-assessment with id {assessment_id}.")
    return assessment


def assessment_definition(session: Session, assessment: Assessment) -> FormDefinition:
    record = session.get(Record, assessment.record_id)
    assert record is not None
    return FormDefinition.from_snapshot(definition_snapshot(session, record.definition_id))


def assessment_answers(session: Session, assessment: Assessment) -> dict[str, Any]:
    return load_answers(session, assessment.record_id)


def latest_earlier_assessment(
    session: Session, organisation_id: int, period: str
) -> Assessment | None:
    """The council's most recent self-assessment before `period` (last year's, usually)."""
    return session.exec(
        select(Assessment)
        .where(Assessment.organisation_id == organisation_id, col(Assessment.period) < period)
        .order_by(col(Assessment.period).desc(), col(Assessment.id).desc())
    ).first()


def create_assessment(
    session: Session,
    period: str,
    *,
    by: str,
    from_last_year: bool = False,
    organisation_id: int | None = None,
    definition: FormDefinition | None = None,
) -> NewAssessment:
    """A new draft for `period`, empty or with last year's answers carried over (each marked
    `carried_over` until edited). Answers that no longer fit the form are listed, not lost."""
    period = check_period(period)
    if organisation_id is None:
        home = home_organisation(session)
        if home is None or home.id is None:
            raise AssessmentError("Set up your council first (Keys & settings), then try again.")
        organisation_id = home.id
    existing = session.exec(
        select(Assessment).where(
            Assessment.organisation_id == organisation_id, Assessment.period == period
        )
    ).first()
    if existing is not None:
        raise AssessmentError(
            f"There is already a self-assessment for {period}; open it from the list instead."
        )
    source = latest_earlier_assessment(session, organisation_id, period) if from_last_year else None
    if from_last_year and source is None:
        raise AssessmentError(
            f"There is no earlier self-assessment to start {period} from; start an empty one."
        )
    if definition is None:
        definition = current_definition(session, TEMPLATE_ID)
    record = create_record(session, definition.to_snapshot(), RECORD_KIND)
    assert record.id is not None
    assessment = Assessment(
        organisation_id=organisation_id,
        period=period,
        title=f"Self-assessment {period}",
        record_id=record.id,
        carried_from_id=None if source is None else source.id,
    )
    session.add(assessment)
    session.flush()
    not_carried: list[str] = []
    labels: list[str] = []
    if source is not None:
        plan = plan_upgrade(
            assessment_definition(session, source), assessment_answers(session, source), definition
        )
        save_answers(session, record.id, plan.answers, by=by, carried_over=True)
        dropped = plan.with_outcome(UpgradeOutcome.DROPPED)
        not_carried = [item.path for item in dropped]
        labels = [f"{item.old_label} ({item.reason})" for item in dropped]
    return NewAssessment(assessment, source, not_carried, labels)


def _freeze(session: Session, assessment: Assessment, by: str) -> AssessmentSnapshot:
    record = session.get(Record, assessment.record_id)
    assert record is not None and assessment.id is not None
    answers_text = canonical_json(shared_answers(session, assessment.record_id))
    snapshot = AssessmentSnapshot(
        assessment_id=assessment.id,
        definition_id=record.definition_id,
        answers=answers_text,
        sha256=hashlib.sha256(answers_text.encode("utf-8")).hexdigest(),
        created_by=by,
    )
    session.add(snapshot)
    return snapshot


def change_status(session: Session, assessment_id: int, status: str, *, by: str) -> Assessment:
    """Move along draft → ready → shared → closed. "ready" freezes a new snapshot; "closed"
    makes the answers read-only."""
    assessment = get_assessment(session, assessment_id)
    if status not in _NEXT_STATUSES.get(assessment.status, set()):
        raise AssessmentError(
            f"A self-assessment that is {STATUS_LABELS[assessment.status].lower()} cannot be "
            f"marked {STATUS_LABELS.get(status, status).lower()}."
        )
    if status == AssessmentStatus.READY:
        _freeze(session, assessment, by)
    if status == AssessmentStatus.CLOSED:
        record = session.get(Record, assessment.record_id)
        assert record is not None
        record.read_only = True
        session.add(record)
    assessment.status = status
    assessment.updated_at = utcnow()
    session.add(assessment)
    session.flush()
    return assessment


def mark_ready(session: Session, assessment_id: int, *, by: str) -> AssessmentSnapshot:
    """Freeze what peers will see and mark the assessment ready for challenge."""
    change_status(session, assessment_id, AssessmentStatus.READY.value, by=by)
    snapshot = latest_snapshot(session, assessment_id)
    assert snapshot is not None
    return snapshot


def note_edited(session: Session, assessment_id: int) -> bool:
    """After an answer changed: a ready or shared assessment becomes a draft again (its
    snapshots stay as they were). True when the status changed."""
    assessment = get_assessment(session, assessment_id)
    if assessment.status == AssessmentStatus.CLOSED:
        raise AssessmentError("This self-assessment is closed; its answers can no longer change.")
    changed = assessment.status != AssessmentStatus.DRAFT
    assessment.status = AssessmentStatus.DRAFT.value
    assessment.updated_at = utcnow()
    session.add(assessment)
    session.flush()
    return changed


def save_assessment_answer(
    session: Session, assessment_id: int, question_id: str, value: Any, *, by: str
) -> bool:
    """Save one answer (it is no longer "from last year") and note the edit."""
    assessment = get_assessment(session, assessment_id)
    if assessment.status == AssessmentStatus.CLOSED:
        raise AssessmentError("This self-assessment is closed; its answers can no longer change.")
    changed = save_answer(session, assessment.record_id, question_id, value, by=by)
    if changed:
        note_edited(session, assessment_id)
    return changed


def snapshots_of(session: Session, assessment_id: int) -> list[AssessmentSnapshot]:
    return list(
        session.exec(
            select(AssessmentSnapshot)
            .where(AssessmentSnapshot.assessment_id == assessment_id)
            .order_by(col(AssessmentSnapshot.id))
        )
    )


def latest_snapshot(session: Session, assessment_id: int) -> AssessmentSnapshot | None:
    found = snapshots_of(session, assessment_id)
    return found[-1] if found else None


def snapshot_content(
    session: Session, snapshot: AssessmentSnapshot
) -> tuple[FormDefinition, dict[str, Any]]:
    """The frozen definition and answers, exactly as they were when frozen."""
    answers: dict[str, Any] = json.loads(snapshot.answers)
    definition = FormDefinition.from_snapshot(definition_snapshot(session, snapshot.definition_id))
    return definition, answers


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    title: str
    period: str
    organisation_id: int
    status: str
    progress: float  # 0..1, required questions answered
    last_change: datetime
    snapshots: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def list_assessments(
    session: Session, organisation_id: int | None = None
) -> list[AssessmentSummary]:
    """Every self-assessment (or one council's), newest period first, with progress."""
    query = select(Assessment).order_by(col(Assessment.period).desc(), col(Assessment.id))
    if organisation_id is not None:
        query = query.where(Assessment.organisation_id == organisation_id)
    summaries: list[AssessmentSummary] = []
    definitions: dict[int, FormDefinition] = {}
    for assessment in session.exec(query):
        assert assessment.id is not None
        record = session.get(Record, assessment.record_id)
        assert record is not None
        if record.definition_id not in definitions:
            definitions[record.definition_id] = assessment_definition(session, assessment)
        answers = load_answers(session, assessment.record_id)
        summaries.append(
            AssessmentSummary(
                id=assessment.id,
                title=assessment.title,
                period=assessment.period,
                organisation_id=assessment.organisation_id,
                status=assessment.status,
                progress=overall_progress(definitions[record.definition_id], answers),
                last_change=max(_naive(assessment.updated_at), _naive(record.updated_at)),
                snapshots=len(snapshots_of(session, assessment.id)),
            )
        )
    return summaries


def _naive(moment: datetime) -> datetime:
    """UTC without tzinfo: SQLite hands back naive times, fresh objects carry UTC."""
    return moment.replace(tzinfo=None)


@dataclass(frozen=True)
class EvidenceItem:
    question_id: str
    section_title: str
    name: str
    size: int
    mime: str
    sha256: str


def evidence_list(session: Session, assessment_id: int) -> list[EvidenceItem]:
    """Every file attached to the assessment, in form order, with size and type."""
    assessment = get_assessment(session, assessment_id)
    definition = assessment_definition(session, assessment)
    return evidence_in(definition, assessment_answers(session, assessment))


def evidence_in(definition: FormDefinition, answers: dict[str, Any]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for section in definition.sections:
        for question in section.questions:
            value = answers.get(question.id)
            if question.type != "attachment" or not isinstance(value, list):
                continue
            items.extend(
                EvidenceItem(
                    question_id=question.id,
                    section_title=section.title,
                    name=str(item.get("name", "")),
                    size=int(item.get("size", 0)),
                    mime=str(item.get("mime", "")),
                    sha256=str(item.get("sha256", "")),
                )
                for item in value
                if isinstance(item, dict)
            )
    return items


def display_answer(definition: FormDefinition, question_id: str, value: Any) -> str:
    """An answer as a reader sees it: labels instead of ids, rows and files as lines."""
    if not definition.has_question(question_id):
        return str(value) if is_answered(value) else ""
    return answer_text_of(definition, definition.question(question_id), value)


@dataclass(frozen=True)
class QuestionChange:
    question_id: str
    label: str
    before: str
    after: str

    @property
    def change(self) -> str:
        """ "same", "changed", "added" (only in the later one) or "removed"."""
        if self.before == self.after:
            return "same"
        if not self.before:
            return "added"
        return "removed" if not self.after else "changed"


@dataclass(frozen=True)
class SectionComparison:
    section_id: str
    title: str
    questions: list[QuestionChange]

    @property
    def changed(self) -> int:
        return sum(1 for question in self.questions if question.change != "same")


@dataclass(frozen=True)
class Comparison:
    earlier: Assessment
    later: Assessment
    sections: list[SectionComparison]


def compare_assessments(session: Session, first_id: int, second_id: int) -> Comparison:
    """Two periods side by side, section by section, in the later one's form; questions only
    the earlier form had come last under "No longer in the form"."""
    first, second = get_assessment(session, first_id), get_assessment(session, second_id)
    earlier, later = sorted((first, second), key=lambda item: (item.period, item.id or 0))
    old_def, new_def = (
        assessment_definition(session, earlier),
        assessment_definition(session, later),
    )
    old = shared_answers(session, earlier.record_id)
    new = shared_answers(session, later.record_id)
    sections = []
    for section in new_def.sections:
        changes = [
            QuestionChange(
                question.id,
                question.label or question.id,
                display_answer(old_def, question.id, old.get(question.id)),
                answer_text_of(new_def, question, new.get(question.id)),
            )
            for question in section.questions
            if question.is_answerable
        ]
        sections.append(SectionComparison(section.id, section.title, changes))
    dropped = [
        QuestionChange(q.id, q.label or q.id, answer_text_of(old_def, q, old.get(q.id)), "")
        for q in old_def.iter_questions()
        if q.is_answerable and not new_def.has_question(q.id)
    ]
    if dropped:
        sections.append(SectionComparison("", "No longer in the form", dropped))
    return Comparison(earlier, later, sections)
