"""Indic and South-East Asian scripts, Tibetan and Mongolian are shaped (conjuncts formed, vowel
signs reordered, marks stacked), never drawn as boxes, and read back from the PDF as typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics

from desktop_app.reports.fonts import font_for, register_fonts
from desktop_app.reports.shaping import shape_word
from tests.reports.answers import set_assessment_answers, set_audit_answers
from tests.reports.pdf_text import found_in_pdf, letters, pdf_text

# (script, a sentence a practitioner might write)
SENTENCES = [
    ("Hindi", "प्रिया शर्मा ने बताया कि बच्चे की सुरक्षा योजना (क्षेत्रीय टीम) हर हफ़्ते देखी जाती है।"),
    ("Bengali", "রহিম আহমেদ বলেছেন শিশুটি এখন নিরাপদ এবং স্কুলে যাচ্ছে।"),
    ("Tamil", "கார்த்திக் ராஜா சொன்னார்: குழந்தையின் பாதுகாப்புத் திட்டம் சரியானது."),
    ("Thai", "สมชาย ใจดี กล่าวว่าเด็กปลอดภัยและได้ไปโรงเรียนทุกวัน"),
    ("Tibetan", "བཀྲ་ཤིས་ཆོས་སྒྲོན་གྱིས་བྱིས་པ་བདེ་འཇགས་ཡིན་ཞེས་བཤད།"),
    ("Cherokee", "ᏌᏊ ᎤᏍᏗ ᎣᏏᏲ ᏙᎯᏳᎭ"),
    ("Malayalam", "കുട്ടി സുരക്ഷിതമാണ്"),
    ("Myanmar", "မြန်မာ ကလေး"),
    ("Urdu", "عائشہ خان نے کہا کہ بچہ محفوظ ہے۔"),
]


def _glyphs(text: str) -> list[int]:
    """The glyph ids a paragraph draws for `text`, a word in one script's font."""
    register_fonts()
    name = font_for(ord(text[0]))
    frag = ABag(fontName=name, fontSize=10)
    word = shape_word([pdfmetrics.stringWidth(text, name, 10), (frag, text)])
    face = pdfmetrics.getFont(name).face
    return [face.charToGlyph[ord(ch)] for _frag, part in word[1:] for ch in part]


def test_conjuncts_are_formed_and_vowel_signs_reordered() -> None:
    face = pdfmetrics.getFont(font_for(ord("क"))).face
    # "kṣa" is one conjunct glyph, not three letters with a visible virama
    assert len(_glyphs("क्ष")) == 1
    # the vowel sign "i" (a form of it as wide as its consonant) is drawn before the consonant
    # it follows
    vowel_sign, consonant = _glyphs("कि")
    assert consonant == face.charToGlyph[ord("क")] and vowel_sign != consonant
    # never a box (glyph 0 is .notdef)
    for _script, sentence in SENTENCES:
        for word in sentence.split():
            if ord(word[0]) >= 0x900:
                assert 0 not in _glyphs(word), word


@pytest.mark.slow
def test_shaped_scripts_print_and_read_back_in_a_commentary_and_an_answer(
    demo_home: Path, tmp_path: Path
) -> None:
    from desktop_app.home import Home
    from desktop_app.reports.assessment_report import write_assessment_report
    from desktop_app.reports.audit_report import write_audit_report
    from desktop_app.store.database import open_database

    text = "\n".join(f"{script}: {sentence}" for script, sentence in SENTENCES)
    set_audit_answers(demo_home, 2, {"voice_commentary": text})
    set_assessment_answers(demo_home, 2, {"leaders_strengths": text})
    database = open_database(Home(demo_home))
    try:
        audit = write_audit_report(database, 2, tmp_path / "audit.pdf")
        assessment = write_assessment_report(database, 2, tmp_path / "sa.pdf")
    finally:
        database.close()
    for pdf in (audit, assessment):
        extracted = letters(pdf_text(pdf, raw=True))
        for script, sentence in SENTENCES:
            if script != "Urdu":  # left to right: the letters in the order typed
                assert letters(sentence) in extracted, script
            assert found_in_pdf(sentence, pdf), script
