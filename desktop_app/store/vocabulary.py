"""Closed vocabularies stored in the database, as ``StrEnum``s (equal to their stored text).

Code compares with the members, never with bare strings; what to touch when adding one is in
"Adding a bundle type" in desktop_app/exchange/README.md.
"""

from __future__ import annotations

from enum import StrEnum


class BundleType(StrEnum):
    """What a signed bundle carries (``bundle_type`` in its document, bag-info and the
    imported_bundle table)."""

    SELF_ASSESSMENT = "self-assessment"
    SELF_ASSESSMENT_AND_VISITS = "self-assessment-and-visits"
    VISIT_FINDINGS = "visit-findings"
    RESPONSE = "response"  # our challenge notes on a peer's bundle, sent back
    CHALLENGE_REPLY = "challenge-reply"  # the council's answers to the challenge we sent back


class AssessmentStatus(StrEnum):
    """A self-assessment's ``status``: draft → ready (a snapshot is frozen for peers) → shared
    → closed (the answers become read-only)."""

    DRAFT = "draft"
    READY = "ready"
    SHARED = "shared"
    CLOSED = "closed"


class VisitStatus(StrEnum):
    """A visit's (SAV, PCTR, monthly QA...) ``status``, in the order the work goes."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    MODERATION = "moderation"
    COMPLETE = "complete"


class AuditStatus(StrEnum):
    """A case audit's ``status``, worked out from its answers (``summarise_answers``)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    MODERATED = "moderated"


class KeyStatus(StrEnum):
    """A peer council's key in the trust store: trusted, or refused (a changed key presented
    while another was trusted for that council)."""

    TRUSTED = "trusted"
    REFUSED = "refused"
