"""Closed vocabularies stored in the database, as ``StrEnum``s (equal to their stored text).

Code compares with the members, never with bare strings; what to touch when adding one is in
"Adding a bundle type" in desktop_app/exchange/README.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never


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

    @property
    def label(self) -> str:
        """The words a person reads ("Ready for challenge")."""
        match self:
            case AssessmentStatus.DRAFT:
                return "Draft"
            case AssessmentStatus.READY:
                return "Ready for challenge"
            case AssessmentStatus.SHARED:
                return "Shared"
            case AssessmentStatus.CLOSED:
                return "Closed"
            case _:
                assert_never(self)


class VisitStatus(StrEnum):
    """A visit's (SAV, PCTR, monthly QA...) ``status``, in the order the work goes."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    MODERATION = "moderation"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """The words a person reads ("In progress")."""
        match self:
            case VisitStatus.PLANNED:
                return "Planned"
            case VisitStatus.IN_PROGRESS:
                return "In progress"
            case VisitStatus.MODERATION:
                return "Moderation"
            case VisitStatus.COMPLETE:
                return "Complete"
            case _:
                assert_never(self)


class AuditStatus(StrEnum):
    """A case audit's ``status``, worked out from its answers (``summarise_answers``)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    MODERATED = "moderated"

    @property
    def label(self) -> str:
        """The words a person reads ("Not started")."""
        match self:
            case AuditStatus.NOT_STARTED:
                return "Not started"
            case AuditStatus.IN_PROGRESS:
                return "In progress"
            case AuditStatus.COMPLETE:
                return "Complete"
            case AuditStatus.MODERATED:
                return "Moderated"
            case _:
                assert_never(self)

    @property
    def finished(self) -> bool:
        """True once every required answer is in (complete, or moderated since)."""
        match self:
            case AuditStatus.NOT_STARTED | AuditStatus.IN_PROGRESS:
                return False
            case AuditStatus.COMPLETE | AuditStatus.MODERATED:
                return True
            case _:
                assert_never(self)


class KeyStatus(StrEnum):
    """A peer council's key in the trust store: trusted, refused (a changed key presented
    while another was trusted for that council), or replaced (by the council's new key)."""

    TRUSTED = "trusted"
    REFUSED = "refused"
    REPLACED = "replaced"


class CaseSource(StrEnum):
    """How a case came onto a visit (``visit_case.source``): from the case list, drawn in the
    sample, added by hand, or swapped in for a removed case."""

    CASE_LIST = "case_list"
    SAMPLE = "sample"
    ADDED = "added"
    SWAPPED_IN = "swapped_in"

    @property
    def on_audit_list(self) -> bool:
        """True for the cases the visit audits (everything but the plain case list)."""
        match self:
            case CaseSource.CASE_LIST:
                return False
            case CaseSource.SAMPLE | CaseSource.ADDED | CaseSource.SWAPPED_IN:
                return True
            case _:
                assert_never(self)


class ConflictKind(StrEnum):
    """Why two states of an audit reached the lead (``audit_conflict.kind``)."""

    SAME_AUDIT = "same_audit"  # one audit changed on two laptops
    SAME_CASE = "same_case"  # one case audited by two people

    @property
    def words(self) -> str:
        """What happened, in the lead's words ("changed on two laptops")."""
        match self:
            case ConflictKind.SAME_AUDIT:
                return "changed on two laptops"
            case ConflictKind.SAME_CASE:
                return "audited by two people"
            case _:
                assert_never(self)


class TeamRole(StrEnum):
    """A person's part in a visit's team (``visit_member.role``; DOMAIN.md "Within a council").

    The lead (one per visit) assigns cases and merges returns; auditors are given cases when
    the lead splits the sample; a moderator second-reads grades and is given no cases.
    """

    LEAD = "lead"
    AUDITOR = "auditor"
    MODERATOR = "moderator"

    @classmethod
    def stored(cls, text: str) -> TeamRole:
        """The role a stored or typed text names (case and spaces ignored).

        Earlier versions also offered "observer", which nothing treated differently from a
        moderator (no cases, no lead's rights): such rows still load, as a moderator, without
        a migration. Raises ValueError for any other text.
        """
        cleaned = text.strip().casefold()
        if cleaned == "observer":
            return cls.MODERATOR
        return cls(cleaned)


class Keep(StrEnum):
    """How the lead resolves a conflict: keep the first state, the second, or both as two
    separate audits of the case (issue 11: "keep one, or keep both as separate audits").

    With "both" each audit keeps its owner and each auditor's later returns update their own
    audit; the case is still one child, so findings and reports count it once (see
    ``store.repositories.counted``: the holder's audit is counted, the other listed as "Cases
    audited twice"). The state not kept by "first"/"second" is archived whole.
    """

    FIRST = "first"
    SECOND = "second"
    BOTH = "both"
