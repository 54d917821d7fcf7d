"""Reading a PDF's text back with poppler's `pdftotext`, and comparing it with what was typed."""

from __future__ import annotations

import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

from tests.helpers import require_tool

# Marks pdftotext adds around right-to-left runs (UAX #9 embedding controls), and hyphens: it
# joins a word across a line that ends in "-", dropping the hyphen.
_IGNORED = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u200e", "\u200f", "-", "\u00ad"}


def pdf_text(path: Path, *, body_only: bool = False, raw: bool = False) -> str:
    """The text of every page of the PDF at `path`; with `body_only`, without each page's
    header and footer lines (A4, points), so text running across pages reads on. With `raw`,
    in the order the report wrote it (pdftotext -raw) rather than the reading order pdftotext
    guesses from the positions (which reads a narrow column of short lines, e.g. one symbol
    per line, before the wider text beside and above it)."""
    tool = require_tool("pdftotext")
    crop = ["-x", "0", "-y", "48", "-W", "595", "-H", "750"] if body_only else []
    done = subprocess.run(
        [tool, "-enc", "UTF-8", *(["-raw"] if raw else []), *crop, str(path), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return done.stdout.decode("utf-8")


def letters(value: str) -> str:
    """`value` without whitespace, bidi controls and hyphens, in NFKC (what a reader sees: the
    PDF holds Arabic letters in their joined presentation forms, which NFKC turns back into
    the letters typed)."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKC", value)
        if not ch.isspace() and ch not in _IGNORED and unicodedata.category(ch) != "Cc"
    )


def has_rtl(value: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in value)


def found_in(typed: str, extracted: str) -> bool:
    """True when every letter typed is in the extracted text: in the same order for
    left-to-right text; as the same letters (any order) when right-to-left text is mixed in,
    since extractors reorder the neutral characters around right-to-left runs."""
    want, have = letters(typed), letters(extracted)
    if not has_rtl(typed):
        return want in have
    missing = Counter(want) - Counter(have)
    return not missing


def found_in_pdf(typed: str, path: Path) -> bool:
    """True when `typed` is found (`found_in`) in the body text of the PDF at `path`, read in
    pdftotext's reading order or, failing that, in the order the report wrote it."""
    return found_in(typed, pdf_text(path, body_only=True)) or found_in(
        typed, pdf_text(path, body_only=True, raw=True)
    )
