"""The challenge feedback PDF: who challenged what, notes per section, lines of enquiry, summary."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.progress import ProgressSink
from desktop_app.reports.base import RAG, ReportDocument
from desktop_app.store.database import Database
from desktop_app.store.models import ChallengeNote, ImportedBundle
from desktop_app.store.repositories.challenge import (
    RESPONSE_TYPE,
    SUMMARY_SECTION,
    bundle_sections,
    notes_on_bundle,
    own_export_for,
)
from desktop_app.store.repositories.organisations import home_organisation

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "": "—"}


def _flags(note: ChallengeNote) -> str:
    flags = []
    if note.line_of_enquiry:
        flags.append("Line of enquiry")
    if note.needs_answer:
        flags.append("Needs an answer")
    return ", ".join(flags)


def _decision(note: ChallengeNote) -> str:
    if note.accepted is None:
        return "Not yet answered"
    verdict = "Accepted into the improvement plan" if note.accepted else "Not accepted"
    return f"{verdict}: {note.answer}" if note.answer else verdict


def write_challenge_report(
    database: Database, bundle_id: int, out: Path, progress: ProgressSink | None = None
) -> Path:
    with database.session() as session:
        bundle = session.get(ImportedBundle, bundle_id)
        if bundle is None:
            raise LookupError(bundle_id)
        notes = notes_on_bundle(session, bundle_id)
        home = home_organisation(session)
        document = json.loads(bundle.document)
        received = bundle.bundle_type == RESPONSE_TYPE
        if received:
            original = document.get("in_response_to") or {}
            export = own_export_for(session, bundle.in_response_to)
            about = str(original.get("title") or (export.what if export else "our bundle"))
            from_council, to_council = bundle.source_organisation, home.name if home else ""
        else:
            about = bundle.title
            from_council, to_council = (home.name if home else ""), bundle.source_organisation
    sections = {ref.id: ref.title for ref in bundle_sections(document)}
    summary = [n for n in notes if n.section_id == SUMMARY_SECTION]
    by_section = [n for n in notes if n.section_id != SUMMARY_SECTION]
    enquiries = [n for n in notes if n.line_of_enquiry]

    report = ReportDocument(
        out,
        title="Peer challenge feedback",
        council=to_council or from_council,
        status="Received challenge" if received else "Challenge given",
    )
    report.cover(
        f"From {from_council} to {to_council}, on {about}",
        [
            ("From", from_council),
            ("To", to_council),
            ("About", about),
            ("Notes", f"{len(notes)} ({len(enquiries)} lines of enquiry)"),
            ("Bundle", bundle.external_identifier),
        ],
    )
    report.heading("Summary")
    if summary:
        for note in summary:
            report.paragraph(note.text)
            report.paragraph(f"{note.author}, {note.organisation}", "Small")
    else:
        report.paragraph("The critical friend wrote no overall summary.", "Small")
    report.heading("Notes by section")
    if not by_section:
        report.paragraph("No notes on individual sections.", "Small")
    rows: list[list[str]] = [["Section", "Challenge", "RAG", "Kind"]]
    colours = {}
    for index, note in enumerate(by_section, start=1):
        rows.append(
            [
                sections.get(note.section_id, note.section_id),
                note.text,
                RAG_LABELS.get(note.rag, ""),
                _flags(note),
            ]
        )
        if note.rag in RAG:
            colours[(2, index)] = RAG[note.rag]
    if len(rows) > 1:
        report.table(rows, col_widths=[120, 230, 45, 75], cell_colours=colours)
    report.heading("Lines of enquiry for the visit")
    if enquiries:
        report.table(
            [["Section", "Line of enquiry"]]
            + [[sections.get(n.section_id, "Whole self-assessment"), n.text] for n in enquiries],
            col_widths=[140, 330],
        )
    else:
        report.paragraph("None proposed.", "Small")
    if received:
        report.heading("Our answers")
        report.table(
            [["Challenge", "Our answer"]] + [[n.text, _decision(n)] for n in notes],
            col_widths=[235, 235],
        )
    return report.build(progress)
