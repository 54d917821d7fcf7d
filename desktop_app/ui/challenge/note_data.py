"""Challenge notes as plain values for the screens (read in one short session, then kept)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
            created=note.created_at.strftime("%d %b %Y %H:%M"),
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


def bundle_notes(database: Any, bundle_id: int) -> list[NoteView]:
    from desktop_app.store.repositories.challenge import notes_on_bundle

    with database.session() as session:
        return [NoteView.of(note) for note in notes_on_bundle(session, bundle_id)]
