"""The improvement plan as a PDF for the DCS and the lead member: a RAG summary, overdue actions
first, then every action by ILACS area (Ofsted ILACS judgement areas), red before amber before
green, with owner, due date, status and the latest progress note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.reports.base import RAG, ReportDocument
from desktop_app.reports.pdf_tables import LONG_ANSWER_CHARS
from forms.answer_words import people_date

if TYPE_CHECKING:
    from desktop_app.store.repositories.plan import PlanActionRow

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "—"}
# Column widths in points, for A4 portrait with 20 mm margins (482 pt usable).
COLUMNS = [54, 152, 66, 52, 52, 106]


def _order(row: PlanActionRow) -> tuple[bool, int, date, int]:
    return (not row.overdue, RAG_ORDER[row.rag.value], row.due, row.id)


def _latest(row: PlanActionRow) -> str:
    if row.status_reason:
        return f"Dropped because: {row.status_reason}"
    latest = row.latest_progress
    if latest is None:
        return "No progress noted yet"
    return f"{people_date(latest.when, short=True)}, {latest.author}: {latest.text}"


def _table(report: ReportDocument, rows: Sequence[PlanActionRow]) -> None:
    """The actions as a table; an action or progress note longer than ``LONG_ANSWER_CHARS`` is
    written out in full below the table (a table row taller than pages would be re-measured at
    every page), with the table saying so."""
    data: list[list[str]] = [["RAG", "Action (why)", "Owner", "Due", "Status", "Latest progress"]]
    colours = {}
    written_below: list[tuple[str, str]] = []

    def cell(row: PlanActionRow, part: str, value: str) -> str:
        if len(value) <= LONG_ANSWER_CHARS:
            return value
        written_below.append((f"Action {row.id}: {part}", value))
        return f"Action {row.id}: written out below the table."

    for index, row in enumerate(sorted(rows, key=_order), start=1):
        data.append(
            [
                "Overdue" if row.overdue else RAG_WORDS[row.rag.value],
                cell(row, "the action", f"{row.what}" + (f" ({row.why})" if row.why else "")),
                cell(row, "owner", row.owner),
                people_date(row.due, short=True),
                row.status.label,
                cell(row, "latest progress", _latest(row)),
            ]
        )
        if row.rag.value in RAG:
            colours[(0, index)] = RAG[row.rag.value]
    report.table(data, col_widths=COLUMNS, cell_colours=colours)
    for label, value in written_below:
        report.heading(label, 3)
        for part in value.split("\n\n"):
            report.paragraph(part)


def write_plan_pdf(rows: Sequence[PlanActionRow], out: Path, *, council: str, today: date) -> Path:
    """Write the plan's ``rows`` to ``out`` (A4 PDF, written atomically). ``today`` is the date
    the RAG ratings were worked out on, printed as "as at"."""
    from desktop_app.store.repositories.plan import ILACS_AREAS

    report = ReportDocument(
        out, title="Improvement plan", council=council, status=f"As at {people_date(today)}"
    )
    report.heading(f"Improvement plan, as at {people_date(today)}")
    counts = {rag: sum(1 for row in rows if row.rag.value == rag) for rag in RAG_ORDER}
    overdue = [row for row in rows if row.overdue]
    done = sum(1 for row in rows if row.status.value == "done")
    report.paragraph(
        f"{len(rows)} actions: {counts['red']} red, {counts['amber']} amber, {counts['green']} "
        f"green; {done} done; {len(overdue)} overdue. RAG is set by the due date: open actions "
        "past their date are red; at risk, or not started within four weeks of the date, amber."
    )
    report.heading("Overdue actions", 2)
    if overdue:
        _table(report, overdue)
    else:
        report.paragraph("No action is past its due date.", "Small")
    areas = [*ILACS_AREAS, ""]
    for area in areas:
        in_area = [row for row in rows if row.area == area]
        if not in_area:
            continue
        report.heading(ILACS_AREAS.get(area, "Not linked to an ILACS area"), 2)
        _table(report, in_area)
    if not rows:
        report.paragraph("The plan has no actions yet.", "Small")
    return report.build()
