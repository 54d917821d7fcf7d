"""Labels that never read their text as HTML: for anything a bundle, a key card or a user wrote.

A QLabel guesses "rich text" when its text looks like HTML, so a signer's comment such as
`<a href=...>` or `<img src="file:///...">` would render as a link or load a local file. Every
label that can show such text is made with `plain()`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain(label: QLabel) -> QLabel:
    """`label`, set to show its text as plain text (Qt.TextFormat.PlainText); returns it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
