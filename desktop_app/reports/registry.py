"""Every PDF report the app writes, by kind: one typed table instead of lookups by string.

Each writer is ``write_<kind>_report(database, id, out, progress=None) -> Path``; it writes the
PDF atomically and raises ``LookupError`` when there is nothing with that id. ReportLab is
imported only when a writer is asked for, so starting the app stays quick.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, assert_never

if TYPE_CHECKING:
    from desktop_app.progress import ProgressSink
    from desktop_app.store.database import Database


class ReportKind(StrEnum):
    """What a report is about; the value is the `report` command's option (``--visit ID``)."""

    ASSESSMENT = "assessment"
    VISIT = "visit"
    AUDIT = "audit"
    BUNDLE = "bundle"  # challenge feedback on an imported bundle


class ReportWriter(Protocol):
    def __call__(
        self, database: Database, record_id: int, out: Path, progress: ProgressSink | None = None, /
    ) -> Path: ...


def report_writer(kind: ReportKind) -> ReportWriter:
    """The writer for ``kind``; adding a kind makes mypy point here until it has one."""
    if kind is ReportKind.ASSESSMENT:
        from desktop_app.reports.assessment_report import write_assessment_report

        return write_assessment_report
    if kind is ReportKind.VISIT:
        from desktop_app.reports.visit_report import write_visit_report

        return write_visit_report
    if kind is ReportKind.AUDIT:
        from desktop_app.reports.audit_report import write_audit_report

        return write_audit_report
    if kind is ReportKind.BUNDLE:
        from desktop_app.reports.challenge_report import write_challenge_report

        return write_challenge_report
    assert_never(kind)
