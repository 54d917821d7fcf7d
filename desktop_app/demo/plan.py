"""Midthorpe's improvement plan: the peers' accepted challenge, a self-assessment priority, an
audit action and the council's own actions, some on track, one at risk, one overdue, one done
and one dropped, each with dated progress notes by named people (all fictional)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from desktop_app.demo.trio import HOME_COUNCIL
from desktop_app.store.models import ChallengeAnswerChange, ChallengeNote, PlanProgressNote
from desktop_app.store.repositories.plan import NewAction, PlanSource, add_action

ORDER = 50
FIRST_PROGRESS = (
    "First quarterly audit done: 12 supervision files, and the practitioners asked too.",
    "Forum meeting with the peer team booked; survey sent to 64 care leavers, 23 replies so far.",
)

LEAD = f"Priya Lambert, {HOME_COUNCIL}"

# (what, owner, days from today to due, area, source, status, reason, notes [(days ago, by, text)])
ACTIONS: list[tuple[str, str, int, str, PlanSource, str, str, list[tuple[int, str, str]]]] = [
    (
        "Re-launch the front door threshold guidance with partners and audit 20 contacts",
        "Tom Reilly", -21, "help_protection", PlanSource.VISIT_FINDING, "at_risk", "",
        [(40, "Tom Reilly", "Guidance agreed with police and health; schools' session moved to "
          "next month."), (9, "Helen Marsh", "Contact audit not started: two MASH vacancies.")],
    ),
    (
        "Every child in care has a life-story book started within six months of coming into care",
        "Grace Adeyemi", 75, "in_care", PlanSource.SELF_ASSESSMENT, "on_track", "",
        [(30, "Grace Adeyemi", "41 of 58 children have a book started; two workshops held.")],
    ),
    (
        "Management oversight recorded at every case transfer (audit action from the July SAV)",
        "Helen Marsh", 20, "leaders", PlanSource.AUDIT, "not_started", "", [],
    ),
    (
        "Care leavers' forum co-designs the local offer refresh",
        "Daniel Okafor", 140, "care_leavers", PlanSource.OWN, "done", "",
        [(12, "Daniel Okafor", "Forum signed off the refreshed offer; published on the website.")],
    ),
    (
        "Separate duty team for out-of-hours child protection strategy meetings",
        "Helen Marsh", 60, "help_protection", PlanSource.OWN, "dropped",
        "The regional emergency duty service now covers this; no separate team is needed.", [],
    ),
]  # fmt: skip


def add(session: Session) -> str:
    """Add the plan; accepted challenge notes get their own actions, linked to the notes."""
    today = date.today()
    count = 0
    for what, owner, days, area, source, status, reason, notes in ACTIONS:
        action = add_action(
            session,
            NewAction(
                what=what,
                owner=owner,
                due=today + timedelta(days=days),
                area=area,
                source=source,
                why={
                    PlanSource.VISIT_FINDING: "Finding of the front door SAV",
                    PlanSource.SELF_ASSESSMENT: "Priority in the 2025-26 self-assessment",
                    PlanSource.AUDIT: "Audit action, July SAV",
                }.get(source, ""),
            ),
            by=LEAD,
        )
        action.status, action.status_reason = status, reason
        count += 1
        for days_ago, by, text in notes:
            session.add(
                PlanProgressNote(
                    action_id=int(action.id or 0),
                    text=text,
                    status_before=status,
                    status_after=status,
                    author=f"{by}, {HOME_COUNCIL}",
                    created_at=_days_ago(days_ago),
                )
            )
    accepted = session.exec(
        select(ChallengeNote).where(
            ChallengeNote.direction == "received",
            ChallengeNote.accepted == True,  # noqa: E712
        )
    ).all()
    for index, note in enumerate(accepted):
        action = add_action(
            session,
            NewAction(
                what=note.answer.removeprefix("Accepted: ").split(".")[0].capitalize(),
                owner="Helen Marsh",
                due=today + timedelta(days=45 + 30 * index),
                area=note.section_id,
                source=PlanSource.CHALLENGE,
                source_ref=f"challenge-note:{note.id}",
                why=f"Peer challenge from {note.author}, {note.organisation}: “{note.text}”",
            ),
            by=LEAD,
        )
        action.status = "on_track"
        note.action_id, note.answered_by = action.id, LEAD
        session.add(
            ChallengeAnswerChange(
                note_id=int(note.id or 0),
                accepted=True,
                answer=note.answer,
                action_id=action.id,
                author=LEAD,
            )
        )
        session.add(
            PlanProgressNote(
                action_id=int(action.id or 0),
                text=FIRST_PROGRESS[index % len(FIRST_PROGRESS)],
                status_before="not_started",
                status_after="on_track",
                author=f"Helen Marsh, {HOME_COUNCIL}",
                created_at=_days_ago(6),
            )
        )
        count += 1
    session.flush()
    return f"- the improvement plan: {count} actions ({len(accepted)} from accepted challenge)"


def _days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)
