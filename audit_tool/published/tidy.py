"""Read the DfE's tidy CSV files (Explore Education Statistics, "tidy data" format).

A tidy file has one row per time period, geography and filter combination, and one column per
measure. The columns this module relies on are the EES standard ones (DfE, "Open data
standards for official statistics", https://dfe-analytical-services.github.io/analysts-guide/):
``time_period``, ``geographic_level`` (``National``, ``Regional``, ``Local authority``),
``region_code``, ``old_la_code`` (3 digits), ``new_la_code`` (E06.../E08.../E09.../E10...).

Reading is forgiving where files differ harmlessly (a UTF-8 byte-order mark, another column
order, quoted empty cells, Windows line ends) and strict where they do not: a file without the
standard columns is refused with one sentence naming the file and what is missing.

Measure cells are numbers or the EES suppression codes (DfE, "Symbols used"):
``c`` confidential, ``x`` not available, ``z`` not applicable, ``u`` low reliability,
``low`` a small number above zero, ``k`` fewer than 0.5 (rounds to 0); ``:`` (not
available, an older symbol) is read as ``x``. Anything else in a measure cell is refused, naming
the row and column.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class PublishedDataError(ValueError):
    """A published file that cannot be used; the message names the file and what is wrong."""


class Level(StrEnum):
    """The EES ``geographic_level`` values this app uses."""

    NATIONAL = "National"
    REGIONAL = "Regional"
    LOCAL_AUTHORITY = "Local authority"


SUPPRESSION_CODES: frozenset[str] = frozenset({"c", "x", "z", "u", "low", "k"})
"""The EES suppression and symbol codes stored as suppressed (never refused)."""

_OLD_SYMBOLS = {":": "x", "..": "x", "": ""}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
STANDARD_COLUMNS = ("time_period", "geographic_level")


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A suppressed published cell and its code (``c``, ``x``, ``z``, ``u``, ``low``, ``k``)."""

    code: str


Cell = float | Suppressed | None
"""A measure cell: a number, a suppressed cell, or None when the cell is empty."""


@dataclass(frozen=True, slots=True)
class TidyRow:
    """One row of a tidy file: where and when, and its other cells as text."""

    number: int  # the spreadsheet row number (header is row 1)
    time_period: str
    level: str
    region_code: str
    old_la_code: str
    new_la_code: str
    name: str
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class TidyTable:
    """A tidy file: its name, columns (lower case) and rows."""

    name: str
    columns: list[str]
    rows: list[TidyRow]

    def cell(self, row: TidyRow, column: str) -> Cell:
        """The measure ``column`` of ``row`` as a :data:`Cell`; raises PublishedDataError
        naming the file, row and column for text that is neither a number nor a code."""
        return parse_cell(row.cells.get(column, ""), f"{self.name}, row {row.number}, {column}")


def parse_cell(text: str, where: str) -> Cell:
    """A cell's text as a number, :class:`Suppressed` or None (empty); ``where`` is used in the
    error message for anything else. Thousands separators (``1,234``) are accepted."""
    text = text.strip()
    if text in _OLD_SYMBOLS:
        code = _OLD_SYMBOLS[text]
        return Suppressed(code) if code else None
    lowered = text.lower()
    if lowered in SUPPRESSION_CODES:
        return Suppressed(lowered)
    plain = text.replace(",", "")
    if _NUMBER.match(plain):
        number = float(plain)
        if math.isfinite(number):
            return number
    raise PublishedDataError(
        f"{where}: '{text}' is neither a number nor a DfE suppression code "
        "(c, x, z, u, low, k); download the file again from Explore Education Statistics."
    )


def read_tidy_csv(path: Path) -> TidyTable:
    """Read the tidy CSV at ``path``; raise :class:`PublishedDataError` for an unreadable file or
    one without ``time_period`` and ``geographic_level`` columns."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PublishedDataError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    return parse_tidy_text(path.name, decode_text(path.name, raw))


def decode_text(name: str, raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252; refuses binary files."""
    if b"\x00" in raw[:4096]:
        raise PublishedDataError(f"{name} is not a CSV file (it holds binary data).")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_tidy_text(name: str, text: str) -> TidyTable:
    """Parse tidy CSV text (see :func:`read_tidy_csv`); ``name`` is used in messages."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise PublishedDataError(f"{name} is not a readable CSV file: {exc}.") from exc
    if not rows:
        raise PublishedDataError(f"{name} is empty; download the file again.")
    header = [cell.strip().lstrip("\ufeff").lower() for cell in rows[0]]
    missing = [column for column in STANDARD_COLUMNS if column not in header]
    if missing:
        raise PublishedDataError(
            f"{name} is not a DfE tidy statistics file (it has no "
            f"{' or '.join(missing)} column); choose a CSV downloaded from Explore Education "
            "Statistics."
        )
    width = len(header)
    wanted = (
        "time_period",
        "geographic_level",
        "region_code",
        "old_la_code",
        "new_la_code",
        "la_name",
        "region_name",
        "country_name",
    )
    # Columns a file lacks read as the empty cell appended at position ``width``.
    at = [header.index(column) if column in header else width for column in wanted]
    table_rows: list[TidyRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != width:
            if not any(cell.strip() for cell in cells):
                continue
            cells = (cells + [""] * width)[:width]
        padded = [*cells, ""]
        period, level, region, old, new, la, region_name, country = (
            padded[index].strip() for index in at
        )
        table_rows.append(
            TidyRow(
                number=number,
                time_period=period,
                level=level,
                region_code=region,
                old_la_code=old,
                new_la_code=new,
                name=la or region_name or country,
                cells=dict(zip(header, cells, strict=True)),
            )
        )
    return TidyTable(name, header, table_rows)


@functools.lru_cache(maxsize=512)
def product_period(time_period: str, *, census_30_september: bool = False) -> str:
    """The product's period ("2024-25") for a DfE ``time_period``.

    * ``2025`` for a reporting year to 31 March (children in need, children looked after):
      the year April 2024 to March 2025, ``2024-25``.
    * ``202425`` (EES financial or academic year): ``2024-25``.
    * ``2024`` for the social work workforce census (a snapshot at 30 September 2024;
      ``census_30_september``): the year that date falls in, ``2024-25``.

    Raises PublishedDataError for any other form.
    """
    text = time_period.strip()
    if re.fullmatch(r"\d{6}", text):
        start = int(text[:4])
        if int(text[4:]) != (start + 1) % 100:
            raise PublishedDataError(f"'{time_period}' is not a time period like 2025 or 202425.")
        return f"{start}-{text[4:]}"
    if re.fullmatch(r"\d{4}", text):
        start = int(text) if census_30_september else int(text) - 1
        return f"{start}-{(start + 1) % 100:02d}"
    raise PublishedDataError(f"'{time_period}' is not a time period like 2025 or 202425.")
