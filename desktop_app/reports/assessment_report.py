"""The self-assessment PDF: what goes to peers and the board, fit for a Director to sign.

A draft is reported from its current answers (with a DRAFT watermark); an assessment that is
ready for challenge, shared or closed is reported from its latest frozen snapshot, so the PDF
says exactly what peers were given. Sections are found by `kind` and questions by `role`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from desktop_app.errors import Cancelled
from desktop_app.profile_rating import RAG_LABELS, format_value
from desktop_app.progress import NoProgress, ProgressSink
from desktop_app.reports.base import NAVY, RAG, ReportDocument
from desktop_app.reports.fonts import BOLD
from desktop_app.reports.pdf_charts import text_shape, wrap_label
from desktop_app.store.database import Database
from desktop_app.store.models import Assessment, Organisation
from desktop_app.store.repositories.assessments import (
    STATUS_LABELS,
    EvidenceItem,
    assessment_answers,
    assessment_definition,
    display_answer,
    evidence_in,
    latest_snapshot,
    snapshot_content,
)
from desktop_app.store.repositories.data_profile import ProfileTable, profile_table
from desktop_app.store.repositories.records import carried_over_ids
from forms import FormDefinition, Section, relevant_answers
from forms.answer_words import answer_text_of, people_date

# Strengths and areas for development longer than this are set one after the other, not in
# two columns that would run over several pages side by side.
SIDE_BY_SIDE_CHARS = 900

GREY = colors.HexColor("#52667a")
LIGHT = colors.HexColor("#dde4ec")
COUNCIL_LINE = colors.HexColor("#1f6f8b")
ENGLAND_LINE = colors.HexColor("#9aa8b6")
NEIGHBOUR_LINE = colors.HexColor("#f0a202")


@dataclass
class _Content:
    assessment: Assessment
    council: str
    definition: FormDefinition
    answers: dict[str, Any]
    carried: set[str]
    frozen_note: str
    profile: ProfileTable


def _load(database: Database, assessment_id: int) -> _Content:
    with database.session() as session:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None:
            raise LookupError(f"there is no self-assessment {assessment_id}")
        organisation = session.get(Organisation, assessment.organisation_id)
        council = organisation.name if organisation is not None else ""
        snapshot = latest_snapshot(session, assessment_id) if assessment.status != "draft" else None
        if snapshot is not None:
            definition, answers = snapshot_content(session, snapshot)
            answers = relevant_answers(definition, answers)
            carried: set[str] = set()
            frozen = (
                f"Frozen {people_date(snapshot.created_at)} by {_person(session, snapshot.created_by)} "
                f"(fingerprint {snapshot.sha256[:12]})"
            )
        else:
            definition = assessment_definition(session, assessment)
            answers = relevant_answers(definition, assessment_answers(session, assessment))
            carried = carried_over_ids(session, assessment.record_id)
            frozen = "Not frozen: this is a working draft"
        table = profile_table(session, assessment.organisation_id)
        table.periods = [period for period in table.periods if period <= assessment.period]
        return _Content(assessment, council, definition, answers, carried, frozen, table)


def _person(session: Any, by: str) -> str:
    """Who did something, by name: a document never says "Me". The app's placeholder for an
    unnamed user is replaced by the user name set in this home, else "name not recorded"."""
    from desktop_app.store.repositories.settings import get_setting

    if by and by.strip().lower() not in ("me", "unknown"):
        return by
    named = get_setting(session, "current_user", "")
    return str(named) if named and str(named).strip().lower() != "me" else "name not recorded"


def write_assessment_report(
    database: Database, assessment_id: int, out: Path, progress: ProgressSink | None = None
) -> Path:
    """Write the self-assessment PDF to `out` (atomically) and return its path."""
    progress = progress or NoProgress()
    progress.report(0, 10, "Reading the self-assessment…")
    content = _load(database, assessment_id)
    assessment = content.assessment
    status = STATUS_LABELS.get(assessment.status, assessment.status)
    document = ReportDocument(
        out,
        title=f"Self-assessment {assessment.period}",
        council=content.council,
        status=status,
        draft=assessment.status == "draft",
    )
    _cover(document, content, status)
    document.contents()
    areas = [s for s in content.definition.sections if s.kind == "ilacs_area"]
    steps: list[Callable[[], None]] = [
        partial(_about, document, content),
        partial(_plan_progress, document, content),
        *(partial(_area, document, content, section) for section in areas),
        partial(_data_profile, document, content.profile),
        partial(_plans, document, content),
        partial(_evidence, document, evidence_in(content.definition, content.answers)),
        partial(_sign_off, document),
    ]
    for index, step in enumerate(steps, start=1):
        if progress.cancelled:
            raise Cancelled()
        step()
        progress.report(index, len(steps) + 4, "Writing the sections…")
    return document.build(_Scaled(progress, len(steps), len(steps) + 4))


class _Scaled:
    """Maps the document build's own 0..2 progress onto the end of the whole report's bar."""

    def __init__(self, outer: ProgressSink, start: int, total: int) -> None:
        self.outer, self.start, self.total = outer, start, total

    def report(self, done: int, total: int, text: str = "") -> None:
        self.outer.report(
            self.start + round(done * (self.total - self.start) / max(total, 1)), self.total, text
        )

    @property
    def cancelled(self) -> bool:
        return self.outer.cancelled


def _profile_section(definition: FormDefinition) -> Section | None:
    return next((s for s in definition.sections if s.kind == "profile"), None)


def _cover(document: ReportDocument, content: _Content, status: str) -> None:
    lines: list[tuple[str, str]] = [
        ("Council", content.council),
        ("Period", content.assessment.period),
    ]
    section = _profile_section(content.definition)
    if section is not None:
        for question in section.questions:
            shown = display_answer(
                content.definition, question.id, content.answers.get(question.id)
            )
            if question.type != "long_text" and shown:
                lines.append((question.label, shown))
    lines += [
        ("Status", status),
        ("Snapshot", content.frozen_note),
        ("Produced", people_date(date.today())),
    ]
    document.cover(
        "Self-evaluation of social work practice with children and families, against the "
        "Ofsted ILACS judgement areas",
        lines,
    )


def _answer(document: ReportDocument, content: _Content, question_id: str) -> None:
    value = display_answer(content.definition, question_id, content.answers.get(question_id))
    if not value:
        document.paragraph("Not answered yet.", "Small")
        return
    for part in value.split("\n\n"):
        document.paragraph(part)
    if question_id in content.carried:
        document.paragraph(
            "Carried over from last year's self-assessment; not yet reviewed.", "Small"
        )


def _about(document: ReportDocument, content: _Content) -> None:
    section = _profile_section(content.definition)
    document.heading("At a glance")
    if section is not None:
        for question in section.questions:
            if question.type == "long_text":
                document.heading(question.label, 3)
                _answer(document, content, question.id)
    rows: list[list[str]] = [["Judgement area", "Our own judgement"]]
    for area in (s for s in content.definition.sections if s.kind == "ilacs_area"):
        grade = next((q for q in area.questions if q.role == "self_grade"), None)
        shown = (
            ""
            if grade is None
            else display_answer(content.definition, grade.id, content.answers.get(grade.id))
        )
        rows.append([area.title, shown or "Not given"])
    document.heading("Our own judgements", 3)
    document.table(rows, col_widths=[120 * mm, 50 * mm])
    document.page_break()


def _plan_progress(document: ReportDocument, content: _Content) -> None:
    """ "Progress on last year's plan" (filled from the improvement plan), one paragraph per
    action; nothing for forms without that question (self-assessment version 1)."""
    if not content.definition.has_question("plan_progress"):
        return
    document.heading(content.definition.section_of("plan_progress").title)
    value = content.answers.get("plan_progress")
    if not isinstance(value, str) or not value.strip():
        document.paragraph("The improvement plan had no actions when this year began.", "Small")
        return
    for part in value.split("\n• "):
        document.paragraph(part.strip().removeprefix("• "))


def _area(document: ReportDocument, content: _Content, section: Section) -> None:
    document.heading(section.title)
    for question in section.questions:
        if question.role is None and question.type in ("long_text", "text"):
            document.heading(question.label, 3)
            _answer(document, content, question.id)
    strengths = next((q for q in section.questions if q.role == "strengths"), None)
    development = next((q for q in section.questions if q.role == "areas_for_development"), None)
    if strengths is not None or development is not None:
        cells = [
            display_answer(content.definition, q.id, content.answers.get(q.id))
            or "Not answered yet."
            if q is not None
            else ""
            for q in (strengths, development)
        ]
        if max(len(cell) for cell in cells) <= SIDE_BY_SIDE_CHARS:
            document.table(
                [["Strengths", "Areas for development"], cells], col_widths=[85 * mm, 85 * mm]
            )
        else:  # long answers read better one after the other, at full width
            for title, cell in zip(("Strengths", "Areas for development"), cells, strict=True):
                document.heading(title, 3)
                for part in cell.split("\n\n"):
                    document.paragraph(part)
    for question in section.questions:
        if question.role == "self_grade":
            shown = display_answer(
                content.definition, question.id, content.answers.get(question.id)
            )
            document.paragraph(f"<b>{question.label}:</b> {shown or 'not given'}", markup=True)
        elif question.role == "evidence":
            files = content.answers.get(question.id) or []
            names = ", ".join(str(item.get("name", "")) for item in files if isinstance(item, dict))
            if names:
                document.paragraph(f"Evidence: {names}", "Small")
    document.page_break()


def _data_profile(document: ReportDocument, table: ProfileTable) -> None:
    document.heading("Data profile")
    period = table.period_to_show()
    if period is None:
        document.paragraph("No indicator values have been entered for this council yet.")
        document.page_break()
        return
    document.paragraph(
        f"{period}, against our {_neighbours_phrase(table)}, the region and England. RAG compares "
        "us with statistical neighbours: green when better by more than 5%, amber within 5%, red "
        "when worse by more than 5%. Context measures (demand and rates per 10,000) are not rated. "
        f"The trend is over {len(table.periods)} years ({table.periods[0]} to {period})."
    )
    neighbours = (
        f"Neighbours ({table.neighbours_shown})" if table.neighbours_shown else "Neighbours"
    )
    rows: list[list[Any]] = [["Indicator", "Us", neighbours, "Region", "England", "RAG", "Trend"]]
    colours: dict[tuple[int, int], colors.Color] = {}
    charted = []
    for indicator in table.indicators:
        values = [
            table.value(indicator.id, period, series)
            for series in ("council", "neighbours", "region", "england")
        ]
        if all(value is None for value in values):
            continue
        rag = table.rating(indicator, period)
        trend = table.trend(indicator, period)
        rows.append(
            [
                indicator.title,
                *(format_value(v, indicator.unit) for v in values),
                _rag_cell(document, rag),
                "–" if trend is None else f"{trend.arrow} {trend.label}",
            ]
        )
        if rag is not None:
            colours[(5, len(rows) - 1)] = RAG[rag]
        charted.append(indicator)
    document.table(
        rows,
        col_widths=[56 * mm, 14 * mm, 22 * mm, 16 * mm, 17 * mm, 15 * mm, 30 * mm],
        cell_colours=colours,
    )
    document.heading("Trends", 2)
    document.paragraph(
        "Our value each year (blue) against statistical neighbours (amber) and England (grey).",
        "Small",
    )
    charts = [_trend_chart(table, indicator) for indicator in charted]
    grid = [charts[i : i + 3] for i in range(0, len(charts), 3)]
    grid[-1] += [""] * (3 - len(grid[-1]))
    chart_table = Table(grid, colWidths=[57 * mm] * 3, hAlign="LEFT")
    chart_table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    )
    document.flowable(chart_table)
    document.page_break()


def _neighbours_phrase(table: ProfileTable) -> str:
    """Which neighbours' figure the profile shows: the published median or mean, or, for values
    typed in by hand, the figure the council entered."""
    if table.neighbours_shown:
        return f"statistical neighbours' {table.neighbours_shown} (DfE published figures)"
    return "statistical neighbours' figure as entered"


def _rag_cell(document: ReportDocument, rag: str | None) -> Any:
    if rag is None:
        return "–"
    colour = "#1d2733" if rag == "amber" else "#ffffff"
    return Paragraph(
        f'<font color="{colour}"><b>{RAG_LABELS[rag]}</b></font>', document.styles["TableCell"]
    )


def _trend_chart(
    table: ProfileTable, indicator: Any, width: float = 55 * mm, height: float = 30 * mm
) -> Drawing:
    drawing = Drawing(width, height)
    # the indicator's name wrapped (never cut): up to three lines, smaller type for long names
    size = 6.5
    lines = wrap_label(indicator.title, width - 2, BOLD, size)
    while len(lines) > 3 and size > 4.5:
        size -= 0.5
        lines = wrap_label(indicator.title, width - 2, BOLD, size)
    for number, line in enumerate(lines):
        drawing.add(
            text_shape(0, height - 8 - number * (size + 1), line, font=BOLD, size=size, colour=NAVY)
        )
    series = {
        name: table.over_periods(indicator.id, name)
        for name in ("england", "neighbours", "council")
    }
    known = [v for values in series.values() for v in values if v is not None]
    left, bottom, plot_w = 4.0, 10.0, width - 26
    plot_h = height - 14 - len(lines) * (size + 1)
    drawing.add(
        Rect(left, bottom, plot_w, plot_h, fillColor=colors.HexColor("#f5f7fa"), strokeColor=None)
    )
    if not known:
        return drawing
    low, high = min(known), max(known)
    pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad
    count = max(len(table.periods) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return left + plot_w * index / count, bottom + plot_h * (value - low) / (high - low)

    for name, colour, stroke in (
        ("england", ENGLAND_LINE, 1),
        ("neighbours", NEIGHBOUR_LINE, 1),
        ("council", COUNCIL_LINE, 1.8),
    ):
        points = [point(i, v) for i, v in enumerate(series[name]) if v is not None]
        if len(points) > 1:
            drawing.add(
                PolyLine([c for p in points for c in p], strokeColor=colour, strokeWidth=stroke)
            )
    last = next((v for v in reversed(series["council"]) if v is not None), None)
    if last is not None:
        drawing.add(
            String(
                left + plot_w + 2,
                point(0, last)[1] - 2,
                format_value(last, indicator.unit),
                fontSize=6,
                fillColor=COUNCIL_LINE,
            )
        )
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=LIGHT, strokeWidth=0.5))
    drawing.add(String(left, 2, table.periods[0], fontSize=5.5, fillColor=GREY))
    drawing.add(
        String(left + plot_w, 2, table.periods[-1], fontSize=5.5, fillColor=GREY, textAnchor="end")
    )
    return drawing


def _repeat_rows(content: _Content, role: str) -> tuple[list[str], list[list[str]]]:
    for repeat in content.definition.questions_with_role(role):
        rows = content.answers.get(repeat.id) or []
        inner = [q for q in repeat.questions if q.is_answerable]
        body = [
            [display_answer_inner(content.definition, q, row.get(q.id)) for q in inner]
            for row in rows
            if isinstance(row, dict)
        ]
        return [q.label for q in inner], body
    return [], []


def display_answer_inner(definition: FormDefinition, question: Any, value: Any) -> str:
    """One cell of a repeat's table: the answer's words (see ``forms.answer_words``)."""
    return answer_text_of(definition, question, value)


def _plans(document: ReportDocument, content: _Content) -> None:
    document.heading("Priorities for the next 12 months")
    header, rows = _repeat_rows(content, "priorities")
    if rows:
        widths = [80 * mm, 40 * mm, 22 * mm, 28 * mm][: len(header)]
        document.table([header, *rows], col_widths=widths)
    else:
        document.paragraph("No priorities recorded yet.")
    document.heading("Key lines of enquiry for peer challenge")
    header, rows = _repeat_rows(content, "lines_of_enquiry")
    if not rows:
        document.paragraph("No lines of enquiry proposed yet.")
    for number, row in enumerate(rows, start=1):
        document.heading(f"{number}. {row[0]}", 3)
        for label, value in zip(header[1:], row[1:], strict=False):
            if value:
                document.paragraph(f"<b>{label}:</b> {_escape(value)}", markup=True)
    document.page_break()


def _escape(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value)


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size = size / 1024  # type: ignore[assignment]
    return str(size)


def _evidence(document: ReportDocument, items: Sequence[EvidenceItem]) -> None:
    document.heading("Evidence")
    if not items:
        document.paragraph("No evidence files are attached.")
        return
    document.paragraph(
        "Files attached to this self-assessment, held by the council and available to peers on request."
    )
    rows = [["File", "Area", "Type", "Size"]] + [
        [item.name, item.section_title, item.mime.split("/")[-1], _size(item.size)]
        for item in items
    ]
    document.table(rows, col_widths=[66 * mm, 64 * mm, 20 * mm, 20 * mm])


def _sign_off(document: ReportDocument) -> None:
    document.heading("Sign-off", 2)
    document.paragraph(
        "Agreed as the council's own account of the quality and impact of its practice."
    )
    rows = [["Role", "Name", "Signature", "Date"]] + [
        [role, "", "", ""]
        for role in (
            "Director of Children's Services",
            "Lead Member for Children's Services",
            "Chief Executive",
        )
    ]
    document.table(rows, col_widths=[55 * mm, 45 * mm, 45 * mm, 25 * mm])
