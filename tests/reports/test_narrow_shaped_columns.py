"""Tibetan (no spaces: a sentence is one word) in a narrow table column: broken between
syllables, after a tsheg, still shaped, never boxes, and the row as tall as its lines (found by an
attacker on the visit report's "Who was told", "By team" and "Audits" tables)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import Paragraph, SimpleDocTemplate

from desktop_app.reports.fonts import BODY, BOLD, markup, register_fonts
from desktop_app.reports.pdf_tables import page_tables
from desktop_app.reports.shaping import enable_shaping
from tests.reports.pdf_text import letters, pdf_text

TIBETAN = "བཀྲ་ཤིས་ཆོས་སྒྲོན་གྱིས་བྱིས་པ་བདེ་འཇགས་ཡིན་ཞེས་བཤད།"
STYLE = ParagraphStyle("cell", fontName=BODY, fontSize=10, leading=12)


def _drawn_lines(paragraph: Paragraph) -> list[list[tuple[str, str]]]:
    """(font, text) of each run on each line of a wrapped paragraph."""
    return [[(word.fontName, word.text) for word in line.words] for line in paragraph.blPara.lines]


def test_a_long_tibetan_word_breaks_after_a_tsheg_and_stays_shaped_when_laid_out_again() -> None:
    register_fonts()
    assert enable_shaping()
    paragraph = Paragraph(markup(TIBETAN, BODY), STYLE)
    first = paragraph.wrap(108, 1000)
    lines = _drawn_lines(paragraph)
    # a table measures a cell, then lays it out again in the height it measured
    assert paragraph.wrap(108, first[1]) == first
    assert _drawn_lines(paragraph) == lines
    assert len(lines) == 2
    for number, line in enumerate(lines):
        text = "".join(text for _font, text in line)
        if number < len(lines) - 1:
            assert text.endswith("\u0f0b"), text  # broken after a syllable, not inside one
        for font, run in filter(lambda pair: pair[1], line):  # a break is an empty run
            assert isinstance(run, ttfonts.ShapedStr)  # marks keep their places
            face = pdfmetrics.getFont(font).face
            # never a box: glyph 0 is .notdef
            assert all(face.charToGlyph.get(ord(ch), 0) != 0 for ch in run), run


def test_tibetan_in_a_narrow_table_column_reads_back_and_its_row_holds_it(tmp_path: Path) -> None:
    register_fonts()
    enable_shaping()
    rows = [["Team", "Audits"], [TIBETAN, "4"], ["Oxtown Borough Council", "2"]]
    tables = page_tables(
        rows,
        [120, 60],
        header=True,
        cell_style=STYLE,
        header_style=ParagraphStyle("head", fontName=BOLD, fontSize=10, leading=12),
        header_colour=colors.darkblue,
        zebra=colors.whitesmoke,
        rule=colors.grey,
    )
    table = tables[0]
    width, height = table.wrap(180, 1000)
    cell = table._cellvalues[1][0]
    paragraph = cell[0] if isinstance(cell, (list, tuple)) else cell
    # the row is as tall as the lines its cell draws (padding 3 + 3): nothing spills over
    drawn = paragraph.wrap(120 - 8, table._rowHeights[1])[1]
    assert table._rowHeights[1] >= drawn + 6
    pdf = tmp_path / "narrow.pdf"
    SimpleDocTemplate(str(pdf)).build(tables)
    extracted = letters(pdf_text(pdf, raw=True))
    assert letters(TIBETAN) in extracted
    assert width == 180 and height < 100
