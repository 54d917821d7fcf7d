"""Demo: a Safeguarding Assurance Visit to Midthorpe, with a sampled, audited and moderated case list.

Everything is invented and seeded, so the same demo comes out every time (dates are set relative
to today so that no audit is dated in the future). Children are never named: "the child".
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from audit_tool import CaseList, CaseRow
from desktop_app.demo.trio import HOME_COUNCIL, MUNBRIDGE, OXTOWN
from desktop_app.store.models import Audit, VisitCase
from desktop_app.store.repositories.audits import (
    ModerationDecision,
    moderate_audit,
    refresh_audit_summary,
)
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.records import record_definition, save_answers
from desktop_app.store.repositories.visits import (
    TeamMember,
    VisitDetails,
    create_visit,
    draw_visit_sample,
    store_case_list,
    update_visit,
)
from forms import FormDefinition, Question
from forms.escalation import escalated_to_questions

ORDER = 30
SEED = 20260310
SAMPLE_SIZE = 32
COHORTS = ["Early help", "Child in need", "Child protection", "Child in care", "Care leaver"]
TEAMS = {
    "Early help": ["Family Help East", "Family Help West"],
    "Child in need": ["Assessment Team", "Family Help East"],
    "Child protection": ["Safeguarding North", "Safeguarding South"],
    "Child in care": ["Children in Care", "Permanence Team"],
    "Care leaver": ["Care Leavers (18+)"],
}
TEAM = [
    TeamMember("Kwame Mensah", "lead", OXTOWN),
    TeamMember("Rachel Dunn", "auditor", OXTOWN),
    TeamMember("Claire Bennett", "auditor", MUNBRIDGE),
    TeamMember("Grace Adeyemi", "auditor", HOME_COUNCIL),
    TeamMember("Tom Reilly", "auditor", HOME_COUNCIL),
    TeamMember("Martin Cole", "moderator", HOME_COUNCIL),
]
AUDITORS = [member.name for member in TEAM if member.role == "auditor"]
GRADES = ["inadequate", "requires_improvement", "good", "outstanding"]
GOOD_TEXT = {
    "voice": "The child was seen alone at every visit; their words are recorded and the plan "
    "changed after they said they wanted to see their grandmother more often.",
    "assessment": "The assessment uses the family history well and analyses what the risks mean "
    "for the child day to day; the conclusion follows from the evidence.",
    "planning": "The plan is specific and written so the family can follow it; reviews were on "
    "time and measured progress against each outcome.",
    "direct_work": "Purposeful direct work using age-appropriate tools; the child has had the same "
    "worker for a year and talks about trusting them.",
    "oversight": "Supervision is monthly, reflective and recorded on the file, with clear "
    "actions that were followed up.",
    "multi_agency": "School and health shared information promptly and attended every core group.",
    "recording": "Recording is up to date; the chronology is current and case notes are written to "
    "the child.",
    "impact": "There is clear evidence of change: attendance has improved and the child reports "
    "feeling safer at home.",
}
WEAK_TEXT = {
    "voice": "The child has not been seen alone since the last review and their wishes are "
    "described by the parent rather than in their own words. Child A's daily experience is not "
    "clear from the file.",
    "assessment": "The assessment describes the incidents but does not analyse the cumulative "
    "impact of neglect; history from previous involvement is not used.",
    "planning": "Actions in the plan are vague ('mother to engage') with no timescales; one "
    "review was late and drift between reviews is not recognised.",
    "direct_work": "There is little recorded direct work with the child; three changes of worker "
    "in six months were not explained to the family.",
    "oversight": "Supervision records are brief and do not show reflection or challenge; an "
    "action to convene a strategy discussion was not followed up for five weeks.",
    "multi_agency": "Health did not attend the last two core groups and this was not escalated; "
    "information from school arrived late.",
    "recording": "The chronology has not been updated since the spring and several visit notes "
    "were written more than two weeks after the visit.",
    "impact": "It is not possible to see what difference the work has made; the same concerns "
    "recur at each review without a change of approach.",
}
THEME_OF_SECTION = {
    "voice": "voice_of_child",
    "assessment": "risk_analysis",
    "planning": "planning",
    "direct_work": "direct_work",
    "oversight": "management_oversight",
    "multi_agency": "multi_agency",
    "recording": "recording",
}
ACTION_TEXT = [
    ("See the child alone and record their views in their own words.", "Allocated social worker"),
    ("Update the chronology and share it with the core group.", "Allocated social worker"),
    ("Hold a reflective supervision on this case and record the rationale.", "Team manager"),
    ("Escalate health's non-attendance through the partnership escalation policy.", "Team manager"),
    ("Review the plan so each action has an owner and a date.", "Independent reviewing officer"),
]


def add(session: Session) -> str:
    rng = random.Random(SEED)
    host = ensure_organisation(session, HOME_COUNCIL)
    assert host.id is not None
    start = date.today() - timedelta(days=24)
    details = VisitDetails(
        title="SAV: the front door and child protection",
        kind="sav",
        host_organisation_id=host.id,
        lead_name="Kwame Mensah",
        start_date=start,
        end_date=start,
        line_of_enquiry="How well do thresholds at the front door and the quality of child "
        "protection planning keep children safe, and how do leaders know?",
        status="in_progress",
        team=list(TEAM),
    )
    visit = create_visit(session, details)
    assert visit.id is not None
    store_case_list(session, visit.id, _case_list(rng))
    draw_visit_sample(session, visit.id, SAMPLE_SIZE, SEED % 100000, by="Cohort", today=start)
    audits = list(session.exec(_audits_of(visit.id)))
    escalated_index = 5
    for index, audit in enumerate(audits):
        assert audit.id is not None
        definition = record_definition(session, audit.record_id)
        auditor = AUDITORS[index % len(AUDITORS)]
        case = session.get(VisitCase, audit.visit_case_id)
        cohort = json.loads(case.fields).get("Cohort", "") if case is not None else ""
        answers = _answers(
            definition, rng, start, auditor, cohort, escalate=index == escalated_index
        )
        if index >= len(audits) - 4:  # a few audits still being written on the day
            answers = {k: v for k, v in answers.items() if rng.random() < 0.45}
        save_answers(session, audit.record_id, answers, by=auditor)
        audit.auditor = auditor
        session.add(audit)
        refresh_audit_summary(session, audit.id)
    moderated, changed = _moderate(session, audits[:20], rng)
    details.status = "moderation"
    update_visit(session, visit.id, details)
    return (
        f"- a SAV at {HOME_COUNCIL} led by Kwame Mensah: {len(audits)} audits, {moderated} "
        f"moderated ({changed} grades changed), 1 escalation"
    )


def _audits_of(visit_id: int) -> Any:
    from sqlmodel import col, select

    return select(Audit).where(Audit.visit_id == visit_id).order_by(col(Audit.id))


def _case_list(rng: random.Random) -> CaseList:
    columns = ["Case reference", "Cohort", "Team", "Allocated date"]
    rows: list[CaseRow] = []
    weights = [0.15, 0.3, 0.25, 0.2, 0.1]
    for number in range(2, 182):
        cohort = rng.choices(COHORTS, weights)[0]
        team = rng.choice(TEAMS[cohort])
        reference = f"MC{rng.randrange(100000, 999999)}"
        allocated = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 600))
        fields = dict(zip(columns, [reference, cohort, team, allocated.isoformat()], strict=True))
        rows.append(CaseRow(number, reference, fields))
    unique = {row.reference: row for row in rows}
    return CaseList.from_rows(columns, list(unique.values()), columns[0])


def _overall(rng: random.Random) -> int:
    return rng.choices([0, 1, 2, 3], [0.1, 0.38, 0.44, 0.08])[0]


def _answers(
    definition: FormDefinition,
    rng: random.Random,
    day: date,
    auditor: str,
    cohort: str,
    *,
    escalate: bool,
) -> dict[str, Any]:
    overall = 0 if escalate else _overall(rng)
    answers: dict[str, Any] = {}
    section_grades: dict[str, int] = {}
    for section in definition.sections:
        grade_level = min(3, max(0, overall + rng.choice([-1, 0, 0, 0, 1])))
        for question in section.questions:
            value = _answer(
                definition, section.id, question, rng, day, auditor, grade_level, cohort
            )
            if value is not None:
                answers[question.id] = value
        if any(question.type == "grade" and not question.role for question in section.questions):
            section_grades[section.id] = grade_level
    for question in definition.questions_with_role("overall_grade"):
        answers[question.id] = GRADES[overall]
    for question in definition.questions_with_role("overall_rationale"):
        answers[question.id] = (
            "Practice for the child is "
            + [
                "not yet safe enough",
                "improving but inconsistent",
                "consistently good",
                "exceptional and child-centred",
            ][overall]
            + ". Impact for the child weighed most: "
            + (
                "the work has made a visible difference."
                if overall >= 2
                else "the concerns identified at the start have not yet reduced."
            )
        )
    strengths = [
        THEME_OF_SECTION[s] for s, g in section_grades.items() if g >= 2 and s in THEME_OF_SECTION
    ]
    weaknesses = [
        THEME_OF_SECTION[s] for s, g in section_grades.items() if g <= 1 and s in THEME_OF_SECTION
    ]
    for question in definition.questions_with_role("strength_themes"):
        answers[question.id] = _known(question, strengths[:3])
    for question in definition.questions_with_role("development_themes"):
        answers[question.id] = _known(question, weaknesses[:3])
    for question in definition.questions_with_role("escalation"):
        answers[question.id] = "yes" if escalate else "no"
    if escalate:
        for question in definition.questions_with_role("escalation_reason"):
            answers[question.id] = (
                "The child disclosed that the parent's new partner, who is subject to bail "
                "conditions, is staying at the home. The team manager and service manager were "
                "told by phone the same day and a strategy discussion was convened."
            )
        for question in escalated_to_questions(definition):
            answers[question.id] = "Service Manager, Safeguarding North"
    for question in definition.questions_with_role("actions"):
        answers[question.id] = _actions(question, rng, day, overall)
    return answers


def _answer(
    definition: FormDefinition,
    section_id: str,
    question: Question,
    rng: random.Random,
    day: date,
    auditor: str,
    level: int,
    cohort: str,
) -> Any:
    if question.role in ("case_reference", "cohort", "team"):
        return None  # filled in from the case list
    if question.role == "audit_date":
        return day.isoformat()
    if question.role == "auditor":
        return auditor
    if question.role in ("age_band", "legal_status"):
        return _profile_choice(question, rng, cohort)
    if question.role:
        return None
    if question.type == "yes_no":
        return rng.choice(["yes", "yes", "no"])
    if question.type == "yes_no_partly":
        return rng.choices(["yes", "partly", "no"], [level + 1, 2, 3 - level])[0]
    if question.type == "grade":
        return GRADES[level]
    if question.type == "long_text" and question.relevant is None:
        text = (GOOD_TEXT if level >= 2 else WEAK_TEXT).get(section_id)
        return text
    if question.type == "long_text" and level <= 1 and section_id in WEAK_TEXT:
        return (
            WEAK_TEXT[section_id]
            + " Evidence: case notes and supervision records of the last six months."
        )
    return None


def _profile_choice(question: Question, rng: random.Random, cohort: str) -> str:
    """Plausible ages and legal statuses: care leavers are adults, only children in care have
    care orders (the choices are listed youngest first and "no order" first in the template)."""
    choices = question.choice_ids()
    if question.role == "age_band":
        return choices[-1] if cohort == "Care leaver" else rng.choice(choices[:-1])
    return rng.choice(choices[1:5]) if cohort == "Child in care" else choices[0]


def _known(question: Question, ids: list[str]) -> list[str]:
    return [choice for choice in ids if choice in question.choice_ids()]


def _actions(
    question: Question, rng: random.Random, day: date, overall: int
) -> list[dict[str, Any]]:
    keys = {inner.role: inner.id for inner in question.questions if inner.role}
    count = 0 if overall == 3 else rng.randint(1, 2) if overall >= 2 else rng.randint(2, 3)
    rows = []
    for what, owner in rng.sample(ACTION_TEXT, count):
        due = day + timedelta(days=rng.choice([14, 28, 42, 56]))
        status = "done" if due < date.today() and rng.random() < 0.5 else "open"
        rows.append(
            {
                keys.get("action_what", "what"): what,
                keys.get("action_owner", "owner"): owner,
                keys.get("action_due", "due"): due.isoformat(),
                keys.get("action_status", "status"): status,
            }
        )
    return rows


def _moderate(session: Session, audits: list[Audit], rng: random.Random) -> tuple[int, int]:
    from desktop_app.store.repositories.audits import audit_grade_lines

    moderated = changed = 0
    for index, audit in enumerate(audits):
        assert audit.id is not None
        if audit.status != "complete" or index % 2:
            continue
        decisions = []
        for line in audit_grade_lines(session, audit.id):
            value = line.auditor_value
            rationale = ""
            overall = line.question_id in {
                q.id
                for q in record_definition(session, audit.record_id).questions_with_role(
                    "overall_grade"
                )
            }
            if overall and value in GRADES and changed < 3 and rng.random() < 0.5:
                level = GRADES.index(value)
                value = GRADES[level - 1] if level >= 2 else GRADES[level + 1]
                rationale = "The evidence in the file does not support the auditor's grade: " + (
                    "the impact for the child is not yet shown."
                    if level >= 2
                    else "the plan is now reducing risk and the child's views are acted on."
                )
                changed += 1
            decisions.append(ModerationDecision(line.question_id, value, rationale))
        moderate_audit(session, audit.id, decisions, "Martin Cole")
        moderated += 1
    return moderated, changed
