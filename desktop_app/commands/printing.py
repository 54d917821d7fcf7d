"""How commands print: JSON on stdout, or a plain aligned table.

Kept apart from ``context`` (argparse, dataclasses) so the quick ``list`` path imports only this.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence

from desktop_app.plain_text import visible

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (3 ms; issue 17)
if TYPE_CHECKING:
    from typing import Any


def print_json(value: Any) -> None:
    """JSON on stdout; a list one object a line (encoded by json's C encoder, which an indent
    would turn off: 10,000 audits in a tenth of the time)."""
    import json

    if isinstance(value, list):
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        print_json_lines(encode(item) for item in value)
        return
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def print_json_lines(objects: Iterable[str]) -> None:
    """A JSON list on stdout from objects already encoded as JSON text, one a line."""
    lines = list(objects)
    if not lines:
        sys.stdout.write("[]\n")
        return
    # three writes: joining them first would copy megabytes twice more (10,000 audits: 3 ms)
    sys.stdout.write("[\n  ")
    sys.stdout.write(",\n  ".join(lines))
    sys.stdout.write("\n]\n")


def print_table(rows: Sequence[Mapping[str, Any]], columns: Iterable[str]) -> None:
    """A plain aligned text table; an empty list says so."""
    columns = list(columns)
    if not rows:
        print("(none)")
        return
    texts = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(text[i]) for text in texts)) for i, column in enumerate(columns)
    ]
    print("  ".join(column.upper().ljust(widths[i]) for i, column in enumerate(columns)).rstrip())
    for text in texts:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(text)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # 549.0999999999999 (a mean or rate worked out in binary floating point) reads 549.1
        return repr(round(value, 6))
    return visible(value)  # text from bundles: control characters shown, never obeyed
