"""Text that stays text when a CSV file is opened in a spreadsheet.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab (0x09) or a carriage return (0x0D) may be run as a
formula by Excel, LibreOffice or Google Sheets. The recommended neutralising, used by every CSV
this application writes, is to put a single quote before such a cell (and to quote fields and
double embedded quotes, which Python's ``csv`` module does). Nothing else is changed, so
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
"""

from __future__ import annotations

import re

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_cell(value: str) -> str:
    """`value` with a ``'`` put before it when it begins with a formula starter (OWASP)."""
    return "'" + value if value.startswith(FORMULA_STARTERS) else value


def restore_csv_cell(value: str) -> str:
    """The text before `neutralise_csv_cell`: one leading ``'`` removed when a formula
    starter follows it."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTERS):
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
    escape as ``_x005F_``, a lone surrogate, U+FFFE or U+FFFF as U+FFFD. `xlsx_read_text`
    gives back `value` (but for those three kinds of non-character)."""
    if value.isprintable() and "_x" not in value:
        return value  # the common case: nothing to escape
    value = _NOT_CHARACTERS.sub("\ufffd", value)
    return _XLSX_WRITE.sub(lambda match: f"_x{ord(match.group(0)):04X}_", value)


def xlsx_read_text(value: str) -> str:
    """The text an XLSX cell's ST_Xstring stands for: each ``_xHHHH_`` read as the character
    U+HHHH (what Excel and calamine do; openpyxl gives the escapes as they are)."""
    if "_x" not in value:
        return value
    return _XLSX_READ.sub(lambda match: chr(int(match.group(1), 16)), value)
