"""Signed self-assessment bundles from Oxtown and Munbridge, imported into Midthorpe's inbox.

Each peer signs with a key made fresh for the demo (used only to sign, never stored). Oxtown's
key is trusted, as if its fingerprint had been compared by phone; Munbridge's is not yet, so its
bundle shows as valid from an unknown signer. Everything runs in the demo's one transaction.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519
from sqlmodel import Session

from desktop_app.demo.challenge import add_challenge_exchange
from desktop_app.demo.plan_reply import add_oxtown_reply
from desktop_app.demo.trio import MUNBRIDGE, OXTOWN, PEOPLE, REGION
from desktop_app.exchange.bundle_document import self_assessment_document
from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.import_bundle import import_bundle_in_session
from desktop_app.exchange.sshsig import fingerprint, public_key_line
from desktop_app.home import Home
from desktop_app.store.repositories.exchange import trust_key
from forms import shipped_template

ORDER = 40
PERIOD = "2025-26"

AREA_TEXTS: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    # area: council -> (know, how we know, plans, strengths, development, self grade)
    "leaders": {
        OXTOWN: (
            "Leaders know the front door and child protection services well; grip on care "
            "leavers' services is newer and less sure.",
            "Monthly practice weeks, thematic audits of 60 cases a year, and the views of 180 "
            "children and young people collected by the participation team.",
            "Embed the new practice model, bring agency use below 15%, and re-audit neglect cases.",
            "A stable senior team, visible leaders, and a learning culture practitioners describe.",
            "Management oversight is uneven in the assessment teams.",
            "good",
        ),
        MUNBRIDGE: (
            "Leaders have a clear picture of pressures in children in care services after the "
            "peer review, but the impact of changes is still emerging.",
            "Performance clinics, case audits with practitioners, and a review of 40 placements "
            "that ended unexpectedly.",
            "Open two in-house children's homes and a sufficiency plan with neighbouring councils.",
            "Strong partnership with health and schools; a trusted Principal Social Worker.",
            "Too many placement moves for teenagers; recording of supervision is inconsistent.",
            "requires_improvement",
        ),
    },
    "help_protection": {
        OXTOWN: (
            "Most children at the front door get a timely, proportionate response.",
            "Audits show 78% of front door decisions good or better; re-referrals are falling.",
            "Extend the family help hubs to the two northern wards.",
            "Multi-agency triage with police and health in one room.",
            "Second child protection plans for neglect are above neighbours.",
            "good",
        ),
        MUNBRIDGE: (
            "Children in need of protection are identified and seen quickly.",
            "Strategy discussions are held within a working day in 92% of cases.",
            "Improve the quality of child protection plans so they say what must change.",
            "Timely initial conferences and good attendance by partners.",
            "Plans are long and generic; children's voices are not always heard in them.",
            "requires_improvement",
        ),
    },
}
GENERIC = (
    "We know this area through audits, performance data and what children tell us.",
    "Quarterly audits, the children in care council and the data profile.",
    "Keep the improvement plan on track and report progress to the trio.",
    "Committed practitioners who know their children well.",
    "Consistency of recording and of management oversight.",
    "good",
)


def _answers(council: str) -> dict[str, Any]:
    definition = shipped_template("self-assessment")
    answers: dict[str, Any] = {"period_covered": "April 2025 to March 2026"}
    for section in definition.sections:
        roles = {q.role: q.id for q in section.questions if q.role}
        know = [q.id for q in section.questions if q.type == "long_text" and not q.role]
        texts = AREA_TEXTS.get(section.id, {}).get(council, GENERIC)
        if "self_grade" not in roles:
            continue
        for question_id, text in zip(know, texts[:3], strict=False):
            answers[question_id] = text
        answers[roles["strengths"]] = texts[3]
        answers[roles["areas_for_development"]] = texts[4]
        answers[roles["self_grade"]] = texts[5]
    return answers


def _home_of(session: Session) -> Home | None:
    url = getattr(session.get_bind(), "url", None)
    if url is None or not url.database:
        return None
    return Home(Path(url.database).parent)


def _signed_bundle(folder: Path, council: str, key: Ed25519PrivateKey, signer: str) -> Path:
    definition = shipped_template("self-assessment")
    document = self_assessment_document(
        organisation={"name": council, "short_name": council.split()[0], "region": REGION},
        title=f"{council.split()[0]} self-assessment {PERIOD}",
        period=PERIOD,
        definition_snapshot=definition.to_snapshot(),
        answers=_answers(council),
        frozen_by=signer,
    )
    out = folder / f"{council.split()[0].lower()}.cfbundle"
    write_bundle(
        out,
        name=f"{council.split()[0].lower()}-self-assessment-{PERIOD}",
        bag_info={"Source-Organization": council, "Bundle-Type": "self-assessment"},
        payload=[PayloadItem("data/bundle.json", json.dumps(document, indent=1).encode("utf-8"))],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), f"{signer}, {council}"),
    )
    return out


def add(session: Session) -> str:
    home = _home_of(session)
    if home is None:
        return "- no peer bundles (the demo database has no home folder)"
    lines = []
    keys: dict[str, Ed25519PrivateKey] = {}
    with tempfile.TemporaryDirectory() as temp:
        for council, trusted in ((OXTOWN, True), (MUNBRIDGE, False)):
            signer = PEOPLE[council][0][0]
            key = keys[council] = Ed25519PrivateKey.generate()
            if trusted:
                trust_key(
                    session,
                    public_line=public_key_line(key.public_key(), f"{signer}, {council}"),
                    fingerprint=fingerprint(key.public_key()),
                    organisation=council,
                    comment=f"{signer}, {council}",
                    age_recipient=str(x25519.Identity.generate().to_public()),
                )
            bundle = _signed_bundle(Path(temp), council, key, signer)
            import_bundle_in_session(session, home, bundle, keep_untrusted=True)
            lines.append(f"{council} ({'trusted' if trusted else 'signer not yet trusted'})")
        exchange = add_challenge_exchange(session, home, Path(temp), keys[OXTOWN])
        exchange += "\n" + add_oxtown_reply(session, home, Path(temp), keys[OXTOWN])
    return "- signed self-assessment bundles from " + " and ".join(lines) + "\n" + exchange
