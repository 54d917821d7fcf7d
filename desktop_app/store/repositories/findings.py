"""A visit's findings, moderation agreement and action plan, read fast from the answers.

The questions that matter are found by ``role`` and by type (grades) in the form definitions
the visit's audits were made with, never by hard-coded ids. The facts of every audit of a visit
come from ONE query over ``answer`` (plus the latest moderation of each grade), so 10,000 audits
recompute in well under 200 ms. Functions take a plain ``sqlite3.Connection``: the window's
reader, or :func:`sqlite_connection` of an ORM session.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlmodel import Session

from audit_tool import (
    ActionItem,
    AgreementSummary,
    AuditActionAnswers,
    AuditFacts,
    Findings,
    agreement_summary,
    collect_actions,
    compute_findings,
)
from desktop_app.store.repositories.audits import AuditSummary, definition_from_text
from forms import FormDefinition, Question
from forms.scales import Scale

_MODERATED = "#moderated:"
_ACTION_KEYS = {
    "action_what": "what",
    "action_owner": "owner",
    "action_due": "due",
    "action_status": "status",
}


def sqlite_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session (same transaction)."""
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)


@dataclass
class VisitFrame:
    """What the visit's form definitions say about where grades, cohorts, themes and actions are."""

    definitions: list[FormDefinition] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # graded section id -> title
    section_of_grade: dict[str, str] = field(default_factory=dict)  # grade question -> section
    overall_ids: set[str] = field(default_factory=set)
    cohort_ids: set[str] = field(default_factory=set)
    team_ids: set[str] = field(default_factory=set)
    strength_ids: set[str] = field(default_factory=set)
    development_ids: set[str] = field(default_factory=set)
    action_ids: set[str] = field(default_factory=set)
    action_keys: dict[str, str] = field(default_factory=dict)  # inner id -> what/owner/due/status
    choice_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    scale: Scale | None = None

    @property
    def order(self) -> list[str]:
        """Grades worst to best (those with a score)."""
        if self.scale is None:
            return []
        scored = [value for value in self.scale.values if value.score is not None]
        return [value.id for value in sorted(scored, key=lambda value: value.score or 0.0)]

    @property
    def good_values(self) -> list[str]:
        return [] if self.scale is None else [v.id for v in self.scale.values if v.good_or_better]

    @property
    def excluded(self) -> list[str]:
        return (
            [] if self.scale is None else [v.id for v in self.scale.values if not v.in_statistics]
        )

    def grade_label(self, value: str | None) -> str:
        if value is None:
            return ""
        return self.scale.label_of(value) if self.scale is not None else value

    def fact_question_ids(self) -> list[str]:
        return sorted(
            set(self.section_of_grade)
            | self.overall_ids
            | self.cohort_ids
            | self.team_ids
            | self.strength_ids
            | self.development_ids
        )


def visit_frame(connection: sqlite3.Connection, visit_id: int) -> VisitFrame:
    """Read the distinct definitions of a visit's audits (oldest version first) into a frame."""
    rows = connection.execute(
        "SELECT DISTINCT fd.id, fd.version, fd.sha256, fd.snapshot FROM audit a "
        "JOIN record r ON r.id = a.record_id JOIN form_definition fd ON fd.id = r.definition_id "
        "WHERE a.visit_id = ? ORDER BY fd.version, fd.id",
        (visit_id,),
    ).fetchall()
    frame = VisitFrame()
    for row in rows:
        definition = definition_from_text(str(row[2]), str(row[3]))
        frame.definitions.append(definition)
        _add_definition(frame, definition)
    return frame


def _add_definition(frame: VisitFrame, definition: FormDefinition) -> None:
    overall = {question.id for question in definition.questions_with_role("overall_grade")}
    frame.overall_ids |= overall
    for section_id, question in definition.grade_questions():
        if question.id in overall:
            if frame.scale is None or question.scale is not None:
                frame.scale = definition.scale_for(question) or frame.scale
            continue
        frame.sections[section_id] = definition.section(section_id).title
        frame.section_of_grade[question.id] = section_id
        if frame.scale is None:
            frame.scale = definition.scale_for(question)
    for role, ids in (
        ("cohort", frame.cohort_ids),
        ("team", frame.team_ids),
        ("strength_themes", frame.strength_ids),
        ("development_themes", frame.development_ids),
        ("actions", frame.action_ids),
    ):
        for question in definition.questions_with_role(role):
            ids.add(question.id)
            if question.choices:
                labels = frame.choice_labels.setdefault(question.id, {})
                labels.update({choice.id: choice.label for choice in question.choices})
    for role, key in _ACTION_KEYS.items():
        for question in definition.questions_with_role(role):
            frame.action_keys[question.id] = key


def _decode(text: str) -> Any:
    if len(text) > 1 and text[0] == '"' and text[-1] == '"' and "\\" not in text:
        return text[1:-1]
    return json.loads(text)


@dataclass
class _FactsBuilder:
    escalated: bool = False
    cohort: str | None = None
    team: str | None = None
    grades: dict[str, str | None] = field(default_factory=dict)
    overall: str | None = None
    moderated_overall: str | None = None
    moderated: bool = False
    strengths: list[str] = field(default_factory=list)
    developments: list[str] = field(default_factory=list)


def visit_audit_facts(
    connection: sqlite3.Connection, visit_id: int, frame: VisitFrame | None = None
) -> tuple[list[AuditFacts], set[int]]:
    """The facts of every audit of the visit, and the ids of the audits that were moderated."""
    frame = frame if frame is not None else visit_frame(connection, visit_id)
    ids = frame.fact_question_ids()
    marks = ",".join("?" * len(ids)) or "NULL"
    rows = connection.execute(
        "SELECT a.id, a.escalated, an.question_id, an.value FROM audit a "
        f"LEFT JOIN answer an ON an.record_id = a.record_id AND an.question_id IN ({marks}) "
        "WHERE a.visit_id = ? "
        f"UNION ALL SELECT m.audit_id, NULL, '{_MODERATED}' || m.question_id, m.moderator_value "
        "FROM moderation m JOIN audit a ON a.id = m.audit_id WHERE a.visit_id = ? AND m.id IN "
        "(SELECT MAX(id) FROM moderation GROUP BY audit_id, question_id)",
        (*ids, visit_id, visit_id),
    )
    builders: dict[int, _FactsBuilder] = {}
    cohort_labels = {qid: frame.choice_labels.get(qid, {}) for qid in frame.cohort_ids}
    theme_labels = {
        qid: frame.choice_labels.get(qid, {}) for qid in frame.strength_ids | frame.development_ids
    }
    for audit_id, escalated, question_id, text in rows:
        builder = builders.get(audit_id)
        if builder is None:
            builder = builders[audit_id] = _FactsBuilder()
        if escalated:
            builder.escalated = True
        if question_id is None:
            continue
        if question_id.startswith(_MODERATED):
            builder.moderated = True
            if question_id[len(_MODERATED) :] in frame.overall_ids and text is not None:
                builder.moderated_overall = str(text)
            continue
        value = _decode(text)
        if question_id in frame.section_of_grade:
            builder.grades[frame.section_of_grade[question_id]] = value
        elif question_id in frame.overall_ids:
            builder.overall = value
        elif question_id in cohort_labels:
            builder.cohort = cohort_labels[question_id].get(value, str(value))
        elif question_id in frame.team_ids:
            builder.team = str(value)
        elif question_id in frame.strength_ids:
            labels = theme_labels[question_id]
            builder.strengths.extend(labels.get(item, item) for item in value)
        elif question_id in frame.development_ids:
            labels = theme_labels[question_id]
            builder.developments.extend(labels.get(item, item) for item in value)
    facts = [
        AuditFacts(
            audit_id=audit_id,
            cohort=builder.cohort,
            team=builder.team,
            section_grades=builder.grades,
            overall=builder.overall,
            moderated_overall=builder.moderated_overall,
            escalated=builder.escalated,
            strength_themes=builder.strengths,
            development_themes=builder.developments,
        )
        for audit_id, builder in sorted(builders.items())
    ]
    return facts, {audit_id for audit_id, builder in builders.items() if builder.moderated}


@dataclass(frozen=True)
class VisitFindings:
    frame: VisitFrame
    facts: list[AuditFacts]
    findings: Findings
    agreement: AgreementSummary
    moderated_audits: int

    @property
    def percent_moderated(self) -> float | None:
        if not self.facts:
            return None
        return 100.0 * self.moderated_audits / len(self.facts)


def overall_pairs(facts: Sequence[AuditFacts], order: Sequence[str]) -> list[tuple[str, str]]:
    """(auditor's, moderator's) overall grade for each moderated audit where both are graded."""
    graded = set(order)
    return [
        (audit.overall, audit.moderated_overall)
        for audit in facts
        if audit.overall in graded
        and audit.moderated_overall in graded
        and audit.overall is not None
        and audit.moderated_overall is not None
    ]


def visit_findings(connection: sqlite3.Connection, visit_id: int) -> VisitFindings:
    """Findings, agreement (quadratic weighted kappa on overall grades) for one visit."""
    frame = visit_frame(connection, visit_id)
    facts, moderated = visit_audit_facts(connection, visit_id, frame)
    findings = compute_findings(
        facts, list(frame.sections), frame.good_values, frame.excluded, frame.order
    )
    order = frame.order
    if len(order) >= 2:
        agreement = agreement_summary(overall_pairs(facts, order), order, "quadratic")
    else:
        agreement = AgreementSummary(n=0, exact=None, kappa=None)
    return VisitFindings(frame, facts, findings, agreement, len(moderated))


def visit_actions(
    connection: sqlite3.Connection, visit_id: int, frame: VisitFrame | None = None
) -> list[ActionItem]:
    """Every action recorded in the visit's audits: open first, by due date."""
    frame = frame if frame is not None else visit_frame(connection, visit_id)
    ids = sorted(frame.action_ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = connection.execute(
        "SELECT a.id, a.case_reference, an.value FROM audit a JOIN answer an "
        f"ON an.record_id = a.record_id AND an.question_id IN ({marks}) WHERE a.visit_id = ?",
        (*ids, visit_id),
    )
    gathered: list[AuditActionAnswers] = []
    for audit_id, reference, text in rows:
        value = json.loads(text)
        if not isinstance(value, list):
            continue
        actions: list[dict[str, object]] = [
            {frame.action_keys.get(str(key), str(key)): item for key, item in row.items()}
            for row in value
            if isinstance(row, dict)
        ]
        gathered.append(AuditActionAnswers(int(audit_id), str(reference), actions))
    return collect_actions(gathered)


# Answers as text, for exports and reports -------------------------------------------------------

YES_NO_WORDS = {"yes": "Yes", "no": "No", "partly": "Partly"}


def question_index(
    definitions: Sequence[FormDefinition],
) -> tuple[dict[str, Question], dict[str, str], dict[str, str]]:
    """Every answerable top-level question across ``definitions`` (oldest first), keyed by id:
    the newest wording of each, its section title, and the versions that have it."""
    questions: dict[str, Question] = {}
    sections: dict[str, str] = {}
    versions: dict[str, list[str]] = {}
    for definition in definitions:
        for section in definition.sections:
            for question in section.questions:
                if question.type == "note":
                    continue
                questions[question.id] = question
                sections[question.id] = section.title
                versions.setdefault(question.id, []).append(str(definition.version))
    return questions, sections, {qid: ", ".join(found) for qid, found in versions.items()}


def answer_text(scales: Mapping[str, Scale], question: Question, value: Any) -> str:
    """An answer in the words a reader expects: labels for choices and grades, repeats as
    numbered lines ``1. What: ...; Owner: ...``, files by name. Unknown ids are kept as they are."""
    if value is None or value == "" or value == []:
        return ""
    if question.type in ("yes_no", "yes_no_partly") and isinstance(value, str):
        return YES_NO_WORDS.get(value, value)
    if question.type in ("single_choice", "multi_choice"):
        labels = {choice.id: choice.label for choice in question.choices}
        items = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(item), str(item)) for item in items)
    if question.type == "grade":
        scale = scales.get(question.scale or "")
        return scale.label_of(str(value)) if scale is not None else str(value)
    if question.type == "attachment" and isinstance(value, list):
        return "; ".join(str(item.get("name", "file")) for item in value if isinstance(item, dict))
    if question.type == "repeat" and isinstance(value, list):
        lines = []
        for number, row in enumerate(value, start=1):
            if not isinstance(row, dict):
                continue
            parts = [
                f"{inner.label or inner.id}: {answer_text(scales, inner, row.get(inner.id))}"
                for inner in question.questions
                if inner.type != "note" and row.get(inner.id) not in (None, "", [])
            ]
            lines.append(f"{number}. " + "; ".join(parts))
        return "\n".join(lines)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def all_scales(definitions: Sequence[FormDefinition]) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for definition in definitions:
        scales.update(definition.scales)
    return scales


def audit_progress(connection: sqlite3.Connection, audit_id: int) -> AuditSummary:
    """What is left to do in one audit (read-only; for the visit page's list)."""
    from desktop_app.store.repositories.audits import PREFILLED_BY, summarise_answers

    row = connection.execute(
        "SELECT fd.sha256, fd.snapshot, a.record_id, a.status FROM audit a "
        "JOIN record r ON r.id = a.record_id JOIN form_definition fd ON fd.id = r.definition_id "
        "WHERE a.id = ?",
        (audit_id,),
    ).fetchone()
    if row is None:
        raise LookupError(f"audit {audit_id}")
    definition = definition_from_text(str(row[0]), str(row[1]))
    answers: dict[str, Any] = {}
    started = False
    for question_id, text, by in connection.execute(
        "SELECT question_id, value, updated_by FROM answer WHERE record_id = ?", (row[2],)
    ):
        answers[str(question_id)] = json.loads(text)
        started = started or by != PREFILLED_BY
    return summarise_answers(definition, answers, started=started, moderated=row[3] == "moderated")
