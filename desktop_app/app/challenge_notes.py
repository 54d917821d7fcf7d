"""Challenge notes as rows for ``challenge list`` and the screens: ours on a peer's bundle (with
the owner's answer when a reply came back) or the peers' notes on ours (with our answer and the
plan action it went into)."""

from __future__ import annotations

import json
from typing import Any

from desktop_app.app.context import AppContext


def challenge_note_rows(ctx: AppContext, bundle_id: int | None) -> list[dict[str, Any]]:
    """Every note received on our work (``bundle_id`` None), or the notes on bundle
    ``bundle_id``: a peer's bundle we challenged, a response we received, or a reply to our
    challenge. Each row has ``id``, ``bundle_id``, ``direction``, the note's fields, ``accepted``
    (None until answered), ``answer``, ``answered_by`` and ``action`` (None or an object with at
    least ``what``, ``owner``, ``due`` and ``status``); a received note also has
    ``signer_fingerprint`` and ``signer_trusted`` (the response's signing key, trusted now)."""
    from sqlmodel import col, or_, select

    from desktop_app.store.models import ChallengeNote, PlanAction
    from desktop_app.store.repositories.challenge import note_to_json, received_note_signer

    with ctx.database.session() as session:
        query = select(ChallengeNote)
        if bundle_id is None:
            query = query.where(ChallengeNote.direction == "received")
        else:
            query = query.where(
                or_(
                    ChallengeNote.bundle_id == bundle_id, ChallengeNote.reply_bundle_id == bundle_id
                )
            )
        notes = list(
            session.exec(query.order_by(col(ChallengeNote.section_id), col(ChallengeNote.id)))
        )
        rows: list[dict[str, Any]] = []
        for note in notes:
            action: dict[str, Any] | None = None
            if note.direction == "given" and note.reply_action:
                action = json.loads(note.reply_action)
            elif note.direction == "received" and note.action_id is not None:
                linked = session.get(PlanAction, note.action_id)
                if linked is not None:
                    action = {
                        "id": linked.id,
                        "what": linked.what,
                        "owner": linked.owner,
                        "due": linked.due.isoformat(),
                        "status": linked.status,
                    }
            rows.append(
                {
                    "bundle_id": note.bundle_id,
                    "direction": note.direction,
                    **note_to_json(note),
                    "accepted": note.accepted,
                    "answer": note.answer,
                    "answered_by": note.answered_by,
                    "action": action,
                    **(
                        received_note_signer(session, note.bundle_id)
                        if note.direction == "received"
                        else {}
                    ),
                }
            )
        return rows
