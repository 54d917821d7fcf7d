"""`critical-friend sample ...` and `critical-friend audits export ...`.

The export has one row per audit and one column per question id: the union across every
template version the visit's audits were made with, keyed by id (never by position), so an
answer always lands under its own question. Repeats (actions) are flattened into readable text.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.commands.context import CommandContext
from desktop_app.errors import UserError

if TYPE_CHECKING:
    from desktop_app.progress import ProgressSink

EXPORT_FORMATS = ("csv", "xlsx")


def register(subparsers: Any) -> None:
    sample = subparsers.add_parser(
        "sample", help="draw a reproducible (stratified) random sample from a case list"
    )
    sample.add_argument("--cases", type=Path, required=True, metavar="FILE.csv")
    sample.add_argument("--size", type=int, required=True, metavar="N")
    sample.add_argument("--seed", type=int, required=True, metavar="S")
    sample.add_argument("--by", metavar="COLUMN", help="stratify (proportionally) by this column")
    sample.add_argument(
        "--exclude-audited-within",
        type=int,
        default=365,
        metavar="DAYS",
        help="leave out cases whose 'Last audited' column is within DAYS days (default 365; 0 "
        "keeps all); the list's own column, so every laptop draws the same sample",
    )
    sample.set_defaults(handler=cmd_sample)

    audits = subparsers.add_parser("audits", help="case-file audits")
    actions = audits.add_subparsers(dest="audits_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="one row per audit, every answer a column")
    export.add_argument("--visit", type=int, required=True, metavar="ID")
    export.add_argument("--format", choices=EXPORT_FORMATS, metavar="csv|xlsx")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=cmd_audits_export)
    from desktop_app.commands.team_cmd import register_audit_actions

    register_audit_actions(actions)


def cmd_sample(context: CommandContext) -> int:
    from audit_tool import CaseListError, SamplingError, draw_sample, read_case_list, sample_to_csv
    from audit_tool.audit_register import last_audited_from_list

    args = context.args
    if not args.cases.is_file():
        raise UserError(f"There is no file {args.cases}; give the path of the exported case list.")
    try:
        case_list = read_case_list(args.cases)
        last_audited = last_audited_from_list(case_list.rows) if args.exclude_audited_within else {}
        result = draw_sample(
            case_list.rows,
            args.size,
            args.seed,
            by=args.by,
            last_audited=last_audited,
            exclude_within_days=args.exclude_audited_within,
        )
    except (CaseListError, SamplingError) as exc:
        raise UserError(str(exc)) from exc
    sys.stdout.write(sample_to_csv(result, case_list.columns))
    print(
        f"Drew {len(result.chosen)} of {len(case_list.rows)} cases with seed {result.seed}"
        + (f", stratified by '{result.by}'." if result.by else "."),
        file=sys.stderr,
    )
    for stratum, (population, places) in result.strata.items():
        print(f"  {stratum}: {places} of {population}", file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    return 0


def cmd_audits_export(context: CommandContext) -> int:
    args = context.args
    out: Path = args.out
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise UserError("Say --format csv or --format xlsx (or name the file .csv or .xlsx).")
    connection = context.reader()
    if connection.execute("SELECT 1 FROM visit WHERE id = ?", (args.visit,)).fetchone() is None:
        raise UserError(f"There is no visit {args.visit}; run 'critical-friend list visits'.")
    try:
        count = write_audit_export(connection, args.visit, fmt, out)
    except OSError as exc:
        raise UserError(
            f"Could not write {out} ({exc.strerror or exc}); choose another place."
        ) from exc
    print(f"Wrote {count} audit(s) to {out}", file=sys.stderr)
    return 0


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

    from desktop_app.store.repositories.answer_text import all_scales, answer_text, question_index
    from desktop_app.store.repositories.findings import visit_frame

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
            values[int(audit_id)][question_id] = answer_text(scales, question, json.loads(text))
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
