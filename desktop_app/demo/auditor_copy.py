"""Demo: Grace Adeyemi's own laptop, holding the practice-week audit as her assignment.

The same visit the demo's lead (Priya Lambert) runs in ``team_visit``, as it stands on an
auditor's laptop after she opened her assignment: only her cases, the lead named with the key
that signed it (``visit.assigned_by``), a child at risk found, one return already sent and an
audit changed since. Used for the screenshot of an auditor's visit page (a home of its own, not
the demo home, which is the lead's laptop). Everything is invented and seeded.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from desktop_app.demo.team_visit import LEAD, RETURNED, SEED, _demo_key, practice_week
from desktop_app.demo.trio import HOME_COUNCIL
from desktop_app.demo.visits import _answers
from desktop_app.store.models import ExportLog
from desktop_app.store.repositories.audits import refresh_audit_summary
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.records import record_definition, save_answers
from desktop_app.store.repositories.team import add_member
from desktop_app.store.repositories.team_sent import record_sent
from desktop_app.store.repositories.visits import add_case, create_visit
from desktop_app.store.vocabulary import TeamRole

AUDITOR = RETURNED[0]
COHORTS = ("Child in need", "Child protection", "Child in need", "Looked after")


def add_auditor_copy(session: Session) -> int:
    """Store Grace's working copy of the practice-week visit; returns its id."""
    rng = random.Random(SEED + 1)
    host = ensure_organisation(session, HOME_COUNCIL, is_home=True)  # Grace's own council
    assert host.id is not None
    day = date.today() - timedelta(days=1)
    visit = create_visit(session, practice_week(host.id, day))
    assert visit.id is not None
    add_member(session, visit.id, LEAD, TeamRole.LEAD, _demo_key(LEAD))
    add_member(session, visit.id, AUDITOR, TeamRole.AUDITOR, _demo_key(AUDITOR))
    visit.assigned_by = _demo_key(LEAD).fingerprint
    visit.assignment_sequence = 2
    now = datetime.now(UTC)
    visit.created_at = now - timedelta(days=1)  # the assignment arrived yesterday
    session.add(visit)
    sent_at = now - timedelta(hours=2)
    for index, cohort in enumerate(COHORTS):
        reference = f"MC{rng.randrange(100000, 999999)}"
        audit = add_case(
            session,
            visit.id,
            reference,
            f"Assigned by {LEAD}",
            fields={"Case reference": reference, "Cohort": cohort},
            auditor=AUDITOR,
        )
        assert audit.id is not None
        audit.assigned_to = AUDITOR
        session.add(audit)
        if index == 3:
            continue  # not started yet
        definition = record_definition(session, audit.record_id)
        answers = _answers(definition, rng, day, AUDITOR, cohort, escalate=index == 0)
        if index == 2:  # half done
            answers = dict(list(answers.items())[: len(answers) // 3])
        save_answers(session, audit.record_id, answers, by=AUDITOR)
        refresh_audit_summary(session, audit.id)
        if index < 2:  # typed before the return was sent
            typed = sent_at - timedelta(hours=1)
            session.connection().exec_driver_sql(
                "UPDATE answer SET updated_at = ? WHERE record_id = ?",
                (typed.strftime("%Y-%m-%d %H:%M:%S.%f"), audit.record_id),
            )
    session.add(
        ExportLog(
            bundle_type="audit-return",
            what=f"return of {len(COHORTS)} audit(s) of visit {visit.title}",
            recipients=LEAD,
            path=f"/home/{AUDITOR.split()[0].lower()}/practice-week.return",
            file_sha256=hashlib.sha256(b"demo return").hexdigest(),
            external_identifier="demo-auditor-return",
            tagmanifest_sha512=hashlib.sha512(b"demo auditor return").hexdigest(),
            sequence=3,
            created_at=sent_at,
        )
    )
    record_sent(session, "demo-auditor-return", visit.uuid)
    session.flush()
    return visit.id
