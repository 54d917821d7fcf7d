"""Read one sheet of a workbook (xlsx, xlsm, xls, ods) as rows of cell values, with calamine.

``python-calamine`` (Rust's calamine) reads workbooks far faster than openpyxl and gives each
formula cell the value Excel last calculated (its cached value). It does not give number
formats, so for ``.xlsx``/``.xlsm`` the identifiers a user sees with leading zeros (a number
stored as 7123 and formatted ``000000`` shows as 007123) are recovered here from the workbook's
own styles (ECMA-376 Part 1, 18.8.30 ``numFmt`` and 18.3.1.4 ``c/@s``), for one column only and
only when the workbook has such a format at all.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


class WorkbookError(ValueError):
    """A workbook that cannot be read; the message names the file and what to do."""


def sheet_names(path: Path) -> list[str]:
    """The names of the sheets of the workbook at ``path``, in workbook order."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except OSError as exc:
        raise WorkbookError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise WorkbookError(
            f"{path.name} cannot be opened as an Excel workbook; save it again as .xlsx or .csv."
        ) from exc
    try:
        return list(workbook.sheet_names)
    finally:
        workbook.close()


def read_sheet(path: Path, sheet: str | None) -> tuple[str, list[list[Any]]]:
    """The named sheet (or the first) of ``path`` as (sheet name, rows of Python values).

    Values are calamine's: str, float, int, bool, ``datetime.date``/``datetime``/``time``/
    ``timedelta``, "" for an empty cell. Raises :class:`WorkbookError` for a file that is not a
    workbook or a sheet that is not in it (naming the sheets that are).
    """
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except OSError as exc:
        raise WorkbookError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    except Exception as exc:  # calamine's own error types
        raise WorkbookError(
            f"{path.name} cannot be opened as an Excel workbook; save it again as .xlsx or .csv."
        ) from exc
    try:
        names = list(workbook.sheet_names)
        if not names:
            return "", []
        name = names[0] if sheet is None else _find_sheet(path, names, sheet)
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine's own error types
            raise WorkbookError(
                f"{path.name}: the sheet '{name}' is damaged; save the workbook again as .xlsx."
            ) from exc
        return name, rows
    finally:
        workbook.close()


def _find_sheet(path: Path, names: Sequence[str], wanted: str) -> str:
    if wanted in names:
        return wanted
    folded = {name.strip().casefold(): name for name in names}
    found = folded.get(wanted.strip().casefold())
    if found is None:
        listed = ", ".join(f"'{name}'" for name in names)
        raise WorkbookError(f"{path.name} has no sheet '{wanted}'; its sheets are {listed}.")
    return found


_ZERO_FORMAT = re.compile(r"^0+$")
_NUM_FMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_NUM_FMT_ID = re.compile(rb'numFmtId="(\d+)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")


@dataclass(frozen=True, slots=True)
class SheetXml:
    """One worksheet's XML part and the workbook's all-zero number formats (style index ->
    digits), read once for the checks calamine cannot make."""

    xml: bytes
    zero_styles: dict[int, int]


def read_sheet_xml(path: Path, sheet: str) -> SheetXml | None:
    """The XML of ``sheet`` in an ``.xlsx``/``.xlsm`` workbook; None for other formats or a
    workbook whose parts cannot be found."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                styles = _zero_styles(archive.read("xl/styles.xml"))
            except KeyError:
                styles = {}
            part = _sheet_part(archive, sheet)
            if part is None:
                return None
            return SheetXml(archive.read(part), styles)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def zero_padded_widths(sheet: SheetXml, column: int) -> dict[int, int]:
    """{row index (0-based): digits} of the cells of ``column`` (0-based) whose number format
    is all zeros (``000000``: show 6 digits); empty when the workbook has no such format."""
    if not sheet.zero_styles:
        return {}
    letters = _column_letters(column)
    # Cells are written <c r="A2" s="3" ...> by Excel, LibreOffice and openpyxl alike.
    cell = re.compile(rb'<c r="' + letters.encode() + rb'(\d+)"([^>]*)>')
    widths: dict[int, int] = {}
    for match in cell.finditer(sheet.xml):
        style = _STYLE.search(match.group(2))
        if style is not None and int(style.group(1)) in sheet.zero_styles:
            widths[int(match.group(1)) - 1] = sheet.zero_styles[int(style.group(1))]
    return widths


@dataclass(frozen=True, slots=True)
class FormulaProblem:
    """A cell whose value cannot be trusted: a formula error (``#REF!``) or a formula with no
    saved value (a workbook written by a program that does not calculate)."""

    row: int  # 0-based
    column: int  # 0-based
    error: str  # the error text, or "" for a formula with no saved value


_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?t="e"[^>]*>\s*(?:<f[^>]*>.*?</f>)?\s*<v>([^<]*)</v>'
)
_UNCACHED = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>\s*<f[^>]*>[^<]*</f>\s*(?:<v\s*/>|<v></v>|</c>)'
)


def formula_problems(sheet: SheetXml) -> list[FormulaProblem]:
    """Every cell holding a formula error or a formula without a saved value (calamine shows
    both as empty), in sheet order."""
    xml = sheet.xml
    found: list[FormulaProblem] = []
    if b't="e"' in xml:
        found += [
            FormulaProblem(
                int(match.group(2)) - 1,
                _column_index(match.group(1).decode()),
                match.group(3).decode("utf-8", "replace"),
            )
            for match in _ERROR_CELL.finditer(xml)
        ]
    if b"</f>" in xml:
        found += [
            FormulaProblem(int(match.group(2)) - 1, _column_index(match.group(1).decode()), "")
            for match in _UNCACHED.finditer(xml)
        ]
    return sorted(found, key=lambda problem: (problem.row, problem.column))


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _zero_styles(styles_xml: bytes) -> dict[int, int]:
    formats = {
        int(number): len(code)
        for number, code in _NUM_FMT.findall(styles_xml)
        if _ZERO_FORMAT.match(code.decode("utf-8", "replace"))
    }
    if not formats:
        return {}
    block = _CELL_XFS.search(styles_xml)
    if block is None:
        return {}
    zero: dict[int, int] = {}
    for index, xf in enumerate(_XF.findall(block.group(1))):
        number = _NUM_FMT_ID.search(xf)
        if number is not None and int(number.group(1)) in formats:
            zero[index] = formats[int(number.group(1))]
    return zero


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    relation_id: bytes | None = None
    for attrs_text in _SHEET.findall(archive.read("xl/workbook.xml")):
        attrs: dict[bytes, bytes] = dict(_ATTR.findall(attrs_text))
        if html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace")) == sheet:
            relation_id = attrs.get(b"r:id")
            break
    if relation_id is None:
        return None
    for attrs_text in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTR.findall(attrs_text))
        if attrs.get(b"Id") == relation_id:
            target: str = attrs.get(b"Target", b"").decode("utf-8", "replace")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    return None


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
