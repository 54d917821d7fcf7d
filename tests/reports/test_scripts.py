"""Names in every script people in England write them in print as letters, never as boxes: each
sample is set in a shipped font that has its glyphs, and `pdftotext` gives it back."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from desktop_app.reports.fonts import _coverage, font_for, joined_arabic, missing_letters
from tests.helpers import require_tool
from tests.reports.answers import set_audit_answers
from tests.reports.pdf_text import found_in_pdf

# (script, a name as people write it, the shipped font's PostScript name it must be set in)
NAMES = [
    ("Chinese", "王秀英", "WenQuanYiMicroHei"),
    ("Japanese", "山田さくら ヤマダ", "WenQuanYiMicroHei"),
    ("Korean", "김민준 한서연", "WenQuanYiMicroHei"),
    ("Devanagari", "प्रिया शर्मा", "NotoSansDevanagari"),
    ("Bengali", "রহিম আহমেদ", "NotoSansBengali"),
    ("Gurmukhi", "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "NotoSansGurmukhi"),
    ("Gujarati", "ધ્રુવ પટેલ", "NotoSansGujarati"),
    ("Tamil", "கார்த்திக் ராஜா", "NotoSansTamil"),
    ("Thai", "สมชาย ใจดี", "NotoSansThai"),
    ("Hebrew", "שלום כהן", "DejaVuSans"),
    ("Ethiopic", "አበበ ቢቂላ", "NotoSansEthiopic"),
    ("Greek", "Γιώργος Παπαδόπουλος", "DejaVuSans"),
    ("Cyrillic", "Дмитрий Иванов", "DejaVuSans"),
    ("Urdu", "عائشہ خان", "NotoSansArabic"),
    ("Persian", "نرگس پژوهش", "DejaVuSans"),
    ("Sinhala", "නිමල් පෙරේරා", "NotoSansSinhala"),
    ("Polish", "Łucja Wójcik", "DejaVuSans"),
    ("Emoji", "😊👍🏽", "Symbola"),
    ("Tibetan", "བཀྲ་ཤིས་ཆོས་སྒྲོན", "NotoSerifTibetan"),
    ("Mongolian", "ᠪᠠᠲᠤ", "NotoSansMongolian"),
    ("Cherokee", "ᏌᏊ ᎤᏍᏗ", "NotoSansCherokee"),
    ("Meetei Mayek", "ꯇꯣꯝꯕ ꯁꯤꯡꯍ", "NotoSansMeeteiMayek"),
]


def test_every_script_has_a_font_with_its_glyphs() -> None:
    for script, name, _font in NAMES:
        assert not missing_letters(name), script
        for ch in joined_arabic(name):
            if ch.isspace() or unicodedata.category(ch).startswith("C"):
                continue
            # the font each letter is set in has a glyph for it (the letter never prints as a box)
            assert ord(ch) in _coverage(font_for(ord(ch))), (script, ch)


def test_names_in_every_script_print_and_read_back(demo_home: Path, tmp_path: Path) -> None:
    from desktop_app.home import Home
    from desktop_app.reports.audit_report import write_audit_report
    from desktop_app.store.database import open_database

    commentary = "\n".join(f"{script}: {name}" for script, name, _font in NAMES)
    set_audit_answers(demo_home, 2, {"voice_commentary": commentary})
    database = open_database(Home(demo_home))
    try:
        pdf = write_audit_report(database, 2, tmp_path / "names.pdf")
    finally:
        database.close()
    for script, name, _font in NAMES:
        assert found_in_pdf(name, pdf), script
    fonts = subprocess.run(
        [require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    for script, _name, font in NAMES:
        assert f"+{font}" in fonts, script


def test_an_urdu_name_reads_back_in_the_order_typed(demo_home: Path, tmp_path: Path) -> None:
    """pdftotext gives right-to-left letters back in logical order (the order typed): the
    report draws each run reversed (visual order) and pdftotext's own bidi pass undoes it; the
    letters come as their joined forms, which NFKC maps back to the letters typed."""
    from desktop_app.home import Home
    from desktop_app.reports.audit_report import write_audit_report
    from desktop_app.store.database import open_database
    from tests.reports.pdf_text import pdf_text

    set_audit_answers(demo_home, 2, {"voice_commentary": "Spoke with عائشہ خان today."})
    database = open_database(Home(demo_home))
    try:
        pdf = write_audit_report(database, 2, tmp_path / "urdu.pdf")
    finally:
        database.close()
    text = unicodedata.normalize("NFKC", pdf_text(pdf))
    assert "عائشہ خان" in text
    # joined: the PDF holds initial/medial/final forms, not the isolated letters
    assert "\ufecb" in pdf_text(pdf)  # ARABIC LETTER AIN INITIAL FORM


def test_chart_labels_in_any_script_print(tmp_path: Path) -> None:
    """A chart's labels (a council's own template may name its areas in any language) are set
    in fonts that have their letters, and wrapped, not cut."""
    from desktop_app.reports.base import ReportDocument

    labels = [name for _script, name, _font in NAMES]
    document = ReportDocument(
        tmp_path / "chart.pdf", title="Chart", council="Midthorpe Council", status="test"
    )
    document.bar_chart(labels, {"% good": [50.0] * len(labels), "王秀英": [40.0] * len(labels)})
    pdf = document.build()
    for script, name, _font in NAMES:
        assert found_in_pdf(name, pdf), script
    fonts = subprocess.run(
        [require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "+WenQuanYiMicroHei" in fonts and "+NotoSansDevanagari" in fonts


def test_numbers_inside_right_to_left_text_keep_their_order() -> None:
    """Right-to-left runs are drawn reversed, but a number inside one reads left to right, as
    the Unicode bidirectional algorithm draws it (a case number, a year, 3.14)."""
    from desktop_app.reports.bidi import visual_line

    assert visual_line("שלום 2026 כהן") == "ןהכ 2026 םולש"
    assert visual_line("عدد 3.14 و 1,000") == "1,000 و 3.14 ددع"
    assert visual_line("رقم ١٢٣") == "١٢٣ مقر"  # Arabic-Indic digits too
