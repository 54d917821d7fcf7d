"""A right-to-left paragraph that wraps (Arabic, Hebrew, mixed with English and numbers) reads
line after line in the order typed, each line right to left and right-aligned, in a paragraph
and in a table cell: lines are broken in the order typed, then each is reordered (UAX #9,
rules L1-L2)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.reports.bidi import (
    base_level,
    line_levels,
    paragraph_levels,
    reorder,
    visual_line,
)
from tests.helpers import require_tool

HEBREW = (
    "הצוות בדק את התיקים של שלושה ילדים ומצא כי התוכנית (Child protection plan) מתקדמת "
    "היטב, אך יש לעדכן את ההערכה עד 31.12.2026 ולשלוח את הדוח למנהל הצוות לפני הישיבה "
    "הבאה של הוועדה."
)
ARABIC = (
    "أكد الفريق أن خطة التحسين تسير وفق الجدول الزمني المحدد، وقد تمت مراجعة 12 حالة من قبل "
    "مدير الفريق (Team manager) في شهر مارس 2026، وأظهرت النتائج تحسنا واضحا في جودة "
    "الزيارات المنزلية، ويجب متابعة خطة الأطفال في مدرسة Oxtown الابتدائية قبل نهاية العام."
)


def _rtl_word(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def _typed_order(drawn: str) -> str:
    """A right-to-left word as drawn (glyphs left to right) in the order typed: reversed, and
    Arabic's joined forms (a lam-alef ligature is one glyph) back to the letters (NFKC)."""
    return unicodedata.normalize("NFKC", drawn[::-1])


def _bare(word: str) -> str:
    return unicodedata.normalize("NFKC", word).strip(".,،()")


def _words(path: Path) -> list[tuple[float, float, float, str]]:
    """Each word pdftotext finds: (line's baseline, left, right, the word's glyphs left to
    right)."""
    tool = require_tool("pdftotext")
    done = subprocess.run([tool, "-bbox", str(path), "-"], capture_output=True, check=True)
    found = re.findall(
        r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        done.stdout.decode("utf-8"),
    )
    return [(round(float(y), 1), float(x0), float(x1), word) for x0, x1, y, word in found]


def _lines_of(
    words: list[tuple[float, float, float, str]], typed: str
) -> list[list[tuple[float, float, float, str]]]:
    """The lines (top to bottom) holding the right-to-left words of `typed`, each line's
    words from right to left."""
    wanted = {_bare(word) for word in typed.split() if _rtl_word(word)}
    lines: dict[float, list[tuple[float, float, float, str]]] = {}
    for word in words:
        if _bare(_typed_order(word[3])) in wanted:
            lines.setdefault(word[0], []).append(word)
    return [sorted(lines[y], key=lambda w: -w[2]) for y in sorted(lines)]


def _check_reads_in_order(words: list[tuple[float, float, float, str]], typed: str) -> None:
    """The right-to-left words of `typed` are drawn line after line, each line from right to
    left in the order typed; the paragraph is right-aligned; it wraps to 3 lines or more."""
    lines = _lines_of(words, typed)
    assert len(lines) >= 3
    drawn = [_bare(_typed_order(w[3])) for line in lines for w in line]
    typed_words = [_bare(word) for word in typed.split() if _rtl_word(word)]
    assert drawn == typed_words
    # right-aligned: every line ends at the same right edge (the last line too)
    edges = [max(w[2] for w in words if w[0] == line[0][0]) for line in lines]
    assert max(edges) - min(edges) < 1.5, edges


def test_wrapped_rtl_paragraph_and_table_cell_read_line_after_line(tmp_path: Path) -> None:
    from reportlab.lib.units import mm

    from desktop_app.reports.base import ReportDocument

    pdf_path = tmp_path / "bidi.pdf"
    document = ReportDocument(pdf_path, title="Bidi", council="Midthorpe Council", status="t")
    document.paragraph(f"{HEBREW} {HEBREW}")  # 3 lines and more at the page's width
    document.page_break()
    document.paragraph(f"{ARABIC} {ARABIC}")
    document.page_break()
    document.table([["Case", "Commentary"], ["C-12", HEBREW]], [20 * mm, 80 * mm])
    document.page_break()
    document.table([["Case", "Commentary"], ["C-13", ARABIC]], [20 * mm, 80 * mm])
    document.build()
    pages = (f"{HEBREW} {HEBREW}", f"{ARABIC} {ARABIC}", HEBREW, ARABIC)
    for page, typed in enumerate(pages, start=1):
        one = tmp_path / f"page{page}.pdf"
        subprocess.run(
            [require_tool("pdfseparate"), "-f", str(page), "-l", str(page), str(pdf_path), one],
            check=True,
        )
        words = _words(one)
        _check_reads_in_order(words, typed)
        # English and numbers inside keep their own order, left to right
        texts = [w[3] for w in sorted(words, key=lambda w: (w[0], w[1]))]
        joined = " ".join(texts)
        if typed.startswith(HEBREW):
            assert "31.12.2026" in texts
            assert "protection plan" in joined
        else:
            assert "2026" in joined and "Team manager" in joined


def test_uax9_examples() -> None:
    """Lines in visual order, from UAX #9's examples and the cases reports meet."""
    assert visual_line("car means CAR.") == "car means CAR."  # no right-to-left letters
    assert visual_line("שלום (peace) עולם") == "םלוע (peace) םולש"
    assert visual_line("The word שלום (peace) here") == "The word םולש (peace) here"
    assert visual_line("رقم القضية: 2026/45") == "2026/45 :ةيضقلا مقر"
    assert visual_line("עברית 50% והלאה") == "האלהו 50% תירבע"
    assert base_level("  123 שלום abc") == 1
    assert base_level("abc שלום") == 0
    assert base_level("123 !") == 0
    # an emoji sequence and a letter with its marks stay whole
    assert visual_line("\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd \U0001f468\u200d\U0001f469") == (
        "\U0001f468\u200d\U0001f469 \u05dd\u05d5\u05b9\u05dc\u05e9\u05b8\u05c1"
    )


def test_line_reordering_keeps_trailing_spaces_at_the_paragraph_level() -> None:
    """Rule L1: the spaces ending a line take the paragraph's level (drawn at the line's end
    in its direction), and L2 reverses runs from the highest level down."""
    text = "abc אבג "
    levels = line_levels(text, paragraph_levels(text, 0), 0)
    assert levels == [0, 0, 0, 0, 1, 1, 1, 0]
    # a number (level 2) inside a right-to-left run (level 1) keeps its own order
    assert reorder(list("abcdef"), [0, 1, 1, 2, 2, 0]) == list("adecbf")


@settings(max_examples=60)
@given(
    st.text(
        st.sampled_from(list("abc אבג 123 ()[],.-%:\u05b8\u0627\u0644\u0661\u200d\U0001f468\n\t"))
        | st.characters(exclude_categories=["Cs"]),
        max_size=80,
    )
)
def test_visual_order_keeps_every_character(text: str) -> None:
    """Reordering never loses, adds or splits a character: the same characters, brackets
    mirrored at most; a line without right-to-left letters is unchanged."""
    drawn = visual_line(text)
    assert len(drawn) == len(text)
    pairs = str.maketrans(")]}>»›≥", "([{<«‹≤")  # a bracket and its mirror counted as one
    assert sorted(drawn.translate(pairs)) == sorted(text.translate(pairs))
    assert drawn.count("\n") == text.count("\n")
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        assert drawn == text
