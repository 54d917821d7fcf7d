"""Read a case list exported from a council's case system (Liquidlogic, Mosaic, Eclipse).

A case list is a table with one header row and one row per case. It may be a delimited text
file (``.csv``, ``.tsv``, ``.txt``) or one sheet of a workbook (``.xlsx``, ``.xlsm``, ``.xls``,
``.ods``, read with python-calamine; see :mod:`audit_tool.case_workbook`), such as a list of
Ofsted's Annex A (see :mod:`audit_tool.annex_a`: the list sets the cohort). The heading row may
sit below title rows: it is the first of the first 20 filled rows that names a case reference
column. Values are cleaned as a user reads them (:func:`clean_value`); formula cells give the
value Excel last calculated, and a formula error (``#REF!``) is refused.

The public API other modules use: :func:`read_case_list` (path, sheet) -> :class:`CaseList`,
and :func:`list_sheets` (path) -> the sheets to choose from.

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
file (and sheet), row and column, and no partial list is returned.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from audit_tool.annex_a import (
    AGE_BAND_COLUMN,
    COHORT_COLUMN,
    COHORT_LABELS,
    AnnexAList,
    Cohort,
    age_band,
    annex_a_list,
    is_annex_a,
    plan_columns,
    text_date,
    without_code_prefix,
)

if TYPE_CHECKING:
    from audit_tool.case_workbook import SheetXml

REFERENCE_COLUMN_NAMES: tuple[str, ...] = (
    "child unique id",
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
CANDIDATE_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF_ROWS = 50
_FILLED = re.compile(r'[^\s,;"]')


class CaseListError(ValueError):
    """A case list that cannot be used; the message says where and what to fix."""


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case: its spreadsheet row number, its reference and every column's value."""

    number: int
    reference: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseList:
    """A case list as read, held column by column: the columns kept (in file order, then ``Age
    band`` and ``Cohort`` when added), ``values`` (one list per column, in ``columns`` order,
    every list one text per case, cases in file order), each case's spreadsheet row
    ``numbers``, the reference column, the cohort the list sets (an Annex A list; None
    otherwise), the sheet read (None for a text file), the columns left out and notes for the
    user (formula errors read as blank).

    ``rows`` gives the same cases as :class:`CaseRow` objects, made on first use: a 20,000-row
    list is stored from its columns without making one object per case.
    """

    columns: list[str]
    values: list[list[str]]
    numbers: list[int]
    reference_column: str = ""
    cohort: Cohort | None = None
    sheet: str | None = None
    dropped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_rows(
        cls, columns: list[str], rows: Sequence[CaseRow], reference_column: str
    ) -> CaseList:
        """A case list from rows whose ``fields`` name the ``columns`` (a missing field is
        blank; the reference column's value is the row's ``reference``)."""
        values = [
            [row.reference for row in rows]
            if column == reference_column
            else [row.fields.get(column, "") for row in rows]
            for column in columns
        ]
        numbers = [row.number for row in rows]
        return cls(columns, values, numbers, reference_column)

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def references(self) -> list[str]:
        """The case references, in file order."""
        return self.values[self.columns.index(self.reference_column)]

    @functools.cached_property
    def rows(self) -> list[CaseRow]:
        """The cases in file order, each with every kept column's value as ``fields``."""
        columns = self.columns
        return [
            CaseRow(number, reference, dict(zip(columns, row, strict=True)))
            for number, reference, row in zip(
                self.numbers, self.references, zip(*self.values, strict=True), strict=True
            )
        ]


@dataclass(frozen=True, slots=True)
class SheetChoice:
    """A sheet of a workbook offered to the user, with the Annex A list it is (or None)."""

    name: str
    annex_a: AnnexAList | None


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


def read_case_list(
    path: Path,
    sheet: str | None = None,
    *,
    keep_worker_names: bool = False,
    today: dt.date | None = None,
) -> CaseList:
    """Read the case list at ``path``: a CSV/TSV, or one sheet of a workbook (xlsx, xlsm, xls,
    ods; ``sheet`` by name, default the first; an Annex A workbook needs its list named).

    Returns a :class:`CaseList` with the cohort an Annex A list sets, the columns kept (see
    :mod:`audit_tool.annex_a`: dates of birth become ``Age band`` at ``today``; workers' names
    only with ``keep_worker_names``) and the rows. Raises :class:`CaseListError` with one
    sentence naming the file (or sheet), row and column of the first problem; nothing partial.
    """
    from audit_tool.case_workbook import WORKBOOK_SUFFIXES, WorkbookError

    suffix = path.suffix.lower()
    sheet_name: str | None = None
    cohort: Cohort | None = None
    if suffix in WORKBOOK_SUFFIXES:
        try:
            sheet_name, raw_rows = _read_sheet(path, sheet)
        except WorkbookError as exc:
            raise CaseListError(str(exc)) from exc
        listed = annex_a_list(sheet_name)
        if listed is not None and not listed.children:
            raise CaseListError(
                f"{path.name}: '{sheet_name}' is Annex A List {listed.number} "
                f"({listed.title.lower()}), which lists adopters, not children; choose a list "
                "of children such as 'List 7'."
            )
        cohort = listed.cohort if listed is not None else None
        rows = _sheet_texts(raw_rows)
        pad_short_rows = True
        clean = _as_is
    elif suffix in TEXT_SUFFIXES:
        if sheet is not None:
            raise CaseListError(
                f"{path.name} is a text file with no sheets; leave out the sheet name."
            )
        rows = _read_text_rows(path)
        pad_short_rows = False
        clean = _clean_text
    else:
        raise CaseListError(
            f"{path.name} is not a case list this app can read; use a .csv or .xlsx file."
        )
    where = path.name if sheet_name is None else f"{path.name}, sheet '{sheet_name}'"
    from audit_tool.case_workbook import read_sheet_xml

    sheet_xml = read_sheet_xml(path, sheet_name) if sheet_name else None
    notes = _check_formulas(sheet_xml, where, rows) if sheet_xml is not None else []
    try:
        built, reference_at = _build_case_list(
            where,
            rows,
            clean=clean,
            pad_short_rows=pad_short_rows,
            cohort=cohort,
            sheet=sheet_name,
            keep_worker_names=keep_worker_names,
            today=today or dt.date.today(),
        )
    except CaseListError as exc:
        if str(exc).startswith(path.name):
            raise
        raise CaseListError(f"{where}: {exc}") from exc
    if sheet_xml is not None:
        _restore_zero_padding(sheet_xml, built, reference_at)
    built.notes.extend(notes)
    return built


def list_sheets(path: Path) -> list[SheetChoice]:
    """The sheets of a workbook a user can choose from, each with the Annex A list and cohort it
    is (if any). Raises :class:`CaseListError` for a file that is not a workbook."""
    from audit_tool.case_workbook import WorkbookError, sheet_names

    try:
        names = sheet_names(path)
    except WorkbookError as exc:
        raise CaseListError(str(exc)) from exc
    return [SheetChoice(name, annex_a_list(name)) for name in names]


def _read_sheet(path: Path, sheet: str | None) -> tuple[str, list[list[object]]]:
    from audit_tool.case_workbook import read_sheet, sheet_names

    if sheet is None:
        names = sheet_names(path)
        if is_annex_a(names):
            raise CaseListError(
                f"{path.name} is an Annex A workbook with {len(names)} lists; choose the list "
                "to read (for example 'List 7' for child protection plans; on the command line "
                "--sheet 'List 7')."
            )
    return read_sheet(path, sheet)


def _check_formulas(sheet: SheetXml, where: str, rows: list[list[str]]) -> list[str]:
    """Formula cells below the headings that calamine reads as empty: a formula with no saved
    value, or an error in the case reference column, is refused; an error elsewhere (``#N/A``
    from a failed lookup, as in real Annex A returns) is read as blank and counted in a note."""
    from audit_tool.case_workbook import formula_problems

    problems = formula_problems(sheet)
    header = _find_header(rows)
    if not problems or header is None:
        return []
    names = rows[header]
    reference = find_reference_column([name for name in names if name])
    counts: dict[tuple[str, str], int] = {}
    for problem in problems:
        if problem.row <= header:
            continue
        name = names[problem.column] if problem.column < len(names) else ""
        column = f"'{name}'" if name else str(problem.column + 1)
        if not problem.error:
            raise CaseListError(
                f"{where}: Row {problem.row + 1}, column {column}: the cell holds a formula with "
                "no saved value; open the workbook in Excel, save it, and try again."
            )
        if name and name == reference:
            raise CaseListError(
                f"{where}: Row {problem.row + 1}, column {column}: the case reference shows the "
                f"formula error {problem.error}; fix the formula in the workbook and try again."
            )
        counts[(name or column, problem.error)] = counts.get((name or column, problem.error), 0) + 1
    return [
        f"{count} cell{'s' if count > 1 else ''} of '{name}' show the formula error {error} and "
        "are read as blank."
        for (name, error), count in counts.items()
    ]


def _restore_zero_padding(sheet: SheetXml, case_list: CaseList, column: int) -> None:
    from audit_tool.case_workbook import zero_padded_widths

    widths = zero_padded_widths(sheet, column)
    if not widths:
        return
    references = case_list.references  # the list held in case_list.values: changed in place
    for index, number in enumerate(case_list.numbers):
        width = widths.get(number - 1)
        reference = references[index]
        if width and reference.isdigit() and len(reference) < width:
            references[index] = reference.zfill(width)


def _read_text_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseListError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    text = _decode(path.name, raw)
    if not _FILLED.search(text):
        return []
    delimiter = _choose_delimiter(text)
    try:
        return list(_csv_rows(text, delimiter))
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


def _sniffing_text(text: str) -> str:
    """The start of ``text`` holding the rows the delimiter is judged by: up to the 1,000th line
    break when that holds more than 50 rows with any delimiter (a row cut at the end is then not
    among them), else the whole text; so a long file is not parsed three times over."""
    end = -1
    for _ in range(1_000):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    start = text[: end + 1]
    for delimiter in CANDIDATE_DELIMITERS:
        try:
            if len(_first_rows(_csv_rows(start, delimiter), _SNIFF_ROWS + 1)) <= _SNIFF_ROWS:
                return text
        except csv.Error:
            return text
    return start


def _choose_delimiter(text: str) -> str:
    best = ","
    best_score = (-1, -1, -1)
    text = _sniffing_text(text)
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


_DATE = dt.date


def _sheet_texts(raw_rows: list[list[object]]) -> list[list[str]]:
    """A sheet's cells as text, converted column by column: a column of text, numbers and dates
    goes through a cached converter in one C-level ``map``; any other column (booleans, times)
    cell by cell (:func:`_row_texts`)."""
    if not raw_rows:
        return []
    width = max(map(len, raw_rows))
    if any(len(row) != width for row in raw_rows):
        return [_row_texts(row) for row in raw_rows]
    converted: list[list[str]] = []
    for column in zip(*raw_rows, strict=True):
        if set(map(type, column)) <= _CACHED_KINDS:
            converted.append(list(map(_cached_cell_text, column)))
        else:
            converted.append(_row_texts(list(column)))
    return [list(row) for row in zip(*converted, strict=True)]


_CACHED_KINDS = frozenset({str, float, dt.date})


@functools.lru_cache(maxsize=16384, typed=True)
def _cached_cell_text(value: str | float | dt.date) -> str:
    # Coded values, teams, dates and counts repeat thousands of times in a long list.
    return clean_value(value.strip()) if isinstance(value, str) else _cell_text(value)


def _row_texts(row: list[object]) -> list[str]:
    """A workbook row's cells as text (:func:`_cell_text`), with fast paths for the commonest
    types (text and dates), since a 20,000-row list has hundreds of thousands of cells."""
    clean = _clean_cached
    return [
        (clean(value) if value else "")
        if (kind := type(value)) is str
        else (
            value.isoformat()  # type: ignore[attr-defined]
            if kind is _DATE
            else (
                str(int(value))  # type: ignore[call-overload]
                if kind is float and value.is_integer()  # type: ignore[attr-defined]
                else _cell_text(value)
            )
        )
        for value in row
    ]


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


_FORMULA_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
)
_BLANK_MARKS = frozenset({"-", "--", "–", "—"})


@functools.lru_cache(maxsize=8192)
def _clean_cached(text: str) -> str:
    # Coded values, teams and dates repeat thousands of times in a long list.
    return clean_value(text.strip())


def clean_value(text: str) -> str:
    """A cell's text as the audit keeps it: ``-`` is blank, ``a) Male`` is ``Male``, a text date
    ``31/03/2025`` is ``2025-03-31``; non-breaking spaces read as spaces."""
    if len(text) < 3:
        return "" if text in _BLANK_MARKS else text
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if (text[1] == ")" or text[2] == ")") and text[0].isalpha():
        text = without_code_prefix(text)
    if "/" in text:
        text = text_date(text)
    return text


_HEADER_SEARCH_ROWS = 20


def _clean_text(text: str) -> str:
    """A text file's cell as the audit keeps it (:func:`clean_value` of the stripped text)."""
    return clean_value(text.strip())


def _as_is(text: str) -> str:
    """A sheet's cell, already cleaned by :func:`_sheet_texts`."""
    return text


def _find_header(rows: list[list[str]], clean: Callable[[str], str] = _as_is) -> int | None:
    """The first row (within the first 20 filled ones) naming a case reference column, so that
    title rows above the headings are passed over; else the first filled row."""
    first: int | None = None
    seen = 0
    for index, raw in enumerate(rows):
        row = list(map(clean, raw))
        if not any(row):
            continue
        if first is None:
            first = index
        if find_reference_column([cell for cell in row if cell]) is not None:
            return index
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    return first


def _build_case_list(
    name: str,
    rows: list[list[str]],
    *,
    clean: Callable[[str], str],
    pad_short_rows: bool,
    cohort: Cohort | None,
    sheet: str | None,
    keep_worker_names: bool,
    today: dt.date,
) -> tuple[CaseList, int]:
    """The case list from the file's rows (each cell made the audit's text by ``clean``), and
    the reference column's position in the file.

    Column by column: each distinct value of a column is cleaned once and the column mapped
    through the result, so the work per case is a few C-level ``map`` steps. The checks (an
    empty or repeated reference, a formula error) look at each column's distinct values; only
    when one fails are the rows walked to name the first bad row, so the message is the one a
    row-by-row reading gives.
    """
    header_index = _find_header(rows, clean)
    if header_index is None:
        raise CaseListError(f"{name} is empty; export the case list again with a header row.")
    header = _trim_trailing_blanks(list(map(clean, rows[header_index])))
    header_number = header_index + 1
    columns = _check_header(header, header_number)
    reference_column = find_reference_column(columns)
    if reference_column is None:
        found = ", ".join(f"'{column}'" for column in columns)
        raise CaseListError(
            f"{name}, row {header_number}: no case reference column was found in the first "
            f"{_HEADER_SEARCH_ROWS} rows (columns found: {found}); the list needs a column "
            "named 'Child Unique ID' or 'Case reference'."
        )
    reference_at = columns.index(reference_column)
    shape = _shape_columns(columns, reference_at, cohort, keep_worker_names)
    body, numbers, unfitted = _body_rows(rows, header_index + 1, columns, clean, pad_short_rows)
    raw_columns = _transpose(body, len(columns))
    references, distinct = _clean_column(raw_columns[reference_at], clean)
    if "" in distinct:
        # Blank rows are skipped (but keep their numbers); any other row needs a reference.
        kept = [
            i for i, reference in enumerate(references) if reference or any(map(clean, body[i]))
        ]
        body = [body[i] for i in kept]
        numbers = [numbers[i] for i in kept]
        raw_columns = _transpose(body, len(columns))
        references, distinct = _clean_column(raw_columns[reference_at], clean)
    if not body and unfitted is not None:
        raise unfitted
    if not body:
        raise CaseListError(f"{name} has a header row but no cases below it.")
    cleaned = {reference_at: (references, distinct)}
    for position in [*shape.positions, *([] if shape.birth_at is None else [shape.birth_at])]:
        if position not in cleaned:
            cleaned[position] = _clean_column(raw_columns[position], clean)
    if (
        "" in distinct
        or len(distinct) != len(references)
        or not all(
            # a column left out is only stripped: cleaning never makes or unmakes an error mark
            _FORMULA_ERRORS.isdisjoint(
                cleaned[position][1] if position in cleaned else map(str.strip, set(column))
            )
            for position, column in enumerate(raw_columns)
        )
    ):
        raise _first_bad_row(body, numbers, columns, reference_at, clean)
    if unfitted is not None:
        raise unfitted
    values = [cleaned[position][0] for position in shape.positions]
    if shape.birth_at is not None:
        born, days = cleaned[shape.birth_at]
        bands = {day: age_band(day, today) for day in days}
        values.append(list(map(bands.__getitem__, born)))
    if shape.add_cohort:
        values.append([COHORT_LABELS[cohort] if cohort is not None else ""] * len(body))
    case_list = CaseList(
        columns=shape.columns,
        values=values,
        numbers=numbers,
        reference_column=shape.reference_name,
        cohort=cohort,
        sheet=sheet,
        dropped_columns=shape.dropped,
    )
    return case_list, reference_at


def _body_rows(
    rows: list[list[str]],
    start: int,
    columns: list[str],
    clean: Callable[[str], str],
    pad_short_rows: bool,
) -> tuple[list[list[str]], list[int], CaseListError | None]:
    """The rows below the header made as wide as the header (rows of another width that are
    blank left out, others fitted by :func:`_fit_row`), with their spreadsheet row numbers.

    A row that cannot be fitted ends the rows there, and its error is returned: a problem in
    an earlier row is then named first, as a row-by-row reading would name it."""
    width = len(columns)
    body = rows[start:]
    if set(map(len, body)) <= {width}:
        return body, list(range(start + 1, len(rows) + 1)), None
    fitted: list[list[str]] = []
    numbers: list[int] = []
    for number, cells in enumerate(body, start=start + 1):
        if len(cells) != width:
            texts = list(map(clean, cells))
            if not any(texts):
                continue
            try:
                _fit_row(texts, columns, number, pad_short_rows)
            except CaseListError as exc:
                return fitted, numbers, exc
            cells = cells[:width] + [""] * (width - len(cells))
        fitted.append(cells)
        numbers.append(number)
    return fitted, numbers, None


def _transpose(body: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """The columns of rows all ``width`` wide."""
    return list(zip(*body, strict=True)) if body else [() for _ in range(width)]


def _clean_column(column: Sequence[str], clean: Callable[[str], str]) -> tuple[list[str], set[str]]:
    """A column's cells cleaned (each distinct value once), and its distinct cleaned values."""
    distinct = set(column)
    if clean is _as_is or _already_clean(distinct):
        return list(column), distinct
    cleaned = _cleaned_dates(distinct) if clean is _clean_text else None
    if cleaned is None:
        cleaned = {value: clean(value) for value in distinct}
    return list(map(cleaned.__getitem__, column)), set(cleaned.values())


_DATES = re.compile(r"(?:\d\d/\d\d/\d{4}\n)*\d\d/\d\d/\d{4}", re.ASCII)


def _cleaned_dates(distinct: set[str]) -> dict[str, str] | None:
    """When every one of ``distinct`` is blank or a ``dd/mm/yyyy`` date (a date column of a
    text file), each value's :func:`clean_value` (the ISO date): the shape checked by one
    regular expression over the values joined, each day checked by the C date parser; else
    None."""
    dates = [value for value in distinct if value]
    joined = "\n".join(dates)
    if not dates or _DATES.fullmatch(joined) is None:
        return None
    isos = [f"{day[6:]}-{day[3:5]}-{day[:2]}" for day in dates]
    try:
        list(map(_DATE.fromisoformat, isos))
    except ValueError:  # a day that does not exist stays as written, as clean_value leaves it
        return None
    cleaned = dict(zip(dates, isos, strict=True))
    if "" in distinct:
        cleaned[""] = ""
    return cleaned


def _already_clean(distinct: set[str]) -> bool:
    """Whether :func:`clean_value` leaves every one of ``distinct`` as it is: none is a blank
    mark or has spaces around it, and none holds a non-breaking space, a ``)`` (a code prefix)
    or a ``/`` (a text date). Checked over the values joined, so a column of 20,000 distinct
    case references is not cleaned one by one."""
    if not _BLANK_MARKS.isdisjoint(distinct):
        return False
    joined = "\n".join(distinct)
    if "/" in joined or ")" in joined or "\xa0" in joined:
        return False
    return all(map(str.__eq__, distinct, map(str.strip, distinct)))


def _first_bad_row(
    body: list[list[str]],
    numbers: list[int],
    columns: list[str],
    reference_at: int,
    clean: Callable[[str], str],
) -> CaseListError:
    """The error of the first bad row (rows are not blank): an empty reference, a reference
    listed before, or a formula error."""
    reference_column = columns[reference_at]
    first_row_of: dict[str, int] = {}
    for number, cells in zip(numbers, body, strict=True):
        values = list(map(clean, cells))
        reference = values[reference_at]
        if not reference:
            return CaseListError(
                f"Row {number}, column '{reference_column}': the case reference is empty."
            )
        if reference in first_row_of:
            return CaseListError(
                f"Row {number}, column '{reference_column}': the case reference '{reference}' "
                f"also appears in row {first_row_of[reference]}; each case must be listed once."
            )
        first_row_of[reference] = number
        if not _FORMULA_ERRORS.isdisjoint(values):
            position = next(i for i, value in enumerate(values) if value in _FORMULA_ERRORS)
            return CaseListError(
                f"Row {number}, column '{columns[position]}': the cell shows the formula "
                f"error {values[position]}; fix the formula in the workbook (or paste its "
                "values) and try again."
            )
    raise AssertionError("a check of the columns failed but no row is bad")


@dataclass(frozen=True, slots=True)
class _Shape:
    """The columns kept, the file position of each (the added ones, ``Age band`` and
    ``Cohort``, come after and have none), the reference column's name, where the date of birth
    is (for the age band), whether the cohort is added, the columns left out."""

    columns: list[str]
    positions: list[int]
    reference_name: str
    birth_at: int | None
    add_cohort: bool
    dropped: list[str]


def _shape_columns(
    columns: list[str], reference_at: int, cohort: Cohort | None, keep_worker_names: bool
) -> _Shape:
    """Which columns are kept, under which names (see :func:`audit_tool.annex_a.plan_columns`);
    when a renamed column would clash with one the file already has, the file's names stay."""
    plan = plan_columns(
        columns,
        {column: normalise_column_name(column) for column in columns},
        keep_worker_names=keep_worker_names,
    )
    names = [output for _, output in plan.kept]
    add_cohort = cohort is not None
    extras = ([AGE_BAND_COLUMN] if plan.birth_at is not None else []) + (
        [COHORT_COLUMN] if add_cohort else []
    )
    if len({name.casefold() for name in names + extras}) != len(names) + len(extras):
        add_cohort = cohort is not None and COHORT_COLUMN.casefold() not in {
            column.casefold() for column in columns
        }
        return _Shape(
            columns=columns + ([COHORT_COLUMN] if add_cohort else []),
            positions=list(range(len(columns))),
            reference_name=columns[reference_at],
            birth_at=None,
            add_cohort=add_cohort,
            dropped=[],
        )
    reference_name = next(output for position, output in plan.kept if position == reference_at)
    return _Shape(
        columns=names + extras,
        positions=[position for position, _ in plan.kept],
        reference_name=reference_name,
        birth_at=plan.birth_at,
        add_cohort=add_cohort,
        dropped=plan.dropped,
    )


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


def _fit_row(cells: list[str], columns: list[str], number: int, pad_short_rows: bool) -> list[str]:
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
