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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
from audit_tool.actions import action_sort_key
from desktop_app.store.repositories.audits import AuditSummary
from desktop_app.store.repositories.counted import visit_cases
from desktop_app.store.repositories.records import definition_from_text
from desktop_app.store.repositories.undecided import COUNTED_AUDIT
from desktop_app.store.vocabulary import AuditStatus
from forms import FormDefinition
from forms.scales import Scale

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
        "SELECT fd.id, fd.version, fd.sha256, fd.snapshot FROM form_definition fd WHERE fd.id IN "
        "(SELECT DISTINCT r.definition_id FROM audit a JOIN record r ON r.id = a.record_id "
        "WHERE a.visit_id = ?) ORDER BY fd.version, fd.id",
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


def visit_audit_facts(
    connection: sqlite3.Connection,
    visit_id: int,
    frame: VisitFrame | None = None,
    audit_ids: Sequence[int] | None = None,
) -> tuple[list[AuditFacts], set[int]]:
    """The facts of every audit of the visit, and the ids of the audits that were moderated.

    One query, one row per audit: its answers to the fact questions packed by ``group_concat``
    (canonical JSON never holds a raw control character, so the separators are safe), the
    latest moderated overall grade and whether it was moderated at all. The arriving side of an
    undecided conflict is left out (``undecided.COUNTED_AUDIT``).
    """
    frame = frame if frame is not None else visit_frame(connection, visit_id)
    ids = frame.fact_question_ids()
    overall = sorted(frame.overall_ids)
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples: faster than sqlite3.Row
    rows = cursor.execute(
        "SELECT a.id, a.escalated, "
        "group_concat(an.question_id || char(30) || an.value, char(31)), "
        "(SELECT m.moderator_value FROM moderation m WHERE m.audit_id = a.id AND m.question_id "
        f"IN ({_marks(overall)}) ORDER BY m.id DESC LIMIT 1), "
        "EXISTS (SELECT 1 FROM moderation m WHERE m.audit_id = a.id) "
        "FROM audit a "
        f"LEFT JOIN answer an ON an.record_id = a.record_id AND an.question_id IN ({_marks(ids)}) "
        f"WHERE a.visit_id = ? AND {COUNTED_AUDIT} "
        + ("" if audit_ids is None else f"AND a.id IN ({_marks(audit_ids)}) ")
        + "GROUP BY a.id ORDER BY a.id",
        (*overall, *ids, visit_id, *(audit_ids or ())),
    )
    decoded: dict[str, Any] = {}
    section_of_grade = frame.section_of_grade
    cohort_labels = {qid: frame.choice_labels.get(qid, {}) for qid in frame.cohort_ids}
    theme_labels = {
        qid: frame.choice_labels.get(qid, {}) for qid in frame.strength_ids | frame.development_ids
    }
    facts: list[AuditFacts] = []
    moderated: set[int] = set()
    for audit_id, escalated, packed, moderated_overall, was_moderated in rows:
        grades: dict[str, str | None] = {}
        cohort = team = overall_grade = None
        strengths: list[str] = []
        developments: list[str] = []
        for piece in packed.split("\x1f") if packed else ():
            question_id, _, text = piece.partition("\x1e")
            value = decoded.get(text)
            if value is None:
                value = decoded[text] = _decode(text)
            if question_id in section_of_grade:
                grades[section_of_grade[question_id]] = value
            elif question_id in frame.overall_ids:
                overall_grade = value
            elif question_id in cohort_labels:
                cohort = cohort_labels[question_id].get(value, str(value))
            elif question_id in frame.team_ids:
                team = str(value)
            elif question_id in frame.strength_ids:
                labels = theme_labels[question_id]
                strengths.extend(labels.get(item, item) for item in value)
            elif question_id in frame.development_ids:
                labels = theme_labels[question_id]
                developments.extend(labels.get(item, item) for item in value)
        if was_moderated:
            moderated.add(audit_id)
        facts.append(
            AuditFacts(
                audit_id=audit_id,
                cohort=cohort,
                team=team,
                section_grades=grades,
                overall=overall_grade,
                moderated_overall=moderated_overall,
                escalated=bool(escalated),
                strength_themes=strengths,
                development_themes=developments,
            )
        )
    return facts, moderated


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values)) or "NULL"


@dataclass(frozen=True)
class VisitFindings:
    """A visit's findings. ``facts`` are the counted audits, one per case (its ``escalated``
    True when any audit of the case escalated; ``store.repositories.counted``); ``uncounted``
    the other audits of cases kept as two audits, for lists and the report's "Cases audited
    twice", never in the figures."""

    frame: VisitFrame
    facts: list[AuditFacts]
    findings: Findings
    agreement: AgreementSummary
    moderated_audits: int
    uncounted: list[AuditFacts] = field(default_factory=list)

    @property
    def every_fact(self) -> list[AuditFacts]:
        """The facts of every audit of the visit, counted or not."""
        return [*self.facts, *self.uncounted]

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
    return findings_of(frame, facts, moderated, connection, visit_id)


class VisitFindingsCache:
    """Keeps each audit's facts and re-reads only the audits changed since (``updated_at``),
    so the dashboard recomputes quickly after an auditor saves or a moderator moderates."""

    FULL_RELOAD_SHARE = 0.3

    def __init__(self) -> None:
        self._visit_id: int | None = None
        self._stamps: dict[int, str] = {}
        self._facts: dict[int, AuditFacts] = {}
        self._moderated: set[int] = set()
        self._definitions: tuple[int, ...] = ()
        self._actions: dict[int, list[ActionItem]] = {}
        self._frame: VisitFrame | None = None

    def findings(self, connection: sqlite3.Connection, visit_id: int) -> VisitFindings:
        frame = visit_frame(connection, visit_id)
        definitions = tuple(id(definition) for definition in frame.definitions)
        stamps = {
            int(audit_id): str(stamp)
            for audit_id, stamp in connection.execute(
                f"SELECT a.id, a.updated_at FROM audit a WHERE a.visit_id = ? AND {COUNTED_AUDIT}",
                (visit_id,),
            )
        }
        if visit_id != self._visit_id or definitions != self._definitions:
            self._visit_id, self._definitions = visit_id, definitions
            self._stamps, self._facts, self._moderated, self._actions = {}, {}, set(), {}
        self._frame = frame
        changed = [
            audit_id for audit_id, stamp in stamps.items() if self._stamps.get(audit_id) != stamp
        ]
        for gone in set(self._facts) - set(stamps):
            del self._facts[gone]
            self._actions.pop(gone, None)
            self._moderated.discard(gone)
        if changed:
            some = None if len(changed) > self.FULL_RELOAD_SHARE * len(stamps) else changed
            facts, moderated = visit_audit_facts(connection, visit_id, frame, some)
            for fact in facts:
                self._facts[fact.audit_id] = fact
                self._moderated.discard(fact.audit_id)
                self._actions.pop(fact.audit_id, None)
            self._moderated |= moderated
            for answers in action_answers(connection, visit_id, frame, some):
                self._actions[answers.audit_id] = collect_actions([answers])
        self._stamps = stamps
        ordered = [self._facts[audit_id] for audit_id in sorted(self._facts)]
        return findings_of(frame, ordered, self._moderated, connection, visit_id)

    def actions(self) -> list[ActionItem]:
        """The action tracker as of the last :meth:`findings` call."""
        return sorted(
            (item for items in self._actions.values() for item in items), key=action_sort_key
        )


def findings_of(
    frame: VisitFrame,
    facts: list[AuditFacts],
    moderated: set[int],
    connection: sqlite3.Connection | None = None,
    visit_id: int | None = None,
) -> VisitFindings:
    """Roll ``facts`` up into the visit's findings and moderation agreement.

    Given the visit (``connection``, ``visit_id``), each case counts once: only its counted
    audit's facts, at risk when any of its audits escalated (``store.repositories.counted``);
    the other audits go to ``uncounted``. Without them every fact counts as given.
    """
    uncounted: list[AuditFacts] = []
    if connection is not None and visit_id is not None:
        by_id = {fact.audit_id: fact for fact in facts}
        counted: list[AuditFacts] = []
        for case in visit_cases(connection, visit_id):
            fact = by_id.get(case.counted_id)
            if fact is not None:
                counted.append(replace(fact, escalated=case.escalated))
            uncounted += [by_id[other] for other in case.others if other in by_id]
        facts = sorted(counted, key=lambda fact: fact.audit_id)
        moderated = moderated & {fact.audit_id for fact in facts}
    findings = compute_findings(
        facts, list(frame.sections), frame.good_values, frame.excluded, frame.order
    )
    order = frame.order
    if len(order) >= 2:
        agreement = agreement_summary(overall_pairs(facts, order), order, "quadratic")
    else:
        agreement = AgreementSummary(n=0, exact=None, kappa=None)
    return VisitFindings(frame, facts, findings, agreement, len(moderated), uncounted)


def visit_actions(
    connection: sqlite3.Connection, visit_id: int, frame: VisitFrame | None = None
) -> list[ActionItem]:
    """Every action recorded in the visit's audits: open first, by due date."""
    frame = frame if frame is not None else visit_frame(connection, visit_id)
    return collect_actions(action_answers(connection, visit_id, frame))


def council_actions(connection: sqlite3.Connection) -> tuple[list[ActionItem], dict[int, str]]:
    """The council's action tracker: every action from every visit's audits, open first, by due
    date, with the title of the visit each audit belongs to (keyed by audit id)."""
    gathered: list[AuditActionAnswers] = []
    for (visit_id,) in connection.execute("SELECT id FROM visit ORDER BY id").fetchall():
        gathered += action_answers(
            connection, int(visit_id), visit_frame(connection, int(visit_id))
        )
    titles = {
        int(audit_id): str(title)
        for audit_id, title in connection.execute(
            "SELECT a.id, v.title FROM audit a JOIN visit v ON v.id = a.visit_id"
        )
    }
    return collect_actions(gathered), titles


def action_answers(
    connection: sqlite3.Connection,
    visit_id: int,
    frame: VisitFrame,
    audit_ids: Sequence[int] | None = None,
) -> list[AuditActionAnswers]:
    """The action rows of each audit (keys what/owner/due/status), optionally of some audits;
    the arriving side of an undecided conflict is left out (``undecided.COUNTED_AUDIT``)."""
    ids = sorted(frame.action_ids)
    if not ids:
        return []
    cursor = connection.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        "SELECT a.id, a.case_reference, an.value FROM audit a JOIN answer an "
        f"ON an.record_id = a.record_id AND an.question_id IN ({_marks(ids)}) "
        f"WHERE a.visit_id = ? AND {COUNTED_AUDIT}"
        + ("" if audit_ids is None else f" AND a.id IN ({_marks(audit_ids)})"),
        (*ids, visit_id, *(audit_ids or ())),
    )
    gathered: list[AuditActionAnswers] = []
    keys = frame.action_keys
    for audit_id, reference, text in rows:
        value = json.loads(text)
        if not isinstance(value, list):
            continue
        actions: list[dict[str, object]] = [
            {keys.get(str(key), str(key)): item for key, item in row.items()}
            for row in value
            if isinstance(row, dict)
        ]
        gathered.append(AuditActionAnswers(int(audit_id), str(reference), actions))
    return gathered


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
    return summarise_answers(
        definition, answers, started=started, moderated=row[3] == AuditStatus.MODERATED
    )
