"""The audits export: one row per audit, one column per question id (CSV or XLSX).

The columns are the union across every template version the visit's audits were made with,
keyed by id (never by position), so an answer always lands under its own question. Repeats
(actions) are flattened into readable text. The file is written whole or not at all.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.app.context import AppContext
from desktop_app.errors import UserError

if TYPE_CHECKING:
    from desktop_app.progress import ProgressSink

EXPORT_FORMATS = ("csv", "xlsx")


def export_audits(
    ctx: AppContext, visit_id: int, fmt: str, out: Path, progress: ProgressSink | None = None
) -> int:
    """Writes the visit's audits to ``out`` (``fmt`` "csv" or "xlsx"); returns how many.

    Opens its own read-only connection, so it may run on a worker thread. Raises ``UserError``
    for an unknown visit or format, or a file that cannot be written (nothing is left behind).
    """
    from desktop_app.store.schema import connect_read_only

    if fmt not in EXPORT_FORMATS:
        raise UserError("Say --format csv or --format xlsx (or name the file .csv or .xlsx).")
    connection = connect_read_only(ctx.home.database)
    try:
        if connection.execute("SELECT 1 FROM visit WHERE id = ?", (visit_id,)).fetchone() is None:
            raise UserError(f"There is no visit {visit_id}; run 'critical-friend list visits'.")
        try:
            return write_audit_export(connection, visit_id, fmt, out, progress)
        except OSError as exc:
            raise UserError(
                f"Could not write {out} ({exc.strerror or exc}); choose another place."
            ) from exc
    finally:
        connection.close()


# The export table ------------------------------------------------------------------------------

BASE_COLUMNS = (
    "audit.id",
    "audit.case_reference",
    "audit.auditor",
    "audit.status",
    "audit.escalated",
    "audit.form_version",
)


def audit_export_table(
    connection: sqlite3.Connection, visit_id: int
) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(columns, rows, question key) for a visit: one row per audit, a column per question id,
    then the moderator's grade and rationale for each grade."""
    import json

    from desktop_app.store.repositories.findings import visit_frame
    from forms.answer_words import all_scales, answer_text, question_index

    frame = visit_frame(connection, visit_id)
    questions, sections, versions = question_index(frame.definitions)
    grade_ids = [qid for qid, question in questions.items() if question.type == "grade"]
    moderation_columns = [
        f"{qid}.{part}" for qid in grade_ids for part in ("moderated", "rationale")
    ]
    columns = [*BASE_COLUMNS, *questions, *moderation_columns]
    key = [["column", "label", "section", "form versions"]]
    key += [[qid, q.label, sections[qid], versions[qid]] for qid, q in questions.items()]
    audits = connection.execute(
        "SELECT a.id, a.case_reference, a.auditor, a.status, a.escalated, fd.version "
        "FROM audit a JOIN record r ON r.id = a.record_id "
        "JOIN form_definition fd ON fd.id = r.definition_id WHERE a.visit_id = ? "
        "ORDER BY a.escalated DESC, a.id",
        (visit_id,),
    ).fetchall()
    values: dict[int, dict[str, str]] = {int(row[0]): {} for row in audits}
    answers = connection.execute(
        "SELECT a.id, an.question_id, an.value FROM audit a "
        "JOIN answer an ON an.record_id = a.record_id WHERE a.visit_id = ?",
        (visit_id,),
    )
    scales = all_scales(frame.definitions)
    for audit_id, question_id, text in answers:
        question = questions.get(question_id)
        if question is not None:
            values[int(audit_id)][question_id] = answer_text(
                scales, question, json.loads(text), machine=True
            )
    moderations = connection.execute(
        "SELECT m.audit_id, m.question_id, m.moderator_value, m.rationale FROM moderation m "
        "JOIN audit a ON a.id = m.audit_id WHERE a.visit_id = ? ORDER BY m.id",
        (visit_id,),
    )
    for audit_id, question_id, value, rationale in moderations:
        cells = values[int(audit_id)]
        cells[f"{question_id}.moderated"] = frame.grade_label(value) if value else "Not graded"
        cells[f"{question_id}.rationale"] = rationale or ""
    rows: list[list[str]] = []
    for audit_id, reference, auditor, status, escalated, version in audits:
        cells = values[int(audit_id)]
        base = [
            str(audit_id),
            reference,
            auditor,
            status,
            "yes" if escalated else "no",
            str(version),
        ]
        rows.append(base + [cells.get(column, "") for column in columns[len(BASE_COLUMNS) :]])
    return columns, rows, key


def write_audit_export(
    connection: sqlite3.Connection,
    visit_id: int,
    fmt: str,
    out: Path,
    progress: ProgressSink | None = None,
) -> int:
    """Write the export (CSV or XLSX) atomically; returns how many audits were written."""
    from desktop_app.progress import NoProgress

    progress = progress or NoProgress()
    progress.report(0, 3, "Reading the audits…")
    columns, rows, key = audit_export_table(connection, visit_id)
    progress.report(1, 3, f"Writing {len(rows)} audits…")
    with _atomic_file(out) as temp:
        if fmt == "csv":
            _write_csv(temp, columns, rows)
        else:
            _write_xlsx(temp, columns, rows, key, progress.report)
        progress.report(2, 3, "Saving the file…")
    progress.report(3, 3, "Done")
    return len(rows)


@contextmanager
def _atomic_file(out: Path) -> Iterator[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}-", dir=out.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def _write_xlsx(
    path: Path,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    key: Sequence[Sequence[str]],
    report: Callable[[int, int, str], None],
) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Audits")
    sheet.freeze_panes = "C2"
    sheet.append(list(columns))
    for index, row in enumerate(rows, start=1):
        sheet.append([_safe_cell(cell) for cell in row])
        if index % 200 == 0:
            report(1, 3, f"Writing audit {index} of {len(rows)}…")
    questions = workbook.create_sheet("Questions")
    for row in key:
        questions.append([_safe_cell(cell) for cell in row])
    workbook.save(path)


def _safe_cell(text: str) -> str:
    """Text stays text in Excel: a leading = + - @ would be read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
