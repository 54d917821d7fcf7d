"""Text that stays text when a CSV file is opened in a spreadsheet.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab (0x09) or a carriage return (0x0D) may be run as a
formula by Excel, LibreOffice or Google Sheets. The recommended neutralising, used by every CSV
this application writes, is to put a single quote before such a cell (and to quote fields and
double embedded quotes, which Python's ``csv`` module does). A cell whose text already begins
with quotes followed by a formula starter (``'=x`` as typed) gets one more, so
`restore_csv_cell` gives back the text exactly as typed.

XLSX files need no such change: their cells are written as text cells, never formulas. Their
text is XML 1.0, which cannot hold most control characters, and whose readers turn a carriage
return into a line feed; the format's own escape (ECMA-376 Part 1, §22.9.2.19 ST_Xstring:
``_xHHHH_`` stands for the UTF-16 code unit HHHH) holds them, and Excel, LibreOffice and calamine
read it back as the character. `xlsx_text` writes it; `xlsx_read_text` reads it (openpyxl does
not). The rule, so every reader that follows the standard gets the text exactly as typed:

- C0 controls other than tab and line feed (carriage return included) are written as
  ``_xHHHH_``;
- an underscore that would otherwise start such an escape (text that really contains
  ``_x0041_``) is written as ``_x005F_``, the escape of ``_``;
- a lone surrogate and the noncharacters U+FFFE and U+FFFF (not characters: never typed, they
  come only from broken data; XML cannot hold them and calamine does not read their escapes)
  are written as U+FFFD REPLACEMENT CHARACTER. This is the one change to the text.

An XLSX cell holds at most 32,767 characters (Microsoft, "Excel specifications and limits";
Excel cuts a longer text when it opens the file). A longer text is split over continuation
columns placed right after its column, headed ``<column> (part 2)``, ``<column> (part 3)``...,
each part at most 32,767 UTF-16 code units (what Excel counts), never splitting a surrogate pair
(`continued_columns`); `joined_columns` puts the parts back together, so the text is read back
exactly as typed. Rows that need fewer parts leave the later part cells empty.

CSV has no such limit and holds any character, but a NUL or another control character written
raw is invisible in a spreadsheet, and some programs stop reading at a NUL. Every CSV cell of
people's text is therefore written with `csv_text`: C0 control characters other than tab, line
feed and carriage return are written as the same visible ``_xHHHH_`` escapes as in XLSX (an
underscore that would start one as ``_x005F_``), then formula starters are neutralised;
`csv_read_text` undoes both, giving back the text exactly as typed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

Cell = TypeVar("Cell")

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_cell(value: str) -> str:
    """`value` with a ``'`` put before it when it begins with a formula starter (OWASP), or
    with quotes followed by one (so that `restore_csv_cell` tells the two apart)."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTERS) else value


def restore_csv_cell(value: str) -> str:
    """The text before `neutralise_csv_cell`: one leading ``'`` removed when the text after
    its leading quotes begins with a formula starter."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTERS):
        return value[1:]
    return value


_ESCAPED = "\x00-\x08\x0b-\x1f"
# a character XML 1.0 cannot hold (or would not keep: CR), or an underscore that would be read
# as the start of an escape once written
_XLSX_WRITE = re.compile(f"[{_ESCAPED}]|_(?=x[0-9A-Fa-f]{{4}}(?:_|[{_ESCAPED}]))")
_XLSX_READ = re.compile("_x([0-9A-Fa-f]{4})_")
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xlsx_text(value: str) -> str:
    """`value` as the text of an XLSX cell (ST_Xstring, ECMA-376 Part 1 §22.9.2.19): the
    characters XML 1.0 cannot hold as ``_xHHHH_``, an underscore that would start such an
    escape as ``_x005F_``, a text of whitespace alone with its characters other than spaces
    escaped, a lone surrogate, U+FFFE or U+FFFF as U+FFFD. `xlsx_read_text`
    gives back `value` (but for those three kinds of non-character)."""
    if value.isprintable() and "_x" not in value:
        return value  # the common case: nothing to escape
    if not value.strip():
        # A cell of whitespace alone is read as empty (XML whitespace handling) unless marked
        # xml:space="preserve", which openpyxl does only for a leading or trailing space: every
        # other character is written as its escape so the text comes back as typed.
        return "".join(char if char == " " else f"_x{ord(char):04X}_" for char in value)
    value = _NOT_CHARACTERS.sub("\ufffd", value)
    return _XLSX_WRITE.sub(lambda match: f"_x{ord(match.group(0)):04X}_", value)


def xlsx_read_text(value: str) -> str:
    """The text an XLSX cell's ST_Xstring stands for: each ``_xHHHH_`` read as the UTF-16 code
    unit HHHH (what Excel and calamine do; openpyxl gives the escapes as they are), so a high
    and a low surrogate escaped one after the other (``_xD83D__xDE00_``) are one character
    (`joined_surrogates`). A lone surrogate escape is kept as a lone surrogate: callers refuse
    it with `has_lone_surrogate` (it cannot be stored or printed)."""
    if "_x" not in value:
        return value
    return joined_surrogates(_XLSX_READ.sub(lambda match: chr(int(match.group(1), 16)), value))


_SURROGATE = re.compile("[\ud800-\udfff]")


def joined_surrogates(value: str) -> str:
    """`value` with each high surrogate followed by a low surrogate joined into the one
    character the UTF-16 pair stands for (Unicode 15, §3.9 D91); lone surrogates are kept."""
    if _SURROGATE.search(value) is None:
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def has_lone_surrogate(value: str) -> bool:
    """True when `value` holds a surrogate code point (U+D800..U+DFFF) that is not half of a
    high-low pair: such text cannot be encoded as UTF-8, stored or printed."""
    return _SURROGATE.search(joined_surrogates(value)) is not None


_CSV_ESCAPED = "\x00-\x08\x0b\x0c\x0e-\x1f"
_CSV_WRITE = re.compile(f"[{_CSV_ESCAPED}]|_(?=x[0-9A-Fa-f]{{4}}_)")


def csv_text(value: str) -> str:
    """`value` as a CSV cell: C0 control characters other than tab, line feed and carriage
    return as ``_xHHHH_`` (an underscore that would start such an escape as ``_x005F_``), then
    a formula starter neutralised (`neutralise_csv_cell`). `csv_read_text` gives back
    `value` exactly."""
    if value.isprintable() and "_x" not in value:
        return neutralise_csv_cell(value)
    return neutralise_csv_cell(_CSV_WRITE.sub(lambda match: f"_x{ord(match.group(0)):04X}_", value))


def read_csv_cells(text: str) -> list[list[str]]:
    """The rows of CSV `text` (a file's whole text, newlines as written), each cell read with
    `csv_read_text`. A cell may be of any length: the `csv` module's field limit (128 KiB by
    default, which an answer of 50,000 characters written as escapes can pass) is raised to
    2 GiB - 1, the most every platform's C long holds. Raises csv.Error for malformed CSV."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    return [
        [csv_read_text(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""))
    ]


def csv_read_text(value: str) -> str:
    """The text a CSV cell written by `csv_text` stands for: the neutralising ``'`` removed
    (`restore_csv_cell`) and each ``_xHHHH_`` read as the character U+HHHH."""
    return xlsx_read_text(restore_csv_cell(value))


XLSX_CELL_LIMIT = 32_767  # characters (UTF-16 code units) in one cell: Excel's limit


def _part_name(column: str, part: int) -> str:
    return f"{column} (part {part})"


def xlsx_parts(value: str, limit: int = XLSX_CELL_LIMIT) -> list[str]:
    """`value` cut into pieces of at most `limit` UTF-16 code units each, never inside a
    surrogate pair; a text within the limit is one piece."""
    if len(value) <= limit // 2 or len(value.encode("utf-16-le")) <= 2 * limit:
        return [value]
    parts: list[str] = []
    start = units = 0
    for index, ch in enumerate(value):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > limit:
            parts.append(value[start:index])
            start, units = index, 0
        units += width
    parts.append(value[start:])
    return parts


def continued_columns(
    columns: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Cell | str]]],
    limit: int = XLSX_CELL_LIMIT,
) -> tuple[list[str], Iterator[list[Cell | str]]]:
    """`columns` and the rows `rows()` gives, with every text longer than `limit` split over
    continuation columns right after its own, headed ``<column> (part N)`` from N = 2 (see the
    module); cells that are not text are kept as they are. `joined_columns` undoes it.

    `rows` is called twice: once to find how many parts each column needs (only lengths are
    kept, so memory stays flat however many rows), then to give the rows, one at a time, each
    as long as the header."""
    extra = [0] * len(columns)
    for row in rows():
        for index, cell in enumerate(row[: len(columns)]):
            if isinstance(cell, str) and len(cell) > limit // 2:
                extra[index] = max(extra[index], len(xlsx_parts(cell, limit)) - 1)
    header: list[str] = []
    for index, column in enumerate(columns):
        header.append(column)
        header += [_part_name(column, part) for part in range(2, extra[index] + 2)]

    def split() -> Iterator[list[Cell | str]]:
        for row in rows():
            line: list[Cell | str] = []
            for index in range(len(columns)):
                cell = row[index] if index < len(row) else ""
                pieces = xlsx_parts(cell, limit) if isinstance(cell, str) else [cell]
                line += pieces
                line += [""] * (extra[index] + 1 - len(pieces))
            yield line

    return header, split()


_PART = re.compile(r"^(.*) \(part ([0-9]+)\)$")


def joined_columns(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """`rows` (the header first) with each continuation column ``<column> (part N)`` that
    follows its column joined back onto it, part by part, and removed (`continued_columns`);
    other columns are kept as they are."""
    if not rows:
        return []
    header = list(rows[0])
    owner: dict[int, int] = {}  # continuation column -> the column it continues
    expected: dict[str, tuple[int, int]] = {}  # column -> (its index, the next part number)
    for index, name in enumerate(header):
        match = _PART.match(name.strip())
        if match is not None and match.group(1) in expected:
            base, next_part = expected[match.group(1)]
            if int(match.group(2)) == next_part:
                owner[index] = base
                expected[match.group(1)] = (base, next_part + 1)
                continue
        expected[name.strip()] = (index, 2)
    if not owner:
        return [list(row) for row in rows]
    kept = [index for index in range(len(header)) if index not in owner]
    joined: list[list[str]] = []
    for row in rows:
        cells = list(row) + [""] * (len(header) - len(row))
        for index, base in owner.items():  # in column order, so parts join in order
            cells[base] += cells[index]
        joined.append([cells[index] for index in kept] + list(row[len(header) :]))
    joined[0] = [header[index] for index in kept]
    return joined
