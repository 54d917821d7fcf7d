"""The improvement plan: actions (what, owner, due, status), their dated progress notes, and the
history of the owner's answers to peers' challenge notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from desktop_app.store.models.core import utcnow


class PlanAction(SQLModel, table=True):
    """One action of the council's improvement plan, linked to where it came from.

    ``source`` is a ``desktop_app.store.repositories.plan.PlanSource`` value, ``status`` a
    ``PlanStatus`` value; ``source_ref`` names the origin (``audit:12:0``, ``visit:3``,
    ``assessment:4:priority:1``, ``challenge-note:7``) so the same origin is not added twice.
    """

    __tablename__ = "plan_action"

    id: int | None = Field(default=None, primary_key=True)
    what: str
    why: str = ""
    source: str = Field(default="own", index=True)
    source_ref: str = Field(default="", index=True)
    area: str = ""
    owner: str
    owner_council: str = ""
    due: date
    status: str = "not_started"
    status_reason: str = ""
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlanProgressNote(SQLModel, table=True):
    """A dated note on an action's progress, by a named person; a status change is noted too."""

    __tablename__ = "plan_progress_note"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="plan_action.id", index=True)
    text: str = ""
    status_before: str = ""
    status_after: str = ""
    author: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class ChallengeAnswerChange(SQLModel, table=True):
    """Every answer the owner gave to a received challenge note, oldest first: a changed answer
    is recorded, never silent."""

    __tablename__ = "challenge_answer_change"

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="challenge_note.id", index=True)
    accepted: bool | None = None
    answer: str = ""
    action_id: int | None = None
    author: str = ""
    created_at: datetime = Field(default_factory=utcnow)
