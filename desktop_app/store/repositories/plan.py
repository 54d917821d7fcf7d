"""The improvement plan in the store: actions, their progress notes, RAG by due date.

Sector-led improvement (LGA, "Sector-led improvement in children's services"): what audits,
visits, self-assessment and accepted peer challenge find goes into one plan per council, tracked
through the year and reported on in next year's self-assessment (DOMAIN.md, DESIGN.md "The
improvement plan").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from desktop_app.store.models import PlanAction, PlanProgressNote
from desktop_app.store.models.core import utcnow

# An action due within this many days that has not started is amber: there is little time left.
AMBER_WITHIN_DAYS = 28


class PlanStatus(StrEnum):
    """Where an action stands. ``dropped`` needs a reason."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """The words a person reads: "Not started", "On track"..."""
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> PlanStatus:
        """A status from its value or its words ("on track", "on-track", "On track").

        Raises PlanError naming the statuses when the text is none of them."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            words = ", ".join(status.label.lower() for status in cls)
            raise PlanError(f"{text!r} is not a plan status; use one of: {words}.") from None


class PlanSource(StrEnum):
    """Where an action came from."""

    OWN = "own"
    AUDIT = "audit"
    VISIT_FINDING = "visit_finding"
    SELF_ASSESSMENT = "self_assessment"
    CHALLENGE = "challenge"

    @property
    def label(self) -> str:
        """The words a person reads."""
        return {
            "own": "Council's own",
            "audit": "Audit action",
            "visit_finding": "Visit finding",
            "self_assessment": "Self-assessment priority",
            "challenge": "Peer challenge",
        }[self.value]


class Rag(StrEnum):
    """Red, amber or green by due date and status (see ``rag_of``); ``none`` for dropped."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"


# The ILACS judgement areas (Ofsted, "Inspecting local authority children's services", 2023):
# the ids the self-assessment template uses for them.
ILACS_AREAS: dict[str, str] = {
    "leaders": "Impact of leaders on social work practice",
    "help_protection": "Children who need help and protection",
    "in_care": "Children in care",
    "care_leavers": "Care leavers",
}


class PlanError(ValueError):
    """A plan change cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class ProgressEntry:
    """One dated progress note: when (ISO date), who (name and council), what, status change."""

    when: str
    author: str
    text: str
    status_before: str
    status_after: str


@dataclass(frozen=True)
class PlanActionRow:
    """An action as screens, commands and documents show it (``app.plan.list_plan``)."""

    id: int
    what: str
    why: str
    source: PlanSource
    source_ref: str
    area: str
    owner: str
    due: date
    status: PlanStatus
    status_reason: str
    rag: Rag
    overdue: bool
    created_by: str
    progress: tuple[ProgressEntry, ...] = ()

    @property
    def area_label(self) -> str:
        """The ILACS area's name, or "Not linked to an area"."""
        return ILACS_AREAS.get(self.area, "Not linked to an area")

    @property
    def latest_progress(self) -> ProgressEntry | None:
        """The most recent progress note with text, if any."""
        with_text = [entry for entry in self.progress if entry.text]
        return with_text[-1] if with_text else None

    def to_json(self) -> dict[str, object]:
        """The row for ``plan list --json``."""
        return {
            "id": self.id,
            "what": self.what,
            "why": self.why,
            "owner": self.owner,
            "due": self.due.isoformat(),
            "status": self.status.value,
            "status_reason": self.status_reason,
            "source": self.source.value,
            "source_ref": self.source_ref,
            "area": self.area,
            "rag": self.rag.value,
            "overdue": self.overdue,
            "created_by": self.created_by,
            "progress": [entry.__dict__ for entry in self.progress],
        }


def is_overdue(action: PlanAction, today: date) -> bool:
    """Open (not done, not dropped) and past its due date."""
    return action.status not in (PlanStatus.DONE, PlanStatus.DROPPED) and action.due < today


def rag_of(status: str, due: date, today: date) -> Rag:
    """RAG by due date: done is green; dropped has none; open and past due is red; at risk, or
    not started with under ``AMBER_WITHIN_DAYS`` days left, is amber; otherwise green."""
    if status == PlanStatus.DONE:
        return Rag.GREEN
    if status == PlanStatus.DROPPED:
        return Rag.NONE
    if due < today:
        return Rag.RED
    if status == PlanStatus.AT_RISK:
        return Rag.AMBER
    if status == PlanStatus.NOT_STARTED and due <= today + timedelta(days=AMBER_WITHIN_DAYS):
        return Rag.AMBER
    return Rag.GREEN


def check_area(area: str) -> str:
    """An ILACS area id, or "" for none; raises PlanError for anything else."""
    area = area.strip()
    if area and area not in ILACS_AREAS:
        raise PlanError(f"{area!r} is not an ILACS area; use one of: {', '.join(ILACS_AREAS)}.")
    return area


def get_action(session: Session, action_id: int) -> PlanAction:
    """The action, or PlanError when there is none with that id."""
    action = session.get(PlanAction, action_id)
    if action is None:
        raise PlanError(f"There is no plan action {action_id}; see 'critical-friend plan list'.")
    return action


@dataclass(frozen=True)
class NewAction:
    """What a new action needs (owner is a person's name; due a date)."""

    what: str
    owner: str
    due: date
    why: str = ""
    source: PlanSource = PlanSource.OWN
    source_ref: str = ""
    area: str = ""
    owner_council: str = ""


def add_action(session: Session, new: NewAction, *, by: str) -> PlanAction:
    """Store a new action (status not started). Raises PlanError for an empty what or owner."""
    if not new.what.strip():
        raise PlanError("The action is empty; say what will be done.")
    if not new.owner.strip():
        raise PlanError("Every action needs an owner; name the person responsible.")
    action = PlanAction(
        what=new.what.strip(),
        why=new.why.strip(),
        source=new.source.value,
        source_ref=new.source_ref,
        area=check_area(new.area),
        owner=new.owner.strip(),
        owner_council=new.owner_council,
        due=new.due,
        status=PlanStatus.NOT_STARTED.value,
        created_by=by,
    )
    session.add(action)
    session.flush()
    return action


def action_from(session: Session, source_ref: str) -> PlanAction | None:
    """The action already made from this origin (``audit:12:0``...), if any."""
    if not source_ref:
        return None
    return session.exec(select(PlanAction).where(PlanAction.source_ref == source_ref)).first()


def update_action(
    session: Session,
    action_id: int,
    *,
    by: str,
    status: PlanStatus | None = None,
    note: str = "",
    reason: str = "",
) -> PlanProgressNote:
    """Change an action's status and/or add a dated progress note by ``by``.

    Dropping needs a reason (``reason`` or ``note``). Raises PlanError when nothing is given."""
    action = get_action(session, action_id)
    note = note.strip()
    reason = reason.strip()
    if status is None and not note:
        raise PlanError("Give a new status, a progress note, or both.")
    before = action.status
    if status is not None and status != before:
        if status == PlanStatus.DROPPED:
            why = reason or note
            if not why:
                raise PlanError("Dropping an action needs a reason; say why in the note.")
            action.status_reason = why
        action.status = status.value
    action.updated_at = utcnow()
    session.add(action)
    entry = PlanProgressNote(
        action_id=action_id,
        text=note,
        status_before=before,
        status_after=action.status,
        author=by,
    )
    session.add(entry)
    session.flush()
    return entry


def all_actions(session: Session) -> list[PlanAction]:
    """Every action, by due date."""
    return list(session.exec(select(PlanAction).order_by(col(PlanAction.due), col(PlanAction.id))))


def progress_notes(session: Session, action_ids: list[int]) -> dict[int, list[PlanProgressNote]]:
    """Each action's progress notes, oldest first."""
    notes: dict[int, list[PlanProgressNote]] = {action_id: [] for action_id in action_ids}
    if not action_ids:
        return notes
    rows = session.exec(
        select(PlanProgressNote)
        .where(col(PlanProgressNote.action_id).in_(action_ids))
        .order_by(col(PlanProgressNote.created_at), col(PlanProgressNote.id))
    )
    for row in rows:
        notes.setdefault(row.action_id, []).append(row)
    return notes
