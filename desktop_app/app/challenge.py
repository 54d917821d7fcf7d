"""Challenge notes: read as plain values for the screens, and written by the window and commands.

Every operation opens and commits its own session through the ``AppContext``; the note rules
(yours to edit, a peer's to answer) live in ``desktop_app.store.repositories.challenge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from forms.answer_words import people_moment

RAG_LABELS = {"": "No RAG view", "red": "Red", "amber": "Amber", "green": "Green"}


@dataclass(frozen=True)
class NoteView:
    id: int
    section_id: str
    text: str
    rag: str
    line_of_enquiry: bool
    needs_answer: bool
    author: str
    organisation: str
    accepted: bool | None
    answer: str
    created: str
    answered_by: str = ""
    action_id: int | None = None  # the improvement plan action an accepted note went into

    @classmethod
    def of(cls, note: Any) -> NoteView:
        return cls(
            id=int(note.id),
            section_id=str(note.section_id),
            text=str(note.text),
            rag=str(note.rag or ""),
            line_of_enquiry=bool(note.line_of_enquiry),
            needs_answer=bool(note.needs_answer),
            author=str(note.author or ""),
            organisation=str(note.organisation or ""),
            accepted=note.accepted,
            answer=str(note.answer or ""),
            created=people_moment(note.created_at),
            answered_by=str(getattr(note, "answered_by", "") or ""),
            action_id=getattr(note, "action_id", None),
        )

    @property
    def answered(self) -> bool:
        return self.accepted is not None

    def flags(self) -> list[str]:
        return [
            label
            for label, on in (
                ("Line of enquiry", self.line_of_enquiry),
                ("Needs an answer", self.needs_answer),
            )
            if on
        ]


def bundle_notes(ctx: AppContext, bundle_id: int) -> list[NoteView]:
    """The notes on one imported bundle (ours given and the peer's received), by section."""
    from desktop_app.store.repositories.challenge import notes_on_bundle

    with ctx.database.session() as session:
        return [NoteView.of(note) for note in notes_on_bundle(session, bundle_id)]


@dataclass(frozen=True)
class NoteRequest:
    """A challenge note of ours on a bundle: new when ``note_id`` is None, else an edit.

    ``section_id`` "" is the bundle's overall summary. ``rag`` is "", "red", "amber" or "green".
    ``organisation`` is the author's council ("": the home council).
    """

    bundle_id: int
    text: str
    author: str
    organisation: str = ""
    section_id: str = ""
    rag: str = ""
    line_of_enquiry: bool = False
    needs_answer: bool = False
    note_id: int | None = None


@dataclass(frozen=True)
class NoteSaved:
    note_id: int
    changed: Changed = Changed.CHALLENGE


def save_note(ctx: AppContext, request: NoteRequest) -> NoteSaved:
    """Adds or edits a note of ours, signed with the home council's name.

    Raises ``ChallengeError`` (one sentence) for empty text or a note that is not ours.
    """
    from desktop_app.store.repositories.challenge import add_note, update_note
    from desktop_app.store.repositories.organisations import home_organisation

    with ctx.database.session() as session:
        if request.note_id is None:
            home = home_organisation(session)
            note = add_note(
                session,
                request.bundle_id,
                request.text,
                author=request.author,
                organisation=request.organisation or (home.name if home is not None else ""),
                section_id=request.section_id,
                rag=request.rag,
                line_of_enquiry=request.line_of_enquiry,
                needs_answer=request.needs_answer,
            )
        else:
            note = update_note(
                session,
                request.note_id,
                text=request.text,
                rag=request.rag,
                line_of_enquiry=request.line_of_enquiry,
                needs_answer=request.needs_answer,
            )
        return NoteSaved(int(note.id or 0))


def remove_note(ctx: AppContext, note_id: int) -> Changed:
    """Deletes a note of ours (a peer's received note is left alone)."""
    from desktop_app.store.repositories.challenge import delete_note

    with ctx.database.session() as session:
        delete_note(session, note_id)
    return Changed.CHALLENGE


def answer_received_note(ctx: AppContext, note_id: int, *, accepted: bool, text: str) -> Changed:
    """Records our answer to a peer's note: accepted or not, and why.

    Raises ``ChallengeError`` when the note is not one received from a peer.
    """
    from desktop_app.store.repositories.challenge import answer_note

    with ctx.database.session() as session:
        answer_note(session, note_id, accepted=accepted, answer=text)
    return Changed.CHALLENGE
