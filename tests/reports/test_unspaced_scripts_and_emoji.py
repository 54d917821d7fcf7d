"""Thai and Khmer (no spaces between words) break between words, and emoji sequences (a
family joined by zero width joiners, flags, skin tones) are never cut, in PDF paragraphs and
table cells: no line wider than its column, no box, and every character read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from desktop_app.reports import text_breaks
from desktop_app.reports.fonts import BODY, markup, register_fonts, text_blocks
from desktop_app.reports.shaping import actual_text
from desktop_app.reports.text_breaks import break_offsets, graphemes
from tests.reports.pdf_text import letters, pdf_text

THAI = "ครอบครัวได้รับการสนับสนุนจากนักสังคมสงเคราะห์อย่างต่อเนื่องและเด็กปลอดภัยที่บ้าน"
KHMER = "ក្រុមគ្រួសារទទួលបានការគាំទ្រពីបុគ្គលិកសង្គមកិច្ចជាប្រចាំហើយកុមារមានសុវត្ថិភាព"
FAMILY = "👨\u200d👩\u200d👧\u200d👦"
ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
EMOJI = FAMILY + "🇬🇧" + "👍🏽" + ENGLAND + "❤️" + "#️⃣" + "🫶"  # 🫶: newer than the fonts
STYLE = ParagraphStyle("cell", fontName=BODY, fontSize=10, leading=13)


def _line_texts(paragraph: Paragraph) -> list[str]:
    """The letters each wrapped line reads back as (a shaped cluster's private codes as the
    letters typed)."""
    lines = []
    for line in paragraph.blPara.lines:
        read = ""
        for word in line.words:
            face = pdfmetrics.getFont(word.fontName).face
            name = face.name.decode("latin-1") if isinstance(face.name, bytes) else face.name
            for ch in word.text:
                text = actual_text(str(name), ord(ch))
                read += ch if text is None else text
        lines.append(read)
    return lines


def _wrapped(text: str, width: float) -> tuple[Paragraph, list[str]]:
    register_fonts()
    paragraph = Paragraph(markup(text, BODY), STYLE)
    paragraph.wrap(width, 10_000)
    return paragraph, _line_texts(paragraph)


@pytest.mark.parametrize("sentence", [THAI, KHMER], ids=["thai", "khmer"])
def test_a_long_thai_or_khmer_sentence_breaks_between_words_within_its_column(
    sentence: str,
) -> None:
    text = sentence * 3
    paragraph, lines = _wrapped(text, 150)
    assert "".join(lines) == text  # nothing lost, nothing added, in order
    assert len(lines) > 3
    ends = 0
    for line, drawn in zip(lines[:-1], paragraph.blPara.lines, strict=False):
        ends += len(line)
        assert drawn.extraSpace >= -0.01  # no line wider than the column
        if text_breaks.icu_available():
            assert ends in break_offsets(text), line  # between two words
        else:
            assert ends in {sum(map(len, graphemes(text)[:n])) for n in range(len(text))}


def test_emoji_sequences_are_never_cut_and_never_drawn_as_boxes() -> None:
    text = EMOJI * 12
    paragraph, lines = _wrapped(text, 60)
    assert "".join(lines) == text
    clusters = set(graphemes(EMOJI))
    assert FAMILY in clusters and ENGLAND in clusters
    boundaries = {sum(map(len, graphemes(text)[:n])) for n in range(len(graphemes(text)) + 1)}
    ends = 0
    for line in lines:
        ends += len(line)
        assert ends in boundaries, line  # a line ends between two whole emoji
    for line in paragraph.blPara.lines:
        for word in line.words:
            face = pdfmetrics.getFont(word.fontName).face
            # glyph 0 is .notdef, the box
            assert all(face.charToGlyph.get(ord(ch), 0) != 0 for ch in word.text), word.text


def test_thai_khmer_and_emoji_in_a_pdf_read_back_in_full(tmp_path: Path) -> None:
    register_fonts()
    story = [Paragraph(markup(text, BODY), STYLE) for text in (THAI * 8, KHMER * 8, EMOJI * 10)]
    pdf = tmp_path / "unspaced.pdf"
    SimpleDocTemplate(str(pdf), leftMargin=200, rightMargin=200).build(story)
    extracted = letters(pdf_text(pdf, raw=True))
    for text in (THAI, KHMER, FAMILY, ENGLAND, "👍🏽", "🇬🇧", "🫶"):
        assert letters(text) in extracted, text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([THAI[:12], KHMER[:9], FAMILY, "🇫🇷", "👍🏿", ENGLAND, "e\u0301", "x"]),
        min_size=1,
        max_size=40,
    ),
    st.integers(min_value=3, max_value=40),
)
def test_text_blocks_never_end_inside_a_grapheme(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    blocks = text_blocks(text, limit)
    assert "".join(blocks) == text
    boundaries = {0}
    for cluster in graphemes(text):
        boundaries.add(max(boundaries) + len(cluster))
    ends = 0
    for block in blocks:
        ends += len(block)
        assert ends in boundaries


@given(st.text(max_size=60))
def test_breaks_and_graphemes_keep_every_character(text: str) -> None:
    assert "".join(graphemes(text)) == text
    assert all(0 < offset < len(text) for offset in break_offsets(text))
    inside = set()
    position = 0
    for cluster in graphemes(text):
        inside.update(range(position + 1, position + len(cluster)))
        position += len(cluster)
    assert not inside & break_offsets(text)


def test_without_icu_thai_breaks_between_graphemes_and_emoji_stay_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text_breaks, "_breakers", lambda: None)
    text_breaks._cached_graphemes.cache_clear()
    text_breaks._cached_breaks.cache_clear()
    try:
        assert not text_breaks.icu_available()
        assert graphemes(EMOJI) == [FAMILY, "🇬🇧", "👍🏽", ENGLAND, "❤️", "#️⃣", "🫶"]
        text = THAI * 3 + EMOJI * 3
        paragraph, lines = _wrapped(text, 150)
        assert "".join(lines) == text
        clusters = graphemes(text)
        boundaries = {sum(map(len, clusters[:n])) for n in range(len(clusters) + 1)}
        ends = 0
        for line, drawn in zip(lines, paragraph.blPara.lines, strict=True):
            ends += len(line)
            assert ends in boundaries and drawn.extraSpace >= -0.01
    finally:
        text_breaks._cached_graphemes.cache_clear()
        text_breaks._cached_breaks.cache_clear()
