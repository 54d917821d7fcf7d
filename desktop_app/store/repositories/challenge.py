"""Critical friends' challenge: notes we write on a peer's bundle, and notes we receive on ours.

A note sits on a section of the self-assessment (or on the whole bundle, `section_id == ""`, which is
the reviewer's overall summary). It may carry a RAG view, be a line of enquiry for the visit, or be a
question that needs an answer. Notes we receive in a signed response are stored with
`direction="received"`; the owner marks each accepted into the improvement plan (or not) with an answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from desktop_app.store.models import ChallengeNote, ExportLog, ImportedBundle
from desktop_app.store.models.core import utcnow
from desktop_app.store.vocabulary import BundleType

SUMMARY_SECTION = ""
RAG_VALUES = ("", "red", "amber", "green")
RESPONSE_TYPE = BundleType.RESPONSE
REPLY_TYPE = BundleType.CHALLENGE_REPLY
# Placeholders older versions wrote instead of a name; the signer's name is shown instead.
UNNAMED_AUTHORS = frozenset({"", "Me", "Reviewer"})


class ChallengeError(ValueError):
    """A challenge note cannot be stored; the message says why and what to do."""


@dataclass(frozen=True)
class SectionRef:
    id: str
    title: str
    kind: str


def bundle_sections(document: dict[str, Any]) -> list[SectionRef]:
    """The sections a reviewer can challenge: those of the self-assessments the bundle carries,
    else those of its audits' form, in form order, each once."""
    definitions = document.get("definitions") or {}
    digests = [entry.get("definition") for entry in document.get("assessments") or []]
    if not digests:
        digests = [
            audit.get("definition")
            for visit in document.get("visits") or []
            for audit in visit.get("audits") or []
        ]
    seen: dict[str, SectionRef] = {}
    for digest in digests:
        snapshot = definitions.get(digest) if isinstance(digest, str) else None
        for section in (snapshot or {}).get("sections") or []:
            section_id = str(section.get("id", ""))
            if section_id and section_id not in seen:
                seen[section_id] = SectionRef(
                    section_id,
                    str(section.get("title", section_id)),
                    str(section.get("kind") or ""),
                )
    return list(seen.values())


def _bundle(session: Session, bundle_id: int) -> ImportedBundle:
    bundle = session.get(ImportedBundle, bundle_id)
    if bundle is None:
        raise ChallengeError(
            f"There is no imported bundle {bundle_id}; see 'critical-friend list bundles'."
        )
    return bundle


def add_note(
    session: Session,
    bundle_id: int,
    text: str,
    *,
    author: str,
    organisation: str,
    section_id: str = SUMMARY_SECTION,
    rag: str = "",
    line_of_enquiry: bool = False,
    needs_answer: bool = False,
) -> ChallengeNote:
    """Add a challenge note on a peer's bundle (checked against the sections it carries)."""
    bundle = _bundle(session, bundle_id)
    if bundle.bundle_type in (RESPONSE_TYPE, REPLY_TYPE):
        raise ChallengeError(
            "That bundle answers your own work or challenge: read it instead of challenging it."
        )
    if not text.strip():
        raise ChallengeError("The note is empty; write what you want the council to consider.")
    if rag not in RAG_VALUES:
        raise ChallengeError(f"The RAG view must be red, amber or green, not {rag!r}.")
    if section_id != SUMMARY_SECTION:
        sections = {ref.id: ref for ref in bundle_sections(json.loads(bundle.document))}
        if section_id not in sections:
            known = ", ".join(sorted(sections)) or "none"
            raise ChallengeError(
                f"The bundle has no section {section_id!r}; its sections are: {known}."
            )
    note = ChallengeNote(
        direction="given",
        bundle_id=bundle_id,
        target_identifier=bundle.external_identifier,
        section_id=section_id,
        text=text.strip(),
        rag=rag,
        line_of_enquiry=line_of_enquiry,
        needs_answer=needs_answer,
        author=author,
        organisation=organisation,
    )
    session.add(note)
    session.flush()
    return note


def update_note(
    session: Session,
    note_id: int,
    *,
    text: str,
    rag: str,
    line_of_enquiry: bool,
    needs_answer: bool,
) -> ChallengeNote:
    note = session.get(ChallengeNote, note_id)
    if note is None or note.direction != "given":
        raise ChallengeError(f"There is no challenge note {note_id} of yours.")
    if not text.strip():
        raise ChallengeError("The note is empty; write what you want the council to consider.")
    if rag not in RAG_VALUES:
        raise ChallengeError(f"The RAG view must be red, amber or green, not {rag!r}.")
    note.text, note.rag = text.strip(), rag
    note.line_of_enquiry, note.needs_answer = line_of_enquiry, needs_answer
    session.add(note)
    session.flush()
    return note


def delete_note(session: Session, note_id: int) -> None:
    note = session.get(ChallengeNote, note_id)
    if note is not None and note.direction == "given":
        session.delete(note)
        session.flush()


def notes_on_bundle(session: Session, bundle_id: int) -> list[ChallengeNote]:
    """Notes about a bundle: ours on a peer's bundle, or the peer's carried by a response bundle."""
    return list(
        session.exec(
            select(ChallengeNote)
            .where(ChallengeNote.bundle_id == bundle_id)
            .order_by(col(ChallengeNote.section_id), col(ChallengeNote.id))
        )
    )


def note_to_json(note: ChallengeNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "section_id": note.section_id,
        "text": note.text,
        "rag": note.rag,
        "line_of_enquiry": note.line_of_enquiry,
        "needs_answer": note.needs_answer,
        "author": note.author,
        "organisation": note.organisation,
        "created": note.created_at.isoformat(timespec="seconds"),
    }


def response_document_part(session: Session, bundle_id: int) -> dict[str, Any]:
    """What a response bundle carries about the original: its identity and our notes."""
    bundle = _bundle(session, bundle_id)
    notes = [note for note in notes_on_bundle(session, bundle_id) if note.direction == "given"]
    if not notes:
        raise ChallengeError(
            f"There are no challenge notes on bundle {bundle_id} yet; add some before responding."
        )
    return {
        "in_response_to": {
            "tagmanifest_sha512": bundle.tagmanifest_sha512,
            "external_identifier": bundle.external_identifier,
            "title": bundle.title,
            "organisation": bundle.source_organisation,
        },
        "challenge": [note_to_json(note) for note in notes],
    }


def store_received_notes(
    session: Session, response: ImportedBundle, document: dict[str, Any]
) -> int:
    """On import of a response to one of our bundles: keep its notes against our sections."""
    assert response.id is not None
    target = (document.get("in_response_to") or {}).get("external_identifier") or ""
    count = 0
    for item in document.get("challenge") or []:
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            continue
        rag = str(item.get("rag") or "")
        author = str(item.get("author") or "")
        if author in UNNAMED_AUTHORS:
            author = response.signer_comment.partition(",")[0].strip()
        peer_note_id = item.get("id")
        session.add(
            ChallengeNote(
                direction="received",
                bundle_id=response.id,
                target_identifier=str(target),
                section_id=str(item.get("section_id") or ""),
                text=str(item["text"]),
                rag=rag if rag in RAG_VALUES else "",
                line_of_enquiry=bool(item.get("line_of_enquiry")),
                needs_answer=bool(item.get("needs_answer")),
                author=author,
                organisation=response.source_organisation,
                peer_note_id=peer_note_id if isinstance(peer_note_id, int) else None,
            )
        )
        count += 1
    session.flush()
    return count


def received_note_signer(session: Session, bundle_id: int | None) -> dict[str, Any]:
    """Who signed the response a received note came in (`signer_fingerprint`), and whether that
    key is trusted now (`signer_trusted`)."""
    bundle = session.get(ImportedBundle, bundle_id) if bundle_id is not None else None
    if bundle is None:
        return {"signer_fingerprint": "", "signer_trusted": False}
    return {"signer_fingerprint": bundle.signer_fingerprint, "signer_trusted": bundle.trusted}


def own_export_for(session: Session, tagmanifest_sha512: str | None) -> ExportLog | None:
    """Which of our exports a response answers (matched on the signed tag manifest's SHA-512)."""
    if not tagmanifest_sha512:
        return None
    return session.exec(
        select(ExportLog).where(ExportLog.tagmanifest_sha512 == tagmanifest_sha512)
    ).first()


def received_notes(session: Session) -> list[ChallengeNote]:
    return list(
        session.exec(
            select(ChallengeNote)
            .where(ChallengeNote.direction == "received")
            .order_by(col(ChallengeNote.section_id), col(ChallengeNote.id))
        )
    )


def answer_note(session: Session, note_id: int, *, accepted: bool, answer: str) -> ChallengeNote:
    """The owner's decision on a received note: accepted into the improvement plan or not, and why."""
    note = session.get(ChallengeNote, note_id)
    if note is None or note.direction != "received":
        raise ChallengeError(f"There is no challenge note {note_id} received from a peer.")
    note.accepted = accepted
    note.answer = answer.strip()
    note.answered_at = utcnow()
    session.add(note)
    session.flush()
    return note
