"""Text from a bundle, made safe to show: every control or format character is shown visibly.

A bundle's signer writes its comment, titles and notes freely. Printed raw, a newline or an
ANSI escape sequence (ECMA-48) in them can forge lines such as "signer: trusted" or hide text;
bidirectional controls (Unicode TR #9, e.g. U+202E) can reorder what is read. `visible()` turns
every such character into a printable escape like `\\x1b` or `\\u202e`.
"""

from __future__ import annotations

import unicodedata

# Unicode general categories that are never printed as themselves: controls, format characters
# (bidi overrides, zero-width characters), line/paragraph separators, surrogates, private use and
# unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def visible(text: object) -> str:
    """`text` as one line of plain characters, hidden ones shown as `\\xNN` / `\\uNNNN` escapes."""
    shown = str(text)
    if shown.isprintable():
        return shown
    parts: list[str] = []
    for char in shown:
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            code = ord(char)
            parts.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            parts.append(char)
    return "".join(parts)
