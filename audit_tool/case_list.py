"""Read a case list exported from a council's case system (Liquidlogic, Mosaic, Eclipse).

A case list is a table with one header row and one row per case. It may be a delimited text
file (``.csv``, ``.tsv``, ``.txt``) or an Excel workbook (``.xlsx``, ``.xlsm``; first sheet).

Text files are decoded as UTF-8 (with or without a byte-order mark) and, failing that, as
Windows-1252, which is what Excel's "CSV" export writes on an English Windows laptop. The
delimiter is chosen among comma, semicolon and tab: the one that splits the header into the most
columns wins, judged first by whether it splits the header at all, then by how many of the next
49 rows have as many fields as the header, then by the header's width; ties go to the comma.

Row numbers count every row of the file the way a spreadsheet shows them: the header is row 1, so
the first case is row 2. Blank rows are skipped but still counted, so a message's row number is
the one the user sees when they open the file.

The case reference column is the first column whose name, compared case-insensitively with
underscores, hyphens and repeated spaces read as one space, matches one of
:data:`REFERENCE_COLUMN_NAMES`, tried in that order (so "Case reference" wins over "ID" when a
file has both).

Reading is all or nothing: any problem raises :class:`CaseListError` with a message naming the
row and column, and no partial list is returned.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REFERENCE_COLUMN_NAMES: tuple[str, ...] = (
    "case reference",
    "case ref",
    "case reference number",
    "case number",
    "case id",
    "child id",
    "child reference",
    "person id",
    "person reference",
    "client id",
    "lcs id",
    "mosaic id",
    "eclipse id",
    "reference",
    "id",
    "ref",
)
"""Accepted names for the case reference column, most specific first (normalised form)."""

TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CANDIDATE_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF_ROWS = 50


class CaseListError(ValueError):
    """A case list that cannot be used; the message says where and what to fix."""


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case: its spreadsheet row number, its reference and every column's value."""

    number: int
    reference: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseList:
    """The columns (in file order) and the cases (in file order) of a case list."""

    columns: list[str]
    rows: list[CaseRow]
    reference_column: str = ""


def normalise_column_name(name: str) -> str:
    """Return ``name`` lower-cased with ``_``/``-`` and runs of spaces read as one space."""
    return re.sub(r"[\s_\-]+", " ", name).strip().casefold()


def find_reference_column(columns: Sequence[str]) -> str | None:
    """Return the column holding the case reference, or None when no name is recognised."""
    by_normal: dict[str, str] = {}
    for column in columns:
        by_normal.setdefault(normalise_column_name(column), column)
    for wanted in REFERENCE_COLUMN_NAMES:
        if wanted in by_normal:
            return by_normal[wanted]
    return None


def read_case_list(path: Path) -> CaseList:
    """Read the case list at ``path`` (CSV or XLSX); raise :class:`CaseListError` if unusable."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        rows = _read_workbook_rows(path)
        pad_short_rows = True
    elif suffix in TEXT_SUFFIXES:
        rows = _read_text_rows(path)
        pad_short_rows = False
    elif suffix == ".xls":
        raise CaseListError(
            f"{path.name} is an old Excel 97-2003 workbook; save it as .xlsx or .csv and try again."
        )
    else:
        raise CaseListError(
            f"{path.name} is not a case list this app can read; use a .csv or .xlsx file."
        )
    return _build_case_list(path.name, rows, pad_short_rows=pad_short_rows)


def _read_text_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseListError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    text = _decode(path.name, raw)
    if not re.sub(r'[\s,;"]+', "", text):
        return []
    delimiter = _choose_delimiter(text)
    try:
        return [[cell.strip() for cell in row] for row in _csv_rows(text, delimiter)]
    except csv.Error as exc:
        raise CaseListError(f"{path.name} is not a readable CSV file: {exc}.") from exc


def _decode(name: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CaseListError(
            f"{name} is not text in UTF-8 or Windows-1252 (byte {exc.start + 1} cannot be "
            "read); export the case list again as CSV UTF-8."
        ) from exc


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def _choose_delimiter(text: str) -> str:
    best = ","
    best_score = (-1, -1, -1)
    for delimiter in CANDIDATE_DELIMITERS:
        try:
            sample = _first_rows(_csv_rows(text, delimiter), _SNIFF_ROWS)
        except csv.Error:
            continue
        filled = [row for row in sample if any(cell.strip() for cell in row)]
        if not filled:
            continue
        width = len(filled[0])
        matching = sum(1 for row in filled[1:] if len(row) == width)
        score = (int(width > 1), matching, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_rows(rows: Iterable[list[str]], limit: int) -> list[list[str]]:
    taken: list[list[str]] = []
    for row in rows:
        taken.append(row)
        if len(taken) >= limit:
            break
    return taken


def _read_workbook_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise CaseListError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as exc:
        raise CaseListError(
            f"{path.name} cannot be opened as an Excel workbook; save it again as .xlsx or .csv."
        ) from exc
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if callable(reset):
            reset()
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise CaseListError(
            f"{path.name} has a damaged first sheet; save it again as .xlsx or .csv."
        ) from exc
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """Turn a cell value into the text a user sees in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _build_case_list(name: str, rows: list[list[str]], *, pad_short_rows: bool) -> CaseList:
    header_index = next((i for i, row in enumerate(rows) if any(row)), None)
    if header_index is None:
        raise CaseListError(f"{name} is empty; export the case list again with a header row.")
    header = _trim_trailing_blanks(rows[header_index])
    header_number = header_index + 1
    columns = _check_header(header, header_number)
    reference_column = find_reference_column(columns)
    if reference_column is None:
        found = ", ".join(f"'{column}'" for column in columns)
        raise CaseListError(
            f"Row {header_number}: no case reference column was found (columns found: {found}). "
            "Name the column 'Case reference'."
        )
    reference_at = columns.index(reference_column)
    cases: list[CaseRow] = []
    first_row_of: dict[str, int] = {}
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        if not any(cells):
            continue
        number = index + 1
        values = _fit_row(cells, columns, number, pad_short_rows=pad_short_rows)
        reference = values[reference_at]
        if not reference:
            raise CaseListError(
                f"Row {number}, column '{reference_column}': the case reference is empty."
            )
        if reference in first_row_of:
            raise CaseListError(
                f"Row {number}, column '{reference_column}': the case reference '{reference}' "
                f"also appears in row {first_row_of[reference]}; each case must be listed once."
            )
        first_row_of[reference] = number
        cases.append(CaseRow(number, reference, dict(zip(columns, values, strict=True))))
    if not cases:
        raise CaseListError(f"{name} has a header row but no cases below it.")
    return CaseList(columns=columns, rows=cases, reference_column=reference_column)


def _trim_trailing_blanks(cells: list[str]) -> list[str]:
    end = len(cells)
    while end > 0 and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _check_header(header: list[str], number: int) -> list[str]:
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if not column:
            raise CaseListError(
                f"Row {number}, column {position}: the column has no name; "
                "give every column a heading."
            )
        key = column.casefold()
        if key in seen:
            raise CaseListError(
                f"Row {number}, column {position}: the column name '{column}' is used twice "
                f"(columns {seen[key]} and {position}); give each column its own name."
            )
        seen[key] = position
    return header


def _fit_row(
    cells: list[str], columns: list[str], number: int, *, pad_short_rows: bool
) -> list[str]:
    width = len(columns)
    if len(cells) > width:
        extra = next((i for i in range(width, len(cells)) if cells[i]), None)
        if extra is not None:
            raise CaseListError(
                f"Row {number}, column {extra + 1}: this row has a value ('{cells[extra]}') "
                f"beyond the last named column '{columns[-1]}'; check for a stray delimiter."
            )
        return cells[:width]
    if len(cells) < width:
        if not pad_short_rows:
            raise CaseListError(
                f"Row {number}, column '{columns[len(cells)]}': this row has {len(cells)} "
                f"values but the header has {width} columns; check for a missing or stray "
                "delimiter."
            )
        return cells + [""] * (width - len(cells))
    return cells
