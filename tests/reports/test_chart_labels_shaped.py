"""Chart labels (team and section names in the visit report's grade charts, indicator names in
the self-assessment's trend charts) are shaped as paragraphs are: Devanagari and Bengali
conjuncts and vowel signs by HarfBuzz, Arabic joined and right to left, each letter in a font
that has it, wrapped between words (Thai too) and never inside an emoji sequence."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.pdfbase import ttfonts
from reportlab.platypus import SimpleDocTemplate

from desktop_app.reports.fonts import BODY, clean, register_fonts
from desktop_app.reports.pdf_charts import bar_chart_drawing, drawn_width, wrap_label
from desktop_app.reports.text_breaks import graphemes
from tests.reports.pdf_text import letters, pdf_text

HINDI = "टीम क्षितिज – बाल संरक्षण"
BENGALI = "বাংলা দল ক্ষ"
ARABIC = "فريق حماية الطفل الشمالي الغربي"
HEBREW = "צוות הגנת הילד – דרום"
THAI = "ทีมคุ้มครองเด็กภาคเหนือและภาคใต้"
EMOJI = "Oxtown 👨\u200d👩\u200d👧\u200d👦🇬🇧👍🏽"


def _strings(node: Drawing | Group) -> list[String]:
    found: list[String] = []
    for child in node.contents:
        if isinstance(child, String):
            found.append(child)
        elif isinstance(child, Group):
            found += _strings(child)
    return found


def _chart(categories: list[str]) -> Drawing:
    register_fonts()
    return bar_chart_drawing(
        categories,
        {"Good or better": [float(n) for n in range(len(categories))]},
        colours=["#1b7f79"],
        title="ग्रेड — टीम अनुसार",
        value_max=None,
        width=400,
        label_width=130,
        title_colour=colors.navy,
        legend_colour=colors.grey,
    )


def test_indic_labels_are_drawn_shaped_and_read_back_as_typed(tmp_path: Path) -> None:
    drawing = _chart([HINDI, BENGALI, ARABIC, HEBREW, THAI, EMOJI])
    strings = _strings(drawing)
    indic = [s for s in strings if s.fontName in ("CF-Devanagari", "CF-Bengali")]
    shaped = [s for s in indic if isinstance(s.text, ttfonts.ShapedStr)]
    assert {s.fontName for s in shaped} == {"CF-Devanagari", "CF-Bengali"}
    # a conjunct or a vowel sign drawn before its consonant is never left unshaped (a virama
    # or the i sign drawn as typed, letter by letter)
    assert not [s for s in indic if s not in shaped and ("\u094d" in s.text or "ि" in s.text)]
    pdf = tmp_path / "chart.pdf"
    SimpleDocTemplate(str(pdf)).build([drawing])
    extracted = letters(pdf_text(pdf, raw=True))
    for label in (HINDI, BENGALI, THAI, "👨\u200d👩\u200d👧\u200d👦", "👍🏽", "ग्रेड"):
        assert letters(label) in extracted, label
    for label in (ARABIC, HEBREW):  # right to left: each word's letters, in its joined forms
        for word in label.split():
            if word != "–":
                assert letters(word) in extracted or letters(word[::-1]) in extracted, word


def test_a_right_to_left_label_of_several_lines_reads_from_its_first_line_down() -> None:
    register_fonts()
    lines = wrap_label(ARABIC, 60)
    assert len(lines) > 1
    assert all(drawn_width(line, BODY) <= 60 for line in lines)
    first_word = clean(ARABIC.split()[0])
    assert first_word in lines[0]  # the first word typed is on the first line
    assert "".join(line.replace(" ", "") for line in lines)


def test_labels_wrap_between_thai_words_and_whole_emoji_within_their_width() -> None:
    register_fonts()
    for label in (THAI * 2, EMOJI * 3, HINDI * 3):
        lines = wrap_label(label, 70)
        assert all(drawn_width(line, BODY) <= 70 for line in lines), lines
        assert "".join(lines).replace(" ", "") == clean(label).replace(" ", "")
        clusters = graphemes(label.replace(" ", ""))
        joined = ""
        boundaries = {0}
        for cluster in clusters:
            joined += cluster
            boundaries.add(len(joined))
        ends = 0
        for line in lines:
            ends += len(line.replace(" ", ""))
            assert ends in boundaries, line
