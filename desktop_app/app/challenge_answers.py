"""The owner's answers to challenge received from peers: accept a note into the improvement
plan (linking an action or creating one) or decline it with a reason. A changed answer is kept
in the note's history (``challenge_answer_change``), never silent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.people import current_person
from desktop_app.errors import UserError

# A new action made from an accepted note, with no due date given, is due in a quarter.
DEFAULT_DUE_DAYS = 91


class ChallengeAnswerError(UserError):
    """An answer cannot be recorded; the message says what to do."""


@dataclass(frozen=True)
class AnswerChallengeNote:
    """Accept (with an action: ``action_id`` to link, else a new one, ``new_action`` its what)
    or decline (``text`` is the reason) a note received from a peer."""

    note_id: int
    accepted: bool
    text: str = ""
    action_id: int | None = None
    new_action: str = ""
    owner: str = ""
    due: date | None = None


@dataclass(frozen=True)
class ChallengeNoteAnswered:
    """The answer as recorded: the linked action (when accepted) and what it replaced."""

    note_id: int
    accepted: bool
    action_id: int | None
    previous: str  # "" for a first answer, else "accepted" or "declined"
    action_created: bool
    changed: Changed = Changed.CHALLENGE | Changed.PLAN


@dataclass(frozen=True)
class AnswerHistoryEntry:
    """One answer given to a note, oldest first: when, who, accepted or not, what, action."""

    when: str
    author: str
    accepted: bool | None
    answer: str
    action_id: int | None


def answer_challenge_note(ctx: AppContext, request: AnswerChallengeNote) -> ChallengeNoteAnswered:
    """Record the owner's answer to a received note, signed with the person's name and council.

    Accepting links ``action_id`` (which must exist) or creates an action (what: ``new_action``,
    else the answer, else the note; owner: ``owner`` or the person; due: ``due`` or in
    ``DEFAULT_DUE_DAYS`` days; source "challenge"). Declining needs a reason in ``text``.
    Raises ChallengeAnswerError for an unknown note or action, or a decline without a reason."""
    from desktop_app.store.models import ChallengeAnswerChange, ChallengeNote
    from desktop_app.store.models.core import utcnow
    from desktop_app.store.repositories.plan import (
        NewAction,
        PlanError,
        PlanSource,
        add_action,
        get_action,
        update_action,
    )

    person = current_person(ctx)
    text = request.text.strip()
    if not request.accepted and not text:
        raise ChallengeAnswerError(
            "Declining a peer's challenge needs a reason; say why in --text (the peer will read it)."
        )
    if not request.accepted and (request.action_id is not None or request.new_action.strip()):
        raise ChallengeAnswerError(
            "A declined note has no plan action; leave out --action and --new-action."
        )
    created = False
    try:
        with ctx.database.session() as session:
            note = session.get(ChallengeNote, request.note_id)
            if note is None or note.direction != "received":
                raise ChallengeAnswerError(
                    f"There is no challenge note {request.note_id} received from a peer; see "
                    "'critical-friend challenge list --received'."
                )
            previous = (
                "" if note.accepted is None else ("accepted" if note.accepted else "declined")
            )
            action_id: int | None = None
            if request.accepted:
                if request.action_id is not None:
                    action_id = int(get_action(session, request.action_id).id or 0)
                elif note.action_id is not None and not request.new_action.strip():
                    action_id = note.action_id
                else:
                    action = add_action(
                        session,
                        NewAction(
                            what=request.new_action.strip() or text or note.text,
                            owner=request.owner.strip() or person.name,
                            owner_council=person.council,
                            due=request.due or date.today() + timedelta(days=DEFAULT_DUE_DAYS),
                            why=f"Peer challenge from {_who(note.author, note.organisation)}: "
                            f"“{note.text}”",
                            source=PlanSource.CHALLENGE,
                            source_ref=f"challenge-note:{note.id}",
                            area=note.section_id if _is_area(note.section_id) else "",
                        ),
                        by=person.label,
                    )
                    action_id, created = int(action.id or 0), True
            elif (
                note.action_id is not None
                and get_action(session, note.action_id).source_ref == f"challenge-note:{note.id}"
            ):
                update_action(
                    session,
                    note.action_id,
                    by=person.label,
                    note=f"The peer challenge this action answered was declined: {text}",
                )
            note.accepted = request.accepted
            note.answer = text
            note.answered_at = utcnow()
            note.answered_by = person.label
            note.action_id = action_id
            session.add(note)
            session.add(
                ChallengeAnswerChange(
                    note_id=request.note_id,
                    accepted=request.accepted,
                    answer=text,
                    action_id=action_id,
                    author=person.label,
                )
            )
    except PlanError as error:
        raise ChallengeAnswerError(str(error)) from None
    return ChallengeNoteAnswered(request.note_id, request.accepted, action_id, previous, created)


def answer_history(ctx: AppContext, note_id: int) -> list[AnswerHistoryEntry]:
    """Every answer given to note ``note_id``, oldest first (empty when never answered)."""
    from sqlmodel import col, select

    from desktop_app.store.models import ChallengeAnswerChange

    with ctx.database.session() as session:
        rows = session.exec(
            select(ChallengeAnswerChange)
            .where(ChallengeAnswerChange.note_id == note_id)
            .order_by(col(ChallengeAnswerChange.id))
        )
        return [
            AnswerHistoryEntry(
                row.created_at.isoformat(timespec="seconds"),
                row.author,
                row.accepted,
                row.answer,
                row.action_id,
            )
            for row in rows
        ]


def _who(author: str, organisation: str) -> str:
    if author and organisation and organisation not in author:
        return f"{author}, {organisation}"
    return author or organisation or "a peer"


def _is_area(section_id: str) -> bool:
    from desktop_app.store.repositories.plan import ILACS_AREAS

    return section_id in ILACS_AREAS
