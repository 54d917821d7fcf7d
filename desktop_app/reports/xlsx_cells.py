"""XLSX cells that hold people's text exactly as typed: text cells (never a formula, whatever
the text begins with), nothing inserted into the text. Characters XML 1.0 cannot hold are
written as the format's ``_xHHHH_`` escapes (`audit_tool.spreadsheet_text.xlsx_text`, ECMA-376
Part 1 §22.9.2.19), which Excel, LibreOffice and calamine read back as the character. A text
longer than Excel's 32,767-character cell limit is split over continuation columns
``<column> (part 2)``... (`text_table`, `audit_tool.spreadsheet_text.continued_columns`), which
`audits import` joins back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from audit_tool.spreadsheet_text import continued_columns, xlsx_text

__all__ = ["text_cell", "text_table"]


def text_cell(sheet: Any, value: str) -> Any:
    """A cell for openpyxl's write-only `sheet` holding `value` as text (type "s"): never a
    formula, nothing added; see `xlsx_text` for the characters written as escapes. `value`
    must be within Excel's cell limit (`text_table` splits longer texts)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    cell._value = xlsx_text(value)
    cell.data_type = "s"
    return cell


def text_table(
    sheet: Any, columns: Sequence[str], rows: Callable[[], Iterable[Sequence[Any]]]
) -> tuple[list[Any], Iterator[list[Any]]]:
    """The header and rows to append to openpyxl's write-only `sheet`: every text as a text
    cell (`text_cell`), a text longer than 32,767 characters split over continuation columns
    right after its own (`continued_columns`, which calls `rows` twice: once to size the
    columns, once to give the rows); other values (numbers, dates, None) as they are. The rows
    come one at a time, made into cells as they are appended."""
    header, table = continued_columns(columns, rows)

    def cell(value: Any) -> Any:
        return text_cell(sheet, value) if isinstance(value, str) else value

    return [cell(name) for name in header], ([cell(value) for value in row] for row in table)
