"""Demo: Midthorpe's own practice-week audit done by a team on three laptops, part returned.

Priya Lambert leads from this laptop; Grace Adeyemi and Tom Reilly audit on theirs, and Sophie
Turner has not sent her return yet. Grace's return brought a child at risk now; Tom audited one of
Grace's cases too (he was given it when it was moved), so that case is a conflict for the lead.
Everything is invented and seeded; the member keys are made up for the demo.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session, col, select

from desktop_app.demo.trio import HOME_COUNCIL
from desktop_app.demo.visits import _answers, _case_list
from desktop_app.store.models import Audit, TeamReturn, VisitCase
from desktop_app.store.repositories.audits import PREFILLED_BY, refresh_audit_summary
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.records import record_definition, save_answers
from desktop_app.store.repositories.team import MemberKey, add_member, split_cases
from desktop_app.store.repositories.team_merge import audit_states, merge_audit_states
from desktop_app.store.repositories.visits import (
    VisitDetails,
    create_visit,
    draw_visit_sample,
    store_case_list,
)
from desktop_app.store.vocabulary import TeamRole

ORDER = 35
SEED = 20261120
LEAD = "Priya Lambert"
AUDITORS = ("Grace Adeyemi", "Tom Reilly", "Sophie Turner")
RETURNED = ("Grace Adeyemi", "Tom Reilly")


def _demo_key(name: str) -> MemberKey:
    digest = hashlib.sha256(f"demo key of {name}".encode()).digest()
    fingerprint = "SHA256:" + base64.b64encode(digest).decode().rstrip("=")
    return MemberKey(f"ssh-ed25519 DEMO {name}, {HOME_COUNCIL}", fingerprint, "age1demo")


def practice_week(host_id: int, day: date) -> VisitDetails:
    """The practice-week visit's details, as on every laptop of its team."""
    return VisitDetails(
        title="Practice week: children in need, November",
        kind="monthly_qa",
        host_organisation_id=host_id,
        lead_name=LEAD,
        start_date=day,
        end_date=day,
        line_of_enquiry="Is the child's lived experience clear in child in need plans?",
        status="in_progress",
    )


def add(session: Session) -> str:
    rng = random.Random(SEED)
    host = ensure_organisation(session, HOME_COUNCIL)
    assert host.id is not None
    day = date.today() - timedelta(days=40)  # before the SAV, so that stays first in the list
    visit = create_visit(session, practice_week(host.id, day))
    assert visit.id is not None
    store_case_list(session, visit.id, _case_list(rng))
    draw_visit_sample(session, visit.id, 12, SEED % 10000, by="Cohort", today=day)
    add_member(session, visit.id, LEAD, TeamRole.LEAD, _demo_key(LEAD))
    for name in AUDITORS:
        add_member(session, visit.id, name, TeamRole.AUDITOR, _demo_key(name))
    split_cases(session, visit.id)  # a new visit: no work moves, so no warning
    audits = list(
        session.exec(select(Audit).where(Audit.visit_id == visit.id).order_by(col(Audit.id)))
    )
    escalated = False
    for audit in audits:
        if audit.assigned_to not in RETURNED:
            continue
        assert audit.id is not None
        definition = record_definition(session, audit.record_id)
        case = session.get(VisitCase, audit.visit_case_id)
        cohort = json.loads(case.fields).get("Cohort", "") if case is not None else ""
        escalate = not escalated and audit.assigned_to == RETURNED[0]
        escalated = escalated or escalate
        answers = _answers(definition, rng, day, audit.assigned_to, cohort, escalate=escalate)
        answers = {  # actions stay with the SAV's, so the council's tracker shows one visit's
            key: value
            for key, value in answers.items()
            if definition.question(key).role != "actions"
        }
        save_answers(session, audit.record_id, answers, by=audit.assigned_to)
        refresh_audit_summary(session, audit.id)
    for sequence, name in enumerate(RETURNED, start=3):
        held = sum(1 for audit in audits if audit.assigned_to == name)
        session.add(
            TeamReturn(
                visit_id=visit.id,
                member_name=name,
                fingerprint=_demo_key(name).fingerprint,
                sequence=sequence,
                external_identifier=f"demo-return-{sequence}",
                tagmanifest_sha512=hashlib.sha512(f"demo return {sequence}".encode()).hexdigest(),
                created=day.isoformat(),
                audits=held,
                conflicts=1 if name == RETURNED[1] else 0,
            )
        )
    # Tom audited one of Grace's cases as well (from the list as first assigned, before her
    # work), with a different grade: both changed it, so a conflict to decide.
    states, definitions = audit_states(session, visit.id, assigned_to=RETURNED[0])
    shared = states[-1]
    other = dict(shared.answers)
    other["overall_grade"] = json.dumps(
        "inadequate"
        if json.loads(shared.answers.get("overall_grade", '""')) != "inadequate"
        else "good"
    )
    stamp = f"{day.isoformat()}T15:30:00.000000"
    prefilled = [change for change in shared.changes if change[4] == PREFILLED_BY]
    changes = [*prefilled, ["overall_grade", None, other["overall_grade"], stamp, RETURNED[1]]]
    merge_audit_states(
        session,
        visit.id,
        RETURNED[1],
        [replace(shared, answers=other, changes=changes, auditor=RETURNED[1])],
        definitions,
    )
    session.flush()
    return (
        f"- a practice-week audit at {HOME_COUNCIL} led by {LEAD} across four laptops: "
        f"{len(audits)} cases, returns from {' and '.join(RETURNED)}, one conflict, "
        f"{AUDITORS[2]} not yet returned"
    )
