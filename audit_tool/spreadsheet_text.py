"""Text that stays text when a CSV file is opened in a spreadsheet.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab (0x09) or a carriage return (0x0D) may be run as a
formula by Excel, LibreOffice or Google Sheets. The recommended neutralising, used by every CSV
this application writes, is to put a single quote before such a cell (and to quote fields and
double embedded quotes, which Python's ``csv`` module does). Nothing else is changed, so
`restore_csv_cell` gives back the text exactly as typed.

XLSX files need no such change: their cells are written as text cells, never formulas.
"""

from __future__ import annotations

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
