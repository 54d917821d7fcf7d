"""`audits import`: fill or update a visit's audits from a sheet shaped like `audits export`.

A row per audit (found by ``audit.id``, or by ``audit.case_reference`` when there is no id), a
column per question id; the other ``audit.*`` columns and the moderation columns
(``QID.moderated``, ``QID.rationale``) are read-only and ignored. A cell holds the answer as the
export writes it (a label such as "Good", or the id such as ``good``); an empty cell leaves the
answer as it is. Repeats and attachments can only be left as exported. Each row's answers go
through the audit form's own checks (``forms.validation.changed_answer_issues``: required answers
the row makes needed, types, choices, constraints such as the escalation reason's minimum
length), as when a person types them. All or nothing: the first problems (up to five) are each
named in one sentence with their row (the header is row 1) and column, and nothing is stored. Every change goes
into the change log as made by the person importing, "(from FILE)".

Limits, so one sheet cannot make a laptop's returns too large for the lead to open (a bundle's
data/bundle.json is at most 64 MiB, `desktop_app.exchange.bundle_archive.BundleLimits`): a sheet
file larger than `MAX_SHEET_BYTES` (64 MiB) is refused before it is read, and an answer longer
than `MAX_ANSWER_CHARACTERS` (`forms.answer_limits`: 1,000,000 characters, the form's limit too) is refused
naming its row and column. A header named twice is refused (one of the two would be lost), and
a cell holding a lone surrogate escape (``_xD800_``: half of a character) is refused naming its
row and column; a high and a low surrogate escape one after the other are the one character
they stand for (`audit_tool.spreadsheet_text.xlsx_read_text`). A long answer's
``<column> (part N)`` continuation columns are joined back in CSV as in XLSX
(`audit_tool.spreadsheet_text.joined_columns`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit_tool.spreadsheet_text import (
    has_lone_surrogate,
    joined_columns,
    joined_surrogates,
    read_csv_cells,
    xlsx_read_text,
)
from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from forms.answer_limits import MAX_ANSWER_CHARACTERS

_IGNORED_SUFFIXES = (".moderated", ".rationale")
_ID = "audit.id"
_CASE = "audit.case_reference"
_MAX_PROBLEMS = 5  # problems named at once; the rest show on the next try
MAX_SHEET_BYTES = 64 * 1024 * 1024  # a sheet file's size: the bundle's data/bundle.json limit


@dataclass(frozen=True)
class ImportAuditSheet:
    """The visit and the sheet (``.csv`` or ``.xlsx``) to import."""

    visit_id: int
    path: Path


@dataclass(frozen=True)
class AuditSheetImported:
    visit_id: int
    updated: int
    answers: int
    audit_ids: list[int] = field(default_factory=list)
    changed: Changed = Changed.AUDITS | Changed.VISITS


def _read_rows(path: Path) -> list[list[str]]:
    """The sheet's rows (the header first), continuation columns joined, every cell checked for
    lone surrogates and length; UserError naming the file, row and column otherwise."""
    rows = _joined_rows(_read_cells(path))
    header = rows[0] if rows else []
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if len(cell) > MAX_ANSWER_CHARACTERS or has_lone_surrogate(cell):
                name = header[index] if index < len(header) else ""
                where = (
                    f"Row {number}, column {name.strip()!r}"
                    if number > 1 and name.strip() and not has_lone_surrogate(name)
                    else f"Row {number}, column {index + 1}"
                )
                if len(cell) > MAX_ANSWER_CHARACTERS:
                    raise UserError(
                        f"{where}: the text is {len(cell):,} characters long, more than the "
                        f"{MAX_ANSWER_CHARACTERS:,} an answer may hold; shorten it (or attach "
                        "the document to the audit) and import again."
                    )
                raise UserError(
                    f"{where}: the text holds a lone surrogate escape (such as _xD800_, half of "
                    "a character); remove it or write the whole character, and import again."
                )
    return rows


def _joined_rows(rows: list[list[str]]) -> list[list[str]]:
    """`rows` with ``(part N)`` continuation columns joined and a surrogate pair split over two
    parts made one character again."""
    joined = joined_columns(rows)
    return [[joined_surrogates(cell) for cell in row] for row in joined]


def _read_cells(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".xlsx") and path.stat().st_size > MAX_SHEET_BYTES:
            raise UserError(
                f"{path.name} is larger than the {MAX_SHEET_BYTES // (1024 * 1024)} MiB a sheet "
                "may be; import the visit's audits in smaller sheets."
            )
        if suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig")
            # control-character escapes and formula-starter neutralising undone (`csv_text`)
            return read_csv_cells(text)
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook["Audits"] if "Audits" in workbook.sheetnames else workbook.active
                if sheet is None:
                    return []
                # openpyxl leaves the format's _xHHHH_ escapes in the text: read them
                return [
                    ["" if cell is None else xlsx_read_text(str(cell)) for cell in row]
                    for row in sheet.iter_rows(values_only=True)
                ]
            finally:
                workbook.close()
    except OSError as error:
        raise UserError(f"Cannot read {path} ({error.strerror or error}).") from None
    except UnicodeDecodeError:
        raise UserError(f"{path.name} is not UTF-8 text; save it again as CSV UTF-8.") from None
    except (ValueError, KeyError, csv.Error) as error:
        raise UserError(f"{path.name} cannot be read as a sheet ({error}).") from None
    raise UserError(f"{path.name} is not a .csv or .xlsx file; save the sheet as one of those.")


def _cell_value(definition: Any, question: Any, text: str) -> Any:
    """The answer a cell stands for; ValueError with what is wrong."""
    from audit_tool.audit_register import parse_audit_date

    wanted = text.strip()
    folded = wanted.casefold()
    if question.type in ("yes_no", "yes_no_partly"):
        from forms.vocabulary import FIXED_CHOICES

        for option in FIXED_CHOICES[question.type]:
            if folded == option:
                return option
        raise ValueError(f"{wanted!r} is not one of {', '.join(FIXED_CHOICES[question.type])}")
    if question.type in ("single_choice", "multi_choice"):
        items = (
            [part.strip() for part in wanted.split(";")]
            if question.type == "multi_choice"
            else [wanted]
        )
        found = []
        for item in items:
            match = next(
                (
                    c.id
                    for c in question.choices
                    if item.casefold() in (c.id.casefold(), c.label.casefold())
                ),
                None,
            )
            if match is None:
                raise ValueError(f"{item!r} is not one of the choices")
            found.append(match)
        return found if question.type == "multi_choice" else found[0]
    if question.type == "grade":
        scale = definition.scale_for(question)
        for value in scale.values if scale is not None else []:
            if folded in (value.id.casefold(), value.label.casefold()):
                return value.id
        if scale is None:
            raise ValueError(f"{wanted!r} is not a grade on the form's scale")
        grades = ", ".join(value.label for value in scale.values)
        raise ValueError(f"{wanted!r} is not a grade on the {scale.title} scale ({grades})")
    if question.type == "number":
        try:
            number = float(wanted.replace(",", ""))
        except ValueError:
            raise ValueError(f"{wanted!r} is not a number (write it as 12 or 12.5)") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{wanted!r} is not a number (write it as 12 or 12.5)")
        return int(number) if number.is_integer() else number
    if question.type == "date":
        when = parse_audit_date(wanted)
        if when is None:
            raise ValueError(f"{wanted!r} is not a date (write 2026-03-14 or 14/03/2026)")
        return when.isoformat()
    return text


def import_audit_sheet(ctx: AppContext, request: ImportAuditSheet) -> AuditSheetImported:
    """Fill or update the visit's audits from the sheet, all or nothing (see the module)."""
    from sqlmodel import select

    from desktop_app.exchange.public_identity import read_public_identity
    from desktop_app.store.models import Audit
    from desktop_app.store.repositories.audits import refresh_audit_summary
    from desktop_app.store.repositories.records import (
        load_answers,
        record_definition,
        save_answer,
    )
    from desktop_app.store.repositories.visits import VisitError, get_visit
    from forms.validation import changed_answer_issues, issue_question

    if not request.path.is_file():
        raise UserError(f"There is no file {request.path}.")
    rows = _read_rows(request.path)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise UserError(f"{request.path.name} has no header row; export a visit to see the shape.")
    header = [cell.strip() for cell in rows[0]]
    seen: set[str] = set()
    for column in filter(None, header):
        if column in seen:
            raise UserError(
                f"{request.path.name} has two columns headed {column!r}; keep one (delete or "
                "rename the other) and import again."
            )
        seen.add(column)
    if _ID not in header and _CASE not in header:
        raise UserError(
            f"{request.path.name} needs a column '{_ID}' or '{_CASE}' to say which audit each "
            "row is; export the visit with 'critical-friend audits export' to see the shape."
        )
    identity = None
    try:
        identity = read_public_identity(ctx.home.root)
    except Exception:  # an unreadable identity only changes the name in the change log
        identity = None
    by = f"{identity.name if identity else 'Sheet import'} (from {request.path.name})"
    with ctx.database.session() as session:
        try:
            get_visit(session, request.visit_id)
        except VisitError as error:
            raise UserError(str(error)) from None
        audits = list(session.exec(select(Audit).where(Audit.visit_id == request.visit_id)))
        by_id = {audit.id: audit for audit in audits}
        by_case = {audit.case_reference.casefold(): audit for audit in audits if not audit.conflict}
        touched: list[int] = []
        changes = 0
        problems: list[str] = []
        for number, row in enumerate(rows[1:], start=2):
            cells = dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False))
            if not any(value.strip() for value in cells.values()):
                continue
            try:
                audit = _find_audit(number, cells, by_id, by_case, request.visit_id)
                definition = record_definition(session, audit.record_id)
                current = load_answers(session, audit.record_id)
                values = _row_values(number, cells, definition, current)
            except UserError as error:  # all or nothing: the transaction is rolled back
                raise UserError(
                    f"{error.message} Nothing was imported.", exit_code=error.exit_code
                ) from None
            after = {**current, **values}
            for issue in changed_answer_issues(definition, current, after, set(values))[:3]:
                problems.append(
                    f"Row {number}, column {issue_question(issue)!r}: {issue.message.rstrip('.')}."
                )
            if len(problems) >= _MAX_PROBLEMS:
                break
            if problems:
                continue
            changed_here = sum(
                bool(save_answer(session, audit.record_id, column, value, by=by))
                for column, value in values.items()
            )
            if changed_here:
                assert audit.id is not None
                refresh_audit_summary(session, audit.id)
                touched.append(audit.id)
                changes += changed_here
        if problems:
            raise UserError(
                "\n".join(problems[:_MAX_PROBLEMS])
                + f"\nNothing was imported from {request.path.name}; put these right (the audit "
                "form checks answers the same way) and import it again."
            )
        return AuditSheetImported(request.visit_id, len(touched), changes, touched)


def _row_values(
    number: int, cells: dict[str, str], definition: Any, current: dict[str, Any]
) -> dict[str, Any]:
    """The answers one row gives (question id → value); UserError naming row and column for a
    column that is no question, a cell that cannot be read as its answer, or a changed repeat,
    attachment or note."""
    from desktop_app.store.repositories.answer_text import answer_text_of

    values: dict[str, Any] = {}
    for column, text in cells.items():
        if not column or column.startswith("audit.") or column.endswith(_IGNORED_SUFFIXES):
            continue
        if not text.strip():
            continue
        where = f"Row {number}, column {column!r}"
        if not definition.has_question(column):
            raise UserError(
                f"{where}: {column!r} is not a question of the audit form; use the "
                "columns 'audits export' writes."
            )
        question = definition.question(column)
        if question.type in ("repeat", "attachment", "note"):
            shown = answer_text_of(definition, question, current.get(column), machine=True)
            if text.strip() != shown.strip():
                raise UserError(
                    f"{where}: {question.type} answers cannot be changed from a sheet; "
                    "leave the cell as exported (or empty) and change it in the audit."
                )
            continue
        try:
            values[column] = _cell_value(definition, question, text)
        except ValueError as error:
            raise UserError(f"{where}: {error}.") from None
    return values


def _find_audit(
    number: int,
    cells: dict[str, str],
    by_id: dict[int | None, Any],
    by_case: dict[str, Any],
    visit_id: int,
) -> Any:
    reference = cells.get(_CASE, "").strip()
    text = cells.get(_ID, "").strip()
    if text:
        try:
            audit = by_id.get(int(text))
        except ValueError:
            audit = None
        if audit is None:
            raise UserError(
                f"Row {number}, column '{_ID}': there is no audit {text!r} in visit {visit_id}."
            )
        if reference and audit.case_reference.casefold() != reference.casefold():
            raise UserError(
                f"Row {number}, column '{_CASE}': audit {text} is of case "
                f"{audit.case_reference}, not {reference}."
            )
        return audit
    audit = by_case.get(reference.casefold()) if reference else None
    if audit is None:
        raise UserError(
            f"Row {number}, column '{_CASE}': case {reference!r} is not on visit {visit_id}'s "
            "audit list."
        )
    return audit
