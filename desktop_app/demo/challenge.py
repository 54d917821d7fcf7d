"""The demo's peer challenge: Midthorpe shared its 2025-26 self-assessment with the trio; Oxtown
answered with a signed response of challenge notes, and Midthorpe has answered some of them.
Midthorpe's own critical-friend notes on Oxtown's bundle are started too.

Called by `demo/bundles.py`, which holds Oxtown's demo signing key for the length of the demo.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from desktop_app.demo.trio import HOME_COUNCIL, OXTOWN, PEOPLE
from desktop_app.exchange.bundle_document import BundleDocumentBuilder, DocumentOptions
from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.import_bundle import import_bundle_in_session
from desktop_app.exchange.pseudonyms import CasePseudonyms
from desktop_app.exchange.respond import response_document
from desktop_app.exchange.sshsig import public_key_line
from desktop_app.home import Home
from desktop_app.store.models import Assessment, ChallengeNote, ImportedBundle
from desktop_app.store.pending_files import part_name, pending_files
from desktop_app.store.repositories.attachments import file_sha256
from desktop_app.store.repositories.challenge import add_note, answer_note
from desktop_app.store.repositories.exchange import next_bundle_sequence, record_export

PERIOD = "2025-26"

# (section, text, rag, line of enquiry, needs an answer)
OXTOWN_NOTES: tuple[tuple[str, str, str, bool, bool], ...] = (
    (
        "",
        "A candid self-assessment that names its weaknesses. The picture of help and protection is "
        "well evidenced; the care leavers section leans on indicators more than on what young people say.",
        "",
        False,
        False,
    ),
    (
        "leaders",
        "You say reflective supervision is the weak link. How will leaders know, by the spring, "
        "that supervision has changed practice and not only the records?",
        "amber",
        True,
        True,
    ),
    (
        "help_protection",
        "Re-referrals are above statistical neighbours for two years running. What does "
        "your audit evidence say about step-down from child protection to child in need?",
        "amber",
        True,
        False,
    ),
    (
        "in_care",
        "Placement stability for teenagers is better than last year: well done. Is the sufficiency "
        "plan funded beyond March?",
        "green",
        False,
        True,
    ),
    (
        "care_leavers",
        "Which care leavers were asked about their accommodation, and what did they say? We "
        "would like to hear from the care leavers' forum during the visit.",
        "red",
        True,
        True,
    ),
)
MIDTHORPE_ANSWERS: dict[str, tuple[bool, str]] = {
    "leaders": (
        True,
        "Accepted: supervision file audits each quarter, with practitioners' own view of "
        "whether supervision helped them think about the child. Lead: AD Safeguarding.",
    ),
    "care_leavers": (
        True,
        "Accepted: the care leavers' forum will meet the peer team; the 18+ service "
        "will survey every care leaver in independent accommodation before the visit.",
    ),
    "in_care": (
        False,
        "Funding is agreed to March 2028 in the medium-term financial plan; no new "
        "action is needed.",
    ),
}
MIDTHORPE_NOTES_ON_OXTOWN: tuple[tuple[str, str, str, bool], ...] = (
    (
        "leaders",
        "Agency use is falling but still above the region. What is the plan if the market "
        "tightens again this winter?",
        "amber",
        True,
    ),
    (
        "help_protection",
        "Second child protection plans for neglect: what did your re-audit of neglect "
        "cases find about the quality of the first plan?",
        "amber",
        True,
    ),
)


def _ready_assessment(session: Session) -> Assessment | None:
    return session.exec(
        select(Assessment).where(Assessment.period == PERIOD, col(Assessment.status) == "ready")
    ).first()


def _share_midthorpe(session: Session, home: Home, assessment: Assessment) -> tuple[str, str, str]:
    """Midthorpe's earlier export of its frozen self-assessment: (tag manifest, identifier, title)."""
    assert assessment.id is not None
    builder = BundleDocumentBuilder(
        session,
        attachments_dir=home.attachments,
        pseudonyms=CasePseudonyms(b"demo"),
        options=DocumentOptions(),
    )
    builder.add_assessment(assessment.id)
    organisation = {"name": HOME_COUNCIL, "short_name": "Midthorpe", "region": ""}
    document = builder.document(bundle_type="self-assessment", organisation=organisation)
    key = Ed25519PrivateKey.generate()
    signer = PEOPLE[HOME_COUNCIL][0][0]
    out = home.bundles / f"midthorpe-self-assessment-{PERIOD}.cfbundle"
    out.parent.mkdir(parents=True, exist_ok=True)
    sequence = next_bundle_sequence(session)
    part = part_name(out)  # in place only when the demo's transaction commits
    pending_files(session).add(part, out)
    written = write_bundle(
        part,
        name=f"midthorpe-self-assessment-{PERIOD}",
        bag_info={
            "Source-Organization": HOME_COUNCIL,
            "Bundle-Type": "self-assessment",
            "Bundle-Sequence": str(sequence),
        },
        payload=[PayloadItem("data/bundle.json", json.dumps(document, indent=1).encode("utf-8"))],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), f"{signer}, {HOME_COUNCIL}"),
    )
    record_export(
        session,
        bundle_type="self-assessment",
        what=f"self-assessment {assessment.title}",
        recipients=OXTOWN,
        path=str(out),
        file_sha256=file_sha256(part),
        external_identifier=written.external_identifier,
        tagmanifest_sha512=written.sha512_of_tagmanifest,
        sequence=sequence,
    )
    return written.sha512_of_tagmanifest, written.external_identifier, assessment.title


def _oxtown_response(folder: Path, key: Ed25519PrivateKey, answered: tuple[str, str, str]) -> Path:
    tagmanifest, identifier, title = answered
    author = PEOPLE[OXTOWN][0][0]
    notes: list[dict[str, Any]] = [
        {
            "section_id": section,
            "text": text,
            "rag": rag,
            "line_of_enquiry": enquiry,
            "needs_answer": needs,
            "author": author,
            "organisation": OXTOWN,
            "created": "",
        }
        for section, text, rag, enquiry, needs in OXTOWN_NOTES
    ]
    part = {
        "in_response_to": {
            "tagmanifest_sha512": tagmanifest,
            "external_identifier": identifier,
            "title": title,
            "organisation": HOME_COUNCIL,
            "periods": [PERIOD],
        },
        "challenge": notes,
    }
    document = response_document({"name": OXTOWN, "short_name": "Oxtown", "region": ""}, part)
    out = folder / "oxtown-response.cfbundle"
    write_bundle(
        out,
        name=f"oxtown-response-{PERIOD}",
        bag_info={
            "Source-Organization": OXTOWN,
            "Bundle-Type": "response",
            "Bundle-Sequence": "2",
            "In-Response-To": tagmanifest,
        },
        payload=[PayloadItem("data/bundle.json", json.dumps(document, indent=1).encode("utf-8"))],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), f"{author}, {OXTOWN}"),
    )
    return out


def add_challenge_exchange(
    session: Session, home: Home, folder: Path, oxtown_key: Ed25519PrivateKey
) -> str:
    assessment = _ready_assessment(session)
    if assessment is None:
        return "- no challenge exchange (no self-assessment ready for challenge)"
    answered = _share_midthorpe(session, home, assessment)
    response = import_bundle_in_session(
        session, home, _oxtown_response(folder, oxtown_key, answered)
    )
    received = session.exec(
        select(ChallengeNote).where(ChallengeNote.bundle_id == response.bundle_id)
    ).all()
    for note in received:
        decision = MIDTHORPE_ANSWERS.get(note.section_id)
        if decision is not None and note.id is not None:
            answer_note(session, note.id, accepted=decision[0], answer=decision[1])
    oxtown_bundle = session.exec(
        select(ImportedBundle).where(
            ImportedBundle.source_organisation == OXTOWN, ImportedBundle.bundle_type != "response"
        )
    ).first()
    if oxtown_bundle is not None and oxtown_bundle.id is not None:
        reviewer = PEOPLE[HOME_COUNCIL][0][0]
        for section, text, rag, enquiry in MIDTHORPE_NOTES_ON_OXTOWN:
            add_note(
                session,
                oxtown_bundle.id,
                text,
                author=reviewer,
                organisation=HOME_COUNCIL,
                section_id=section,
                rag=rag,
                line_of_enquiry=enquiry,
            )
    return (
        f"- peer challenge: Oxtown's signed response with {len(received)} notes on Midthorpe's "
        f"{PERIOD} self-assessment ({len(MIDTHORPE_ANSWERS)} answered), and Midthorpe's first "
        f"{len(MIDTHORPE_NOTES_ON_OXTOWN)} notes on Oxtown's"
    )
