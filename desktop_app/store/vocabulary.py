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
