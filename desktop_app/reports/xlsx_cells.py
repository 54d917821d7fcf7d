"""XLSX cells that hold people's text exactly as typed: text cells (never a formula, whatever
the text begins with), nothing inserted into the text. Characters XML 1.0 cannot hold are
written as the format's ``_xHHHH_`` escapes (`audit_tool.spreadsheet_text.xlsx_text`, ECMA-376
Part 1 §22.9.2.19), which Excel, LibreOffice and calamine read back as the character."""

from __future__ import annotations

from typing import Any

from audit_tool.spreadsheet_text import xlsx_text

__all__ = ["text_cell"]


def text_cell(sheet: Any, value: str) -> Any:
    """A cell for openpyxl's write-only `sheet` holding `value` as text (type "s"): never a
    formula, nothing added; see `xlsx_text` for the characters written as escapes."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    cell._value = xlsx_text(value)
    cell.data_type = "s"
    return cell
