"""Oxtown's signed reply to Midthorpe's challenge (demo): Midthorpe sends its two notes on
Oxtown's self-assessment; Oxtown accepts one into its improvement plan (with the action that
follows) and declines the other, saying why. Everything here is fictional."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from desktop_app.demo.trio import HOME_COUNCIL, OXTOWN, PEOPLE
from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.challenge_reply import REPLY_TYPE, reply_document
from desktop_app.exchange.import_bundle import import_bundle_in_session
from desktop_app.exchange.respond import response_document
from desktop_app.exchange.sshsig import public_key_line
from desktop_app.home import Home
from desktop_app.store.models import ChallengeNote, ImportedBundle
from desktop_app.store.repositories.attachments import file_sha256
from desktop_app.store.repositories.challenge import response_document_part
from desktop_app.store.repositories.exchange import next_bundle_sequence, record_export

# Oxtown's answers to Midthorpe's notes, by section: (accepted, answer, action or None).
OXTOWN_ANSWERS: dict[str, tuple[bool, str, dict[str, Any] | None]] = {
    "leaders": (
        True,
        "Accepted: a winter workforce plan, agreed with the regional agency protocol partners.",
        {
            "what": "Winter workforce plan: agency cap, retention payments, two ASYE cohorts",
            "owner": "Kwame Mensah",
            "status": "on_track",
            "status_label": "On track",
            "rag": "green",
            "progress": "Retention payments agreed by Cabinet; first ASYE cohort started.",
        },
    ),
    "help_protection": (
        False,
        "Not accepted as new work: the re-audit of neglect cases reported in September and its "
        "actions are already in our plan; we will share the summary before the visit.",
        None,
    ),
}


def _signed(folder: Path, name: str, document: dict[str, Any], bag: dict[str, str],
            key: Ed25519PrivateKey, signer: str) -> tuple[Path, Any]:  # fmt: skip
    out = folder / f"{name}.cfbundle"
    written = write_bundle(
        out,
        name=name,
        bag_info=bag,
        payload=[PayloadItem("data/bundle.json", json.dumps(document, indent=1).encode("utf-8"))],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), signer),
    )
    return out, written


def add_oxtown_reply(
    session: Session, home: Home, folder: Path, oxtown_key: Ed25519PrivateKey
) -> str:
    """Midthorpe's response on Oxtown's bundle (logged as sent) and Oxtown's reply, imported."""
    oxtown = session.exec(
        select(ImportedBundle).where(
            ImportedBundle.source_organisation == OXTOWN,
            col(ImportedBundle.bundle_type) == "self-assessment",
        )
    ).first()
    if oxtown is None or oxtown.id is None:
        return "- no reply to Midthorpe's challenge (no bundle from Oxtown)"
    lead = PEOPLE[HOME_COUNCIL][0][0]
    part = response_document_part(session, oxtown.id)
    response = response_document({"name": HOME_COUNCIL, "short_name": "Midthorpe"}, part)
    sequence = next_bundle_sequence(session)
    sent, written = _signed(
        folder,
        "midthorpe-response",
        response,
        {"Source-Organization": HOME_COUNCIL, "Bundle-Type": "response",
         "Bundle-Sequence": str(sequence), "In-Response-To": oxtown.tagmanifest_sha512},
        Ed25519PrivateKey.generate(),
        f"{lead}, {HOME_COUNCIL}",
    )  # fmt: skip
    record_export(
        session,
        bundle_type="response",
        what=f"challenge on {oxtown.title} ({len(part['challenge'])} notes)",
        recipients=OXTOWN,
        path=str(sent),
        file_sha256=file_sha256(sent),
        external_identifier=written.external_identifier,
        tagmanifest_sha512=written.sha512_of_tagmanifest,
        sequence=sequence,
    )
    answerer = f"{PEOPLE[OXTOWN][0][0]}, {OXTOWN}"
    when = datetime.now(UTC) - timedelta(days=3)
    answers: list[dict[str, Any]] = []
    notes = session.exec(
        select(ChallengeNote).where(
            ChallengeNote.bundle_id == oxtown.id, ChallengeNote.direction == "given"
        )
    ).all()
    for note in notes:
        decision = OXTOWN_ANSWERS.get(note.section_id)
        if decision is None:
            continue
        accepted, answer, action = decision
        answers.append(
            {
                "note_id": note.id,
                "section_id": note.section_id,
                "text": note.text,
                "accepted": accepted,
                "answer": answer,
                "answered_by": answerer,
                "answered_at": when.isoformat(timespec="seconds"),
                "action": None if action is None else _action(action, when),
                "history": [],
            }
        )
    document = reply_document(
        {"name": OXTOWN, "short_name": "Oxtown", "region": ""},
        {
            "tagmanifest_sha512": written.sha512_of_tagmanifest,
            "external_identifier": written.external_identifier,
            "organisation": HOME_COUNCIL,
            "title": oxtown.title,
            "challenged": oxtown.external_identifier,
        },
        answers,
    )
    reply, _written = _signed(
        folder,
        "oxtown-challenge-reply",
        document,
        {"Source-Organization": OXTOWN, "Bundle-Type": REPLY_TYPE, "Bundle-Sequence": "3",
         "In-Response-To": written.sha512_of_tagmanifest},
        oxtown_key,
        answerer,
    )  # fmt: skip
    import_bundle_in_session(session, home, reply)
    return f"- Oxtown's signed reply to Midthorpe's challenge ({len(answers)} notes answered)"


def _action(action: dict[str, Any], when: datetime) -> dict[str, Any]:
    return {
        "id": 4,
        "what": action["what"],
        "owner": action["owner"],
        "due": (date.today() + timedelta(days=120)).isoformat(),
        "status": action["status"],
        "status_label": action["status_label"],
        "rag": action["rag"],
        "latest_progress": {
            "when": when.date().isoformat(),
            "author": f"{action['owner']}, {OXTOWN}",
            "text": action["progress"],
        },
    }
