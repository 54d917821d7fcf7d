"""The council's reply to its peers' challenge (``Bundle-Type: challenge-reply``).

After answering a peer's signed response, the owner sends back, signed, each note's answer:
accepted into the improvement plan or not, why, and the plan action that follows (what, owner,
due, status, RAG and the latest progress note). ``In-Response-To`` is the SHA-512 of the
response's tag manifest, so the peer's laptop knows which of its own responses is answered; on
import there, each of its notes (matched by the note id it sent, ``peer_note_id``) shows the
answer. bundle.json (format 1) carries, besides the usual keys:
``"in_response_to": {"tagmanifest_sha512", "external_identifier", "organisation", "title",
"challenged": EXTERNAL-IDENTIFIER-OF-THE-SELF-ASSESSMENT-BUNDLE}``, and ``"answers": [{"note_id",
"section_id", "text", "accepted", "answer", "answered_by", "answered_at", "action": {...}|null,
"history": [{"when", "author", "accepted", "answer"}]}]``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from desktop_app.exchange.imported_content import ImportRefusedError
from desktop_app.store.models import ChallengeNote, ExportLog, ImportedBundle
from desktop_app.store.vocabulary import BundleType

REPLY_TYPE = BundleType.CHALLENGE_REPLY


def reply_document(
    organisation: dict[str, str], in_response_to: dict[str, Any], answers: list[dict[str, Any]]
) -> dict[str, Any]:
    """The bundle.json of a reply: who replies, which response it answers, and the answers
    (the same frame as a response's, ``respond.response_document``)."""
    from desktop_app.exchange.respond import response_document

    frame = response_document(organisation, {"in_response_to": in_response_to, "answers": answers})
    return {**frame, "bundle_type": REPLY_TYPE}


def store_reply_answers(session: Session, reply: ImportedBundle, document: dict[str, Any]) -> int:
    """On the peer's laptop: put each answer on the note it answers (one of our own notes, in
    the response this laptop sent). Returns how many notes were answered.

    Raises ImportRefusedError when the reply answers a response this laptop never sent."""
    answered = document.get("in_response_to")
    sent = None
    if isinstance(answered, dict) and isinstance(answered.get("tagmanifest_sha512"), str):
        sent = session.exec(
            select(ExportLog).where(ExportLog.tagmanifest_sha512 == answered["tagmanifest_sha512"])
        ).first()
    if sent is None or not isinstance(answered, dict):
        raise ImportRefusedError(
            "This reply answers a challenge response that was not sent from this laptop; "
            "open it on the laptop that sent the response.",
            "not-ours",
            "data/bundle.json",
        )
    challenged = str(answered.get("challenged") or "")
    count = 0
    for item in document.get("answers") or []:
        if not isinstance(item, dict) or not isinstance(item.get("note_id"), int):
            continue
        note = session.get(ChallengeNote, item["note_id"])
        if note is None or note.direction != "given" or note.target_identifier != challenged:
            continue
        accepted = item.get("accepted")
        note.accepted = accepted if isinstance(accepted, bool) else None
        note.answer = str(item.get("answer") or "")
        note.answered_by = str(item.get("answered_by") or reply.signer_comment)
        action = item.get("action")
        note.reply_action = (
            json.dumps(action, ensure_ascii=False) if isinstance(action, dict) else ""
        )
        note.reply_bundle_id = reply.id
        note.answered_at = _moment(item.get("answered_at"))
        session.add(note)
        count += 1
    title = str(answered.get("title") or "your challenge")
    reply.title = f"Reply to our challenge on {title}"  # who replied is in its own column
    session.add(reply)
    session.flush()
    return count


def _moment(value: object) -> datetime | None:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
