"""The closed vocabularies the window and the command line name (the ``StrEnum``s stored in the
database, defined in ``desktop_app.store.vocabulary``), so neither reaches into the store."""

from __future__ import annotations

from desktop_app.store.vocabulary import (
    AssessmentStatus,
    AuditStatus,
    BundleType,
    CaseSource,
    ConflictKind,
    KeyStatus,
    VisitStatus,
)

__all__ = [
    "AssessmentStatus",
    "AuditStatus",
    "BundleType",
    "CaseSource",
    "ConflictKind",
    "KeyStatus",
    "VisitStatus",
]
