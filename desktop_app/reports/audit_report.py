"""One filled audit as a PDF: the escalation (if any) first, then every section as answered,
each grade with the moderator's view beside it, and the actions."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm

from desktop_app.progress import NoProgress, ProgressSink
from desktop_app.reports.base import ReportDocument, grade_colour
from desktop_app.reports.pdf_tables import LONG_ANSWER_CHARS
from desktop_app.store.database import Database
from desktop_app.store.models import Audit, Organisation, Visit
from desktop_app.store.repositories.audits import (
    STATUS_LABELS,
    audit_owner,
    latest_moderations,
)
from desktop_app.store.repositories.records import record_definition, shared_answers
from forms.answer_words import answer_text


def write_audit_report(
    database: Database, audit_id: int, out: Path, progress: ProgressSink | None = None
) -> Path:
    """Write the PDF of one audit; LookupError if there is no such audit."""
    progress = progress or NoProgress()
    progress.report(0, 3, "Reading the audit…")
    with database.session() as session:
        audit = session.get(Audit, audit_id)
        if audit is None:
            raise LookupError(f"audit {audit_id}")
        visit = session.get(Visit, audit.visit_id)
        host = session.get(Organisation, visit.host_organisation_id) if visit else None
        definition = record_definition(session, audit.record_id)
        answers = shared_answers(session, audit.record_id)
        moderations = latest_moderations(session, audit_id)
    status = STATUS_LABELS.get(audit.status, audit.status)
    document = ReportDocument(
        out,
        title=f"Audit of case {audit.case_reference}",
        council=host.name if host else "",
        status=status,
        draft=audit.status not in ("complete", "moderated"),
    )
    document.heading(f"Audit of case {audit.case_reference}")
    document.paragraph(
        f"{visit.title if visit else ''} · {definition.title} (version {definition.version}) · "
        f"auditor {audit_owner(audit) or 'not recorded'} · {status}",
        "Small",
    )
    if audit.escalated:
        reasons = [
            answer_text(definition.scales, question, answers.get(question.id))
            for question in definition.questions_with_role("escalation_reason")
        ]
        document.alert(
            "Child at risk now: escalated by the auditor. " + " ".join(r for r in reasons if r)
        )
    progress.report(1, 3, "Writing the sections…")
    for section in definition.sections:
        document.heading(section.title, 2)
        rows: list[list[str]] = []
        long_answers: list[tuple[str, str]] = []
        colours = {}
        for question in section.questions:
            if question.type == "note":
                continue
            value = answer_text(definition.scales, question, answers.get(question.id))
            if question.relevant and not value:
                continue
            if len(value) > LONG_ANSWER_CHARS:
                long_answers.append((question.label or question.id, value))
                rows.append([question.label or question.id, "Written out below the table."])
                continue
            rows.append([question.label or question.id, value or "Not answered"])
            if question.type == "grade":
                scale = definition.scale_for(question)
                grade = scale.value(str(answers.get(question.id))) if scale else None
                if grade is not None:
                    colours[(1, len(rows) - 1)] = grade_colour(grade.colour).clone(alpha=0.25)
                moderation = moderations.get(question.id)
                if moderation is not None:
                    label = (
                        scale.label_of(moderation.moderator_value)
                        if scale and moderation.moderator_value
                        else moderation.moderator_value or "Not graded"
                    )
                    agreed = moderation.moderator_value == moderation.auditor_value
                    rows.append(
                        [
                            f"Moderator ({moderation.moderator})",
                            ("Agreed: " if agreed else "Changed to ")
                            + label
                            + (f". {moderation.rationale}" if moderation.rationale else ""),
                        ]
                    )
        document.table(rows, col_widths=[75 * mm, 95 * mm], header=False, cell_colours=colours)
        for label, value in long_answers:
            document.heading(label, 3)
            for part in value.split("\n\n"):
                document.paragraph(part)
    progress.report(2, 3, "Laying out the pages…")
    return document.build(progress)
