"""The visit report: escalations first, then the summary, findings, moderation, themes, action plan.

A child at risk now is never on page two: every escalated audit is on the first page, in red.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reportlab.lib.units import mm

from desktop_app.progress import NoProgress, ProgressSink
from desktop_app.reports.base import ReportDocument, grade_colour
from desktop_app.store.database import Database
from desktop_app.store.models import Organisation, Visit
from desktop_app.store.repositories.findings import (
    VisitFindings,
    sqlite_connection,
    visit_actions,
    visit_findings,
)
from desktop_app.store.repositories.listing import VISIT_KINDS
from desktop_app.store.repositories.team import auditors_not_returned
from desktop_app.store.repositories.visits import TeamMember, team_of

STATUS_WORDS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "moderation": "In moderation",
    "complete": "Final",
}


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def kappa_text(value: float | None) -> str:
    return "not defined (too few or identical grades)" if value is None else f"{value:.2f}"


def write_visit_report(
    database: Database, visit_id: int, out: Path, progress: ProgressSink | None = None
) -> Path:
    """Write the PDF report of one visit; LookupError if there is no such visit."""
    progress = progress or NoProgress()
    with database.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise LookupError(f"visit {visit_id}")
        host = session.get(Organisation, visit.host_organisation_id)
        team = team_of(session, visit_id)
        not_returned = auditors_not_returned(session, visit_id)
        connection = sqlite_connection(session)
        progress.report(0, 5, "Reading the audits…")
        found = visit_findings(connection, visit_id)
        actions = visit_actions(connection, visit_id, found.frame)
        escalations = _escalations(connection, visit_id, found)
        audits = connection.execute(
            "SELECT id, case_reference, auditor, status FROM audit WHERE visit_id = ? "
            "ORDER BY escalated DESC, id",
            (visit_id,),
        ).fetchall()
    progress.report(1, 5, "Writing the findings…")
    document = ReportDocument(
        out,
        title=visit.title,
        council=host.name if host else "",
        status=STATUS_WORDS.get(visit.status, visit.status),
        draft=visit.status != "complete",
    )
    kind = VISIT_KINDS.get(visit.kind, visit.kind)
    document.heading(visit.title)
    dates = " to ".join(
        sorted({day.strftime("%d %B %Y") for day in (visit.start_date, visit.end_date) if day})
    )
    document.paragraph(
        f"{kind} · {host.name if host else ''} · {dates or 'dates not set'}", "Small"
    )
    _first_page(document, visit, found, escalations, team, not_returned)
    document.page_break()
    document.contents()
    progress.report(2, 5, "Charts and tables…")
    _findings_pages(document, found)
    _moderation_page(document, found)
    _themes_page(document, found)
    document.heading("Action plan")
    if actions:
        document.table(
            [["Case", "What", "Owner", "Due", "Status"]]
            + [
                [a.case_reference, a.what, a.owner, a.due_text, a.status.capitalize()]
                for a in actions
            ],
            col_widths=[24 * mm, 70 * mm, 34 * mm, 23 * mm, 18 * mm],
        )
    else:
        document.paragraph("No actions have been recorded in the audits yet.")
    document.heading("Audits", 1)
    overall = {fact.audit_id: fact for fact in found.facts}
    rows = [["Case", "Auditor", "Status", "Cohort", "Team", "Overall grade"]]
    for audit_id, reference, auditor, status in audits:
        fact = overall.get(int(audit_id))
        rows.append(
            [
                str(reference),
                str(auditor),
                str(status).replace("_", " ").capitalize(),
                (fact.cohort or "") if fact else "",
                (fact.team or "") if fact else "",
                found.frame.grade_label(fact.final_overall) if fact else "",
            ]
        )
    document.table(rows, col_widths=[22 * mm, 38 * mm, 22 * mm, 28 * mm, 32 * mm, 28 * mm])
    progress.report(3, 5, "Laying out the pages…")
    return document.build(progress)


def _escalations(
    connection: sqlite3.Connection, visit_id: int, found: VisitFindings
) -> list[list[str]]:
    reason_ids = sorted(
        {
            question.id
            for definition in found.frame.definitions
            for question in definition.questions_with_role("escalation_reason")
        }
    )
    marks = ",".join("?" * len(reason_ids)) or "NULL"
    rows = connection.execute(
        "SELECT a.id, a.case_reference, a.auditor, an.value FROM audit a "
        f"LEFT JOIN answer an ON an.record_id = a.record_id AND an.question_id IN ({marks}) "
        "WHERE a.visit_id = ? AND a.escalated ORDER BY a.id",
        (*reason_ids, visit_id),
    )
    return [
        [str(reference), str(auditor), json.loads(value) if value else "No reason recorded yet."]
        for _id, reference, auditor, value in rows
    ]


def _first_page(
    document: ReportDocument,
    visit: Visit,
    found: VisitFindings,
    escalations: list[list[str]],
    team: list[TeamMember],
    not_returned: list[str] | None = None,
) -> None:
    if not_returned:
        document.alert(
            f"Audits not yet returned by {', '.join(not_returned)}: this report covers only the "
            "audits merged so far."
        )
    if escalations:
        document.alert(
            f"{len(escalations)} child(ren) at risk now: escalated by the auditor during the visit."
        )
        document.table(
            [["Case", "Auditor", "The risk and what was done"], *escalations],
            col_widths=[24 * mm, 36 * mm, 110 * mm],
        )
    elif not_returned:
        document.paragraph(
            "No audit merged so far found a child at risk now; the missing returns may.", "Body"
        )
    else:
        document.paragraph("No audit of this visit found a child at risk now.", "Body")
    findings = found.findings
    members = "; ".join(
        f"{member.name} ({member.role}, {member.organisation})"
        if member.organisation
        else f"{member.name} ({member.role})"
        for member in team
    )
    complete = sum(1 for fact in found.facts if fact.final_overall is not None)
    document.heading("Summary", 2)
    document.table(
        [
            ["Lead", visit.lead_name or "–"],
            ["Team", members or "–"],
            ["Key line of enquiry", visit.line_of_enquiry or "–"],
            ["Audits", f"{findings.n_audits} ({complete} with an overall grade)"],
            ["Good or better overall", percent(findings.overall.percent_good_or_better)],
            ["Moderated", f"{found.moderated_audits} ({percent(found.percent_moderated)})"],
            ["Exact agreement", percent(_exact(found))],
            ["Weighted kappa (quadratic)", kappa_text(found.agreement.kappa)],
            [
                "Sample",
                f"{visit.sample_size} cases, seed {visit.sample_seed}"
                + (f", stratified by {visit.sample_by}" if visit.sample_by else "")
                if visit.sample_seed is not None
                else "chosen by hand",
            ],
        ],
        col_widths=[50 * mm, 120 * mm],
        header=False,
    )


def _exact(found: VisitFindings) -> float | None:
    exact = found.agreement.exact
    return None if exact is None else exact * 100


def _findings_pages(document: ReportDocument, found: VisitFindings) -> None:
    frame = found.frame
    findings = found.findings
    document.heading("Findings")
    titles = [frame.sections[sid] for sid in findings.sections]
    values = [findings.sections[sid].percent_good_or_better or 0.0 for sid in findings.sections]
    document.bar_chart(
        [*titles, "Overall"],
        {"% good or better": [*values, findings.overall.percent_good_or_better or 0.0]},
        title="% of audits graded good or better, by area of practice",
        value_max=100,
    )
    order = frame.order
    labels = [frame.grade_label(grade) for grade in reversed(order)]
    header = ["Area", *labels, "Not graded", "% good+"]
    rows: list[list[str]] = [header]
    colours = {}
    scale = frame.scale
    for index, grade in enumerate(reversed(order), start=1):
        value = scale.value(grade) if scale else None
        colours[(index, 0)] = grade_colour(value.colour if value else None)
    sections = [(frame.sections[sid], item) for sid, item in findings.sections.items()]
    for title, item in [*sections, ("Overall", findings.overall)]:
        rows.append(
            [
                title,
                *[str(item.distribution.get(grade, 0)) for grade in reversed(order)],
                str(item.missing),
                percent(item.percent_good_or_better),
            ]
        )
    document.heading("Grades by area", 2)
    width = 104 / max(1, len(order) + 1)
    document.table(
        rows,
        col_widths=[48 * mm, *([width * mm] * (len(order) + 1)), 18 * mm],
        cell_colours=colours,
    )
    for name, groups in (("cohort", findings.by_cohort), ("team", findings.by_team)):
        document.heading(f"By {name}", 2)
        document.table(
            [[name.capitalize(), "Audits", "Graded", "Good or better", "% good+"]]
            + [
                [
                    group,
                    str(item.audits),
                    str(item.graded),
                    str(item.good_or_better),
                    percent(item.percent_good_or_better),
                ]
                for group, item in groups.items()
            ],
            col_widths=[60 * mm, 22 * mm, 22 * mm, 30 * mm, 22 * mm],
        )


def _moderation_page(document: ReportDocument, found: VisitFindings) -> None:
    agreement = found.agreement
    frame = found.frame
    document.heading("Moderation")
    document.paragraph(
        f"{found.moderated_audits} of {found.findings.n_audits} audits were moderated "
        f"({percent(found.percent_moderated)}). On the overall grade the moderator agreed exactly "
        f"in {percent(_exact(found))} of {agreement.n} pairs; Cohen's weighted kappa (quadratic) "
        f"is {kappa_text(agreement.kappa)}. The moderator's grade is the one counted in the findings."
    )
    if agreement.shifts:
        document.table(
            [["Auditor's grade", "Moderator's grade", "Audits"]]
            + [
                [frame.grade_label(first), frame.grade_label(second), str(count)]
                for (first, second), count in agreement.shifts.items()
            ],
            col_widths=[60 * mm, 60 * mm, 20 * mm],
        )
        document.paragraph(
            f"Grades moved up {agreement.up} time(s) and down {agreement.down} time(s).", "Small"
        )


def _themes_page(document: ReportDocument, found: VisitFindings) -> None:
    document.heading("Themes")
    for title, themes in (
        ("Strengths", found.findings.strength_themes),
        ("Areas for development", found.findings.development_themes),
    ):
        document.heading(title, 2)
        if themes:
            document.table(
                [["Theme", "Audits"], *[[name, str(count)] for name, count in themes]],
                col_widths=[100 * mm, 25 * mm],
            )
        else:
            document.paragraph("None tagged by the auditors.")
