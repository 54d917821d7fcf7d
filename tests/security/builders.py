"""Small signed bundles for the security tests, made directly (no sending home needed)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session

from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.sshsig import fingerprint, public_key_line
from desktop_app.store.repositories.exchange import trust_key
from forms import load_template_text

OXTOWN = "Oxtown Borough Council"
MUNBRIDGE = "Munbridge City Council"
TEMPLATE = """
id: tiny-form
version: 1
title: Tiny form
scales: [ofsted4]
sections:
  - id: one
    title: One
    questions:
      - id: name
        type: text
        label: Name
"""
ATTACHMENT = b"%PDF-1.4 evidence\n"
ATTACHMENT_SHA256 = hashlib.sha256(ATTACHMENT).hexdigest()


def document(organisation: str = OXTOWN, records: int = 1, **extra: Any) -> dict[str, Any]:
    """A bundle.json with `records` self-assessments of the tiny form and one attachment."""
    record = {
        "title": "Self-assessment 2026-27",
        "period": "2026-27",
        "organisation": organisation,
        "definition": "d1",
        "answers": {"name": "answered"},
    }
    return {
        "format": "critical-friend-bundle",
        "format_version": 1,
        "bundle_type": "self-assessment",
        "organisation": {"name": organisation},
        "definitions": {"d1": load_template_text(TEMPLATE, "tiny.yaml").to_snapshot()},
        "assessments": [copy.deepcopy(record) for _ in range(records)],
        "visits": [],
        "attachments": [
            {
                "name": "evidence.pdf",
                "sha256": ATTACHMENT_SHA256,
                "path": f"data/attachments/{ATTACHMENT_SHA256}",
                "mime": "application/pdf",
            }
        ],
        "data_profile": [],
        **extra,
    }


def signed_bundle(
    out: Path,
    key: Ed25519PrivateKey,
    *,
    comment: str = f"Fiona Grant, {OXTOWN}",
    source: str = OXTOWN,
    content: dict[str, Any] | None = None,
    bundle_type: str = "self-assessment",
    sequence: int | None = None,
    in_response_to: str | None = None,
    extra_payload: list[PayloadItem] | None = None,
) -> Path:
    """Write a signed bundle to `out` and return it."""
    bag_info = {"Source-Organization": source, "Bundle-Type": bundle_type}
    if sequence is not None:
        bag_info["Bundle-Sequence"] = str(sequence)
    if in_response_to is not None:
        bag_info["In-Response-To"] = in_response_to
    write_bundle(
        out,
        name="tiny-bundle",
        bag_info=bag_info,
        payload=[
            PayloadItem("data/bundle.json", json.dumps(content or document()).encode()),
            PayloadItem(f"data/attachments/{ATTACHMENT_SHA256}", ATTACHMENT),
            *(extra_payload or []),
        ],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), comment),
    )
    return out


def trust(session: Session, key: Ed25519PrivateKey, organisation: str = OXTOWN) -> None:
    """Put `key` in the trust store for `organisation`."""
    comment = f"Fiona Grant, {organisation}"
    trust_key(
        session,
        public_line=public_key_line(key.public_key(), comment),
        fingerprint=fingerprint(key.public_key()),
        organisation=organisation,
        comment=comment,
    )
