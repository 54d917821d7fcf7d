"""The audits of a visit as a spreadsheet (CSV or XLSX), streamed: one row per audit.

One column per question id: the union across every template version the visit's audits were
made with, keyed by id (never by position), so an answer always lands under its own question;
then the moderator's grade and rationale for each grade. Repeats (actions) are flattened into
readable text. Answers hidden by a later answer are left out (`forms.relevance.relevant_answers`).

Rows are read from SQLite and written one audit at a time (CSV with the `csv` module, XLSX with
openpyxl's write-only mode), so memory stays flat however many audits a visit has.
CSV cells that begin with a formula starter get a leading ``'`` (OWASP) and control characters
other than tab, line feed and carriage return are written as visible ``_xHHHH_`` escapes
(`audit_tool.spreadsheet_text.csv_text`); XLSX cells are text cells holding the text exactly as
typed (`desktop_app.reports.xlsx_cells`: the characters XML cannot hold are written as the
format's ``_xHHHH_`` escapes, which Excel, LibreOffice and calamine read back as typed; an answer
longer than Excel's 32,767-character cell limit continues in ``<question id> (part 2)``...
columns, which `audits import` joins back). The XLSX rows are read twice: once to size the
columns.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from audit_tool.spreadsheet_text import csv_text
from desktop_app.output_files import put_in_place
from desktop_app.progress import NoProgress, ProgressSink
from desktop_app.reports.xlsx_cells import text_cell, text_table
from desktop_app.store.audit_owner import OWNER_SQL
from desktop_app.store.repositories.findings import visit_frame
from desktop_app.store.repositories.records import answers_by_record, definition_from_text
from forms import FormDefinition, Question
from forms.answer_words import all_scales, answer_text, question_index
from forms.relevance import relevant_answers

ExportFormat = Literal["csv", "xlsx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")

BASE_COLUMNS = (
    "audit.id",
    "audit.case_reference",
    "audit.auditor",
    "audit.status",
    "audit.escalated",
    "audit.form_version",
)


@dataclass
class ExportLayout:
    """The columns of a visit's export and the "Questions" key (column, label, section, versions)."""

    columns: list[str]
    key: list[list[str]]
    questions: dict[str, Question]
    definitions: dict[int, FormDefinition]
    grade_label: Callable[[str | None], str]


def export_layout(connection: sqlite3.Connection, visit_id: int) -> ExportLayout:
    """The columns for `visit_id`'s audits: base columns, every question id, then for each
    grade its moderated grade and rationale."""
    frame = visit_frame(connection, visit_id)
    questions, sections, versions = question_index(frame.definitions)
    grade_ids = [qid for qid, question in questions.items() if question.type == "grade"]
    moderation = [f"{qid}.{part}" for qid in grade_ids for part in ("moderated", "rationale")]
    key = [["column", "label", "section", "form versions"]]
    key += [[qid, q.label, sections[qid], versions[qid]] for qid, q in questions.items()]
    definitions = {
        int(row[0]): definition_from_text(str(row[1]), str(row[2]))
        for row in connection.execute(
            "SELECT fd.id, fd.sha256, fd.snapshot FROM form_definition fd WHERE fd.id IN "
            "(SELECT DISTINCT r.definition_id FROM audit a JOIN record r ON r.id = a.record_id "
            "WHERE a.visit_id = ?)",
            (visit_id,),
        )
    }
    columns = [*BASE_COLUMNS, *questions, *moderation]
    return ExportLayout(columns, key, questions, definitions, frame.grade_label)


def export_rows(
    connection: sqlite3.Connection, visit_id: int, layout: ExportLayout
) -> Iterator[list[str]]:
    """One row of text per audit (escalated first, then by id), in `layout.columns` order,
    read as it goes."""
    frame_scales = all_scales(list(layout.definitions.values()))
    answer_columns = layout.columns[len(BASE_COLUMNS) :]
    audits = connection.execute(
        f"SELECT a.id, a.case_reference, {OWNER_SQL}, a.status, a.escalated, fd.version, fd.id, "
        "a.record_id FROM audit a JOIN record r ON r.id = a.record_id "
        "JOIN form_definition fd ON fd.id = r.definition_id WHERE a.visit_id = ? "
        "ORDER BY a.escalated DESC, a.id",
        (visit_id,),
    )
    while batch := audits.fetchmany(BATCH):
        answers_of = answers_by_record(connection, [int(row[7]) for row in batch])
        moderated = _moderated_of(connection, [int(row[0]) for row in batch], layout)
        for (
            audit_id,
            reference,
            auditor,
            status,
            escalated,
            version,
            definition_id,
            record,
        ) in batch:
            answers = answers_of.get(int(record), {})
            definition = layout.definitions.get(int(definition_id))
            if definition is not None:
                answers = relevant_answers(definition, answers)
            # each audit in the words of its own form's version (a choice a later version
            # removed keeps its label); the newest wording only names the column
            cells = {
                qid: (
                    answer_text(definition.scales, definition.question(qid), value, machine=True)
                    if definition is not None and definition.has_question(qid)
                    else answer_text(frame_scales, layout.questions[qid], value, machine=True)
                )
                for qid, value in answers.items()
                if qid in layout.questions
            }
            cells.update(moderated.get(int(audit_id), {}))
            yield [
                str(audit_id),
                str(reference or ""),
                str(auditor or ""),
                str(status or ""),
                "yes" if escalated else "no",
                str(version),
                *(cells.get(column, "") for column in answer_columns),
            ]


# Audits read together: their answers and moderations come in one query each (by the answer
# table's record index and the moderation table's audit index), so memory holds one batch.
BATCH = 500


def _moderated_of(
    connection: sqlite3.Connection, audit_ids: Sequence[int], layout: ExportLayout
) -> dict[int, dict[str, str]]:
    """The moderation cells (``{qid}.moderated``, ``{qid}.rationale``) of a batch of audits,
    the latest moderation of a grade winning."""
    moderated: dict[int, dict[str, str]] = {}
    marks = ",".join("?" * len(audit_ids))
    for audit_id, question_id, value, rationale in connection.execute(
        "SELECT audit_id, question_id, moderator_value, rationale FROM moderation "
        f"WHERE audit_id IN ({marks}) ORDER BY id",
        tuple(audit_ids),
    ):
        cells = moderated.setdefault(int(audit_id), {})
        cells[f"{question_id}.moderated"] = layout.grade_label(value) if value else "Not graded"
        cells[f"{question_id}.rationale"] = rationale or ""
    return moderated


def audit_count(connection: sqlite3.Connection, visit_id: int) -> int:
    """How many audits `visit_id` has."""
    row = connection.execute("SELECT COUNT(*) FROM audit WHERE visit_id = ?", (visit_id,))
    return int(row.fetchone()[0])


def write_audit_export(
    connection: sqlite3.Connection,
    visit_id: int,
    fmt: str,
    out: Path,
    progress: ProgressSink | None = None,
) -> int:
    """Write the export of `visit_id` as `fmt` ("csv" or "xlsx") to `out` atomically (a temp
    file renamed into place; removed on any error); returns how many audits were written.
    Raises OSError when the file cannot be written, ValueError for another format."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    progress = progress or NoProgress()
    progress.report(0, 3, "Reading the audits…")
    layout = export_layout(connection, visit_id)
    total = audit_count(connection, visit_id)
    progress.report(1, 3, f"Writing {total} audits…")
    with _atomic_file(out) as temp:
        if fmt == "csv":
            written = write_csv(temp, layout.columns, export_rows(connection, visit_id, layout))
        else:
            written = write_xlsx(
                temp,
                layout.columns,
                lambda: export_rows(connection, visit_id, layout),
                layout.key,
                total,
                progress.report,
            )
        progress.report(2, 3, "Saving the file…")
    progress.report(3, 3, "Done")
    return written


@contextmanager
def _atomic_file(out: Path) -> Iterator[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}-", dir=out.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        put_in_place(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_csv(path: Path, columns: Sequence[str], rows: Iterator[Sequence[str]]) -> int:
    """Write UTF-8 (with BOM, for Excel) CSV, control characters as visible escapes and formula
    starters neutralised (`csv_text`, which `audits import` reverses); returns the rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_text(column) for column in columns])
        for row in rows:
            writer.writerow([csv_text(cell) for cell in row])
            count += 1
    return count


def write_xlsx(
    path: Path,
    columns: Sequence[str],
    rows: Callable[[], Iterator[Sequence[str]]],
    key: Sequence[Sequence[str]],
    total: int,
    report: Callable[[int, int, str], None],
) -> int:
    """Write an XLSX workbook (sheets "Audits" and "Questions") in openpyxl's write-only mode,
    every cell a text cell, an answer over Excel's 32,767-character cell limit continued in
    ``<question id> (part N)`` columns; `rows` gives the rows and is called twice (once to size
    the columns: `xlsx_cells.text_table`). Returns the rows."""
    from desktop_app.reports.workbook import write_only_workbook

    with write_only_workbook() as workbook:
        sheet = workbook.create_sheet("Audits")
        sheet.freeze_panes = "C2"
        header, cells = text_table(sheet, columns, rows)
        sheet.append(header)
        count = 0
        for count, row in enumerate(cells, start=1):
            sheet.append(row)
            if count % 500 == 0:
                report(1, 3, f"Writing audit {count} of {total}…")
        questions = workbook.create_sheet("Questions")
        for line in key:
            questions.append([text_cell(questions, cell) for cell in line])
        workbook.save(path)
    return count
