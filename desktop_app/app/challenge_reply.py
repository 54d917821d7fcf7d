"""The reply that closes the loop: the owner's answers to one peer's challenge, with the plan
actions that follow, as a signed ``challenge-reply`` bundle; and, on the peer's laptop, what
became of each of their notes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.app.context import AppContext
from desktop_app.errors import UserError

if TYPE_CHECKING:
    from desktop_app.exchange.export import PreparedExport


class ChallengeReplyError(UserError):
    """A reply cannot be made; the message says what to do."""


def prepare_reply(ctx: AppContext, bundle_id: int, today: date | None = None) -> PreparedExport:
    """Collect the answers to the notes received in response bundle ``bundle_id`` into a reply
    (nothing is written; ``commands.exchange_cmd.write_prepared`` or the window's export path
    signs, encrypts and logs it). Each answer carries its linked action's what, owner, due,
    status, RAG and latest progress note, and the answer's history.

    Raises ChallengeReplyError when the bundle is not a response, or no note is answered yet."""
    from sqlmodel import col, select

    from desktop_app.app.plan import PlanFilter, list_plan
    from desktop_app.exchange.challenge_reply import REPLY_TYPE, reply_document
    from desktop_app.exchange.export import ExportRequest, PreparedExport
    from desktop_app.exchange.personal_data import find_personal_data
    from desktop_app.store.models import ChallengeAnswerChange, ImportedBundle
    from desktop_app.store.repositories.challenge import RESPONSE_TYPE, notes_on_bundle
    from desktop_app.store.repositories.organisations import home_organisation

    actions = {row.id: row for row in list_plan(ctx, PlanFilter(today=today))}
    with ctx.database.session() as session:
        home = home_organisation(session)
        if home is None:
            raise ChallengeReplyError(
                "No home council is set, so a reply cannot say who it is from; set it first."
            )
        bundle = session.get(ImportedBundle, bundle_id)
        if bundle is None or bundle.bundle_type != RESPONSE_TYPE:
            raise ChallengeReplyError(
                f"Bundle {bundle_id} is not a peer's challenge response; see "
                "'critical-friend list bundles' (type response)."
            )
        notes = [n for n in notes_on_bundle(session, bundle_id) if n.direction == "received"]
        answered = [note for note in notes if note.accepted is not None]
        if not answered:
            raise ChallengeReplyError(
                f"None of the {len(notes)} notes in bundle {bundle_id} is answered yet; answer "
                "them with 'critical-friend challenge answer' first."
            )
        original = json.loads(bundle.document).get("in_response_to") or {}
        answers: list[dict[str, Any]] = []
        for note in answered:
            history = session.exec(
                select(ChallengeAnswerChange)
                .where(ChallengeAnswerChange.note_id == note.id)
                .order_by(col(ChallengeAnswerChange.id))
            )
            row = actions.get(note.action_id or -1)
            answers.append(
                {
                    "note_id": note.peer_note_id,
                    "section_id": note.section_id,
                    "text": note.text,
                    "accepted": note.accepted,
                    "answer": note.answer,
                    "answered_by": note.answered_by,
                    "answered_at": note.answered_at.isoformat(timespec="seconds")
                    if note.answered_at
                    else None,
                    "action": None if row is None else _action_json(row),
                    "history": [
                        {
                            "when": change.created_at.isoformat(timespec="seconds"),
                            "author": change.author,
                            "accepted": change.accepted,
                            "answer": change.answer,
                        }
                        for change in history
                    ],
                }
            )
        part = {
            "tagmanifest_sha512": bundle.tagmanifest_sha512,
            "external_identifier": bundle.external_identifier,
            "organisation": bundle.source_organisation,
            "title": str(original.get("title") or bundle.title),
            "challenged": str(original.get("external_identifier") or ""),
        }
        organisation = {"name": home.name, "short_name": home.short_name, "region": home.region}
        peer = bundle.source_organisation
        tagmanifest = bundle.tagmanifest_sha512
    document = reply_document(organisation, part, answers)
    accepted = sum(1 for item in answers if item["accepted"])
    return PreparedExport(
        request=ExportRequest(with_reports=False),
        document=document,
        attachment_files={},
        # The identifiers it answers are hashes and UUIDs, whose digits can look like an NHS
        # number by chance; they are not checked.
        findings=find_personal_data(document, skip_keys=("definitions", "in_response_to")),
        bundle_type=REPLY_TYPE,
        what=f"reply to {peer}'s challenge ({accepted} accepted, "
        f"{len(answers) - accepted} declined)",
        organisation=str(organisation["name"]),
        in_response_to=tagmanifest,
    )


def _action_json(row: Any) -> dict[str, Any]:
    latest = row.latest_progress
    return {
        "id": row.id,
        "what": row.what,
        "owner": row.owner,
        "due": row.due.isoformat(),
        "status": row.status.value,
        "status_label": row.status.label,
        "rag": row.rag.value,
        "latest_progress": None
        if latest is None
        else {"when": latest.when, "author": latest.author, "text": latest.text},
    }


@dataclass(frozen=True)
class ReplyToNote:
    """On the peer's laptop: what became of one of our notes (answered in a reply)."""

    note_id: int
    section_id: str
    text: str
    author: str
    accepted: bool | None
    answer: str
    answered_by: str
    action: dict[str, Any] | None

    @property
    def decision(self) -> str:
        """ "Accepted into the plan", "Declined" or "No answer yet"."""
        if self.accepted is None:
            return "No answer yet"
        return "Accepted into the plan" if self.accepted else "Declined"

    @property
    def action_line(self) -> str:
        """The action that follows, in one line ("" when none)."""
        if not self.action:
            return ""
        line = (
            f"{self.action.get('what', '')} · owner {self.action.get('owner', '')} · due "
            f"{self.action.get('due', '')} · {self.action.get('status_label', '')}"
        )
        latest = self.action.get("latest_progress")
        if isinstance(latest, dict) and latest.get("text"):
            line += f" · latest ({latest.get('when')}, {latest.get('author')}): {latest['text']}"
        return line


def replies_to_our_notes(ctx: AppContext, bundle_id: int) -> list[ReplyToNote]:
    """Our notes on bundle ``bundle_id`` (the peer's self-assessment, or the reply bundle itself)
    with the owner's answers, in section order."""
    from sqlmodel import col, or_, select

    from desktop_app.store.models import ChallengeNote

    with ctx.database.session() as session:
        notes = session.exec(
            select(ChallengeNote)
            .where(
                ChallengeNote.direction == "given",
                or_(
                    ChallengeNote.bundle_id == bundle_id, ChallengeNote.reply_bundle_id == bundle_id
                ),
            )
            .order_by(col(ChallengeNote.section_id), col(ChallengeNote.id))
        )
        return [
            ReplyToNote(
                note_id=int(note.id or 0),
                section_id=note.section_id,
                text=note.text,
                author=f"{note.author}, {note.organisation}" if note.organisation else note.author,
                accepted=note.accepted,
                answer=note.answer,
                answered_by=note.answered_by,
                action=json.loads(note.reply_action) if note.reply_action else None,
            )
            for note in notes
        ]
