"""The open Unicode fonts every PDF is set in, registered once, with a fallback for each letter.

ReportLab's built-in Helvetica has Latin-1 only, so Polish, Romanian, Urdu letters and emoji
printed as boxes. The reports use DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, most symbols,
much of Arabic), then Noto Sans Arabic (an Arabic-script word with a letter DejaVu lacks, e.g.
most Urdu, is set wholly in it, so its joined letters share one design), then one Noto Sans font
per script DejaVu lacks (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
Kannada, Malayalam, Sinhala, Thai, Lao, Khmer, Myanmar, Ethiopic, Armenian, Georgian, Syriac,
Thaana, Mongolian, Cherokee, Meetei Mayek; Noto Serif Tibetan for Tibetan), then WenQuanYi
Micro Hei (Chinese, Japanese kana and kanji, Korean Hangul), then Symbola (emoji and other
symbols). A character is set in the first of these that has it (see `runs`); the fonts after Noto Sans Arabic are read from disk only when a text needs them.
Licences and sources: `desktop_app/reports/fonts/README.md`.

Arabic-script letters (Arabic, Urdu, Persian...) are joined: `clean` gives each letter the
contextual form it takes in its word (initial, medial, final, isolated; lam-alef as one
ligature), as the Arabic Presentation Forms characters the fonts map, using `arabic_reshaper`
(HarfBuzz shaping, `shaping`, is kept to the scripts that need a shaping engine: Arabic is
joined here and laid out with the right-to-left ordering below, in one mechanism with Hebrew).
Right-to-left text is drawn right to left: a paragraph is broken into lines in the order typed,
then each line is drawn in visual order by the Unicode bidirectional algorithm (UAX #9,
`bidi`), right-aligned when the paragraph is right to left; so it reads correctly and
`pdftotext` gives back the letters in the order they were typed (logical order), as the
presentation forms, which NFKC normalisation turns back into the letters typed. Indic and
South-East Asian scripts, Tibetan and Mongolian are shaped with HarfBuzz (`shaping`): vowel
signs reordered, conjuncts formed, marks stacked, and read back from the PDF as typed.

ReportLab writes a font's ToUnicode map with 4 hex digits, which breaks characters beyond U+FFFF
(emoji): `register_fonts` replaces it with one that writes UTF-16BE, as ISO 32000-1 §9.10.3
requires, so an emoji is extracted as itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from arabic_reshaper import ArabicReshaper
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.reports.bidi import enable_bidi, visual_line
from desktop_app.reports.shaping import SHAPED_SCRIPTS, actual_text, alias_glyph, enable_shaping
from desktop_app.reports.text_breaks import break_offsets, graphemes

__all__ = [
    "BODY",
    "BOLD",
    "drawn_as_typed",
    "fits_plain",
    "markup",
    "register_fonts",
    "runs",
    "string_width",
]

FONT_DIR = Path(__file__).resolve().parent / "fonts"

BODY = "CF-Sans"
BOLD = "CF-Sans-Bold"

# Fonts for the scripts DejaVu Sans lacks, regular weight only (bold text in them is set in
# the regular weight): (name, file). Each is Noto Sans of that script except Tibetan (Noto
# Serif Tibetan) and the CJK font.
_SCRIPTS: tuple[tuple[str, str], ...] = (
    *(
        (f"CF-{script}", f"NotoSans{script}-Regular.ttf")
        for script in (
            "Hebrew",
            *(script for script in SHAPED_SCRIPTS if script != "Tibetan"),
            "Ethiopic",
            "Armenian",
            "Georgian",
            "Syriac",
            "Thaana",
            "Cherokee",
        )
    ),
    ("CF-Tibetan", "NotoSerifTibetan-Regular.ttf"),  # Noto has Tibetan in a serif design only
    ("CF-CJK", "wqy-microhei.ttc"),  # font 0 of the collection: WenQuanYi Micro Hei
)

# (name, file) in fallback order, for each weight.
_CHAINS: dict[str, tuple[tuple[str, str], ...]] = {
    BODY: (
        (BODY, "DejaVuSans.ttf"),
        ("CF-Arabic", "NotoSansArabic-Regular.ttf"),
        *_SCRIPTS,
        ("CF-Symbols", "Symbola.ttf"),
    ),
    BOLD: (
        (BOLD, "DejaVuSans-Bold.ttf"),
        ("CF-Arabic-Bold", "NotoSansArabic-Bold.ttf"),
        (BODY, "DejaVuSans.ttf"),
        *_SCRIPTS,
        ("CF-Symbols", "Symbola.ttf"),
    ),
}
_FILES = {name: filename for chain in _CHAINS.values() for name, filename in chain}
# Registered at once (every report uses them); the others when a text first needs them.
_EAGER = (BODY, BOLD, "CF-Arabic", "CF-Arabic-Bold")

# Characters never drawn: C0/C1 controls other than tab and line feed (a PDF has no glyph for
# them), and lone surrogates. They are shown as a space so the words around them stay apart.
_INVISIBLE = {"Cc", "Cs"}


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap for a subset font (one byte code per character), the Unicode values
    written as UTF-16BE hex so characters beyond U+FFFF are kept (ISO 32000-1 §9.10.3); a
    private code of a shaped grapheme gives the letters typed (`shaping.actual_text`)."""
    face = fontname.split("+", 1)[-1]
    pairs = []
    for index, code in enumerate(subset):
        text = actual_text(face, code)  # a shaped grapheme's letters (`shaping`)
        letters = chr(code) if text is None else text
        pairs.append(
            f"<{index:02X}> <{letters.encode('utf-16-be', 'surrogatepass').hex().upper()}>"
        )
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


@cache
def register_fonts() -> None:
    """Register the main fonts with ReportLab (idempotent), the Body/Bold family, and a family
    for every fallback font (each font is read from disk when first needed, `_register`)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    enable_shaping()
    enable_bidi()
    # charts' strings default to Helvetica (Latin-1 only): the body font instead
    from reportlab.graphics.shapes import STATE_DEFAULTS

    STATE_DEFAULTS["fontName"] = BODY
    for name in _EAGER:
        _register(name)
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=BODY, boldItalic=BOLD)
    pdfmetrics.registerFontFamily(
        "CF-Arabic",
        normal="CF-Arabic",
        bold="CF-Arabic-Bold",
        italic="CF-Arabic",
        boldItalic="CF-Arabic-Bold",
    )
    for name, _file in (*_SCRIPTS, ("CF-Symbols", "Symbola.ttf")):
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)


@cache
def _register(name: str) -> None:
    """Read the shipped font `name` (a key of `_FILES`) and register it with ReportLab."""
    if name in pdfmetrics.getRegisteredFontNames():
        return
    path = str(FONT_DIR / _FILES[name])
    font = TTFont(name, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(name, path)
    pdfmetrics.registerFont(font)


@cache
def _coverage(name: str) -> frozenset[int]:
    register_fonts()
    _register(name)
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


@lru_cache(maxsize=8192)
def font_for(code: int, font: str = BODY) -> str:
    """The name of the first font of `font`'s fallback chain with a glyph for code point
    `code` (the chain's first font when none has it); fonts are read as the search reaches
    them."""
    chain = _CHAINS[font]
    for name, _file in chain:
        if code in _coverage(name):
            return name
    return chain[0][0]


def _arabic_code(code: int) -> bool:
    """True for the Arabic blocks and the Arabic Presentation Forms (Unicode chapter 9.2)."""
    return (
        0x600 <= code <= 0x6FF
        or 0x750 <= code <= 0x77F
        or 0x8A0 <= code <= 0x8FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def clean(value: str) -> str:
    """One line of text ready to draw on a canvas: `drawable`, then in drawing (visual) order
    (`bidi.visual_line`, the Unicode bidirectional algorithm, UAX #9)."""
    return visual_line(drawable(value))


def drawable(value: str) -> str:
    """`value` in the order typed (logical order) with control characters (other than line
    feed and tab) as spaces and Arabic-script letters joined (`joined_arabic`): the text of a
    paragraph, which is broken into lines and then drawn line by line in visual order
    (`bidi.enable_bidi`)."""
    if not value.isprintable():
        value = "".join(
            " " if ch not in "\n\t" and unicodedata.category(ch) in _INVISIBLE else ch
            for ch in value
        )
    return joined_arabic(value)


# Arabic letters in the forms they take in a word. Marks (harakat) and tatweel are kept as
# typed; only the lam-alef ligatures, which Arabic writing requires, join two letters into one
# character; word ligatures (e.g. "Allah") are not used, so every letter typed is drawn.
_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": False,
        "delete_tatweel": False,
        "support_zwj": False,  # a zero width joiner is kept as typed (emoji sequences use it)
        "support_ligatures": True,
        "ARABIC LIGATURE ALLAH": False,
    }
)


_ARABIC_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+")


def _arabic_letter(ch: str) -> bool:
    code = ord(ch)
    return 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0x8A0 <= code <= 0x8FF


def joined_arabic(value: str) -> str:
    """`value` with each Arabic-script letter (Arabic, Urdu, Persian...) replaced by its
    contextual form (Arabic Presentation Forms-A/B, Unicode chapter 9.2), in logical order;
    text without Arabic letters is returned unchanged. NFKC normalisation gives back the
    letters typed."""
    if value.isascii() or not any(_arabic_letter(ch) for ch in value):
        return value
    # word by word: the reshaper drops zero width joiners, so text between words is kept as is
    return _ARABIC_WORD.sub(lambda word: _joined_word(word.group()), value)


@lru_cache(maxsize=4096)
def _joined_word(word: str) -> str:
    """One run of Arabic-script letters in its joined forms (names and words repeat, and the
    reshaper reads its settings on every call, so each is shaped once)."""
    return str(_RESHAPER.reshape(word))


def runs(value: str, font: str = BODY) -> Iterator[tuple[str, str]]:
    """Split `value` into (font name, text) runs: each character in the first font of the
    fallback chain that has it (the first font when none has it), but each run of Arabic
    letters (a word) in one font, so its joined letters share one design (`_arabic_font`)."""
    main = _CHAINS[font][0][0]
    current = main
    start = index = 0
    length = len(value)
    while index < length:
        code = ord(value[index])
        end = index + 1
        if code < 0x250:
            chosen = main
        elif _arabic_code(code):
            while end < length and _arabic_code(ord(value[end])):
                end += 1
            chosen = _arabic_font(value[index:end], font)
            if not chosen:  # letters no one Arabic-capable font has: each in its own
                end = index + 1
                chosen = font_for(code, font)
        elif index and _sequence_part(code):  # stays with the emoji it belongs to
            chosen = current
            _draw_as(current, code, _BLANKS, visible=False)
        else:
            chosen = font_for(code, font)
            if chosen == main and code >= 0x1F000 and code not in _coverage(main):
                _draw_as(main, code, _STAND_IN, visible=True)  # an emoji newer than the fonts
        if chosen != current:
            if index > start:
                yield current, value[start:index]
            current, start = chosen, index
        index = end
    if start < length:
        yield current, value[start:]


def _sequence_part(code: int) -> bool:
    """True for the characters that join or change the emoji before them and are not drawn on
    their own: zero width joiner, text and emoji variation selectors, tags (a subdivision flag
    such as England's; Unicode UTS #51, sections 2.3 and 2.4)."""
    return code == 0x200D or code in (0xFE0E, 0xFE0F) or 0xE0020 <= code <= 0xE007F


# zero-width blank characters, and the replacement character (U+FFFD), whose glyphs stand in
_BLANKS = (0x200B, 0x200D, 0xFEFF, 0x20)
_STAND_IN = (0xFFFD,)


@lru_cache(maxsize=1024)
def _draw_as(name: str, code: int, stand_ins: tuple[int, ...], *, visible: bool) -> None:
    """Give font `name` a glyph for `code` when it has none: the glyph of the first of
    `stand_ins` it has, with that glyph's width when `visible`, else blank and zero-width.
    A part of an emoji sequence (`_sequence_part`) so stays in its emoji's font and the
    sequence is drawn as its emoji (UTS #51's fallback for a sequence a font does not have),
    and an emoji newer than the shipped fonts is drawn as U+FFFD, never the box of a missing
    glyph; both still read back from the PDF as typed (ToUnicode gives `code` itself)."""
    _register(name)
    face = pdfmetrics.getFont(name).face
    if code in face.charToGlyph:
        return
    stand_in = next((c for c in stand_ins if c in face.charToGlyph), None)
    if stand_in is None:
        return
    width = face.charWidths.get(stand_in, 0) if visible else 0
    alias_glyph(face, code, face.charToGlyph[stand_in], width)


@lru_cache(maxsize=4096)
def _arabic_font(word: str, font: str) -> str:
    """The font for a run of Arabic letters: the chain's main font when it has every letter
    (most Arabic words; no font switch, which keeps layout fast), else the chain's Arabic font
    (Urdu and Persian letters DejaVu lacks) when it has them all; "" when neither has them."""
    chain = _CHAINS[font]
    for name in (chain[0][0], chain[1][0]):
        cover = _coverage(name)
        if all(ord(ch) in cover for ch in word):
            return name
    return ""


def needs_fallback(value: str, font: str = BODY) -> bool:
    """True when some character of `value` is set in another font than the main font of
    `font`'s chain (`runs`)."""
    main = _CHAINS[font][0][0]
    if all(ord(ch) < 0x250 for ch in value):
        return False
    return any(name != main for name, _part in runs(value, font))


def markup(value: object, font: str = BODY) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept, each letter in a font that has
    it (``<font name=...>`` around the runs that need a fallback)."""
    text = drawable("" if value is None else str(value))
    if text.isascii():
        return escape(text).replace("\n", "<br/>")
    if not needs_fallback(text, font):
        return escape(text).replace("\n", "<br/>")
    main = _CHAINS[font][0][0]
    parts = [
        escape(part) if name == main else f'<font name="{name}">{escape(part)}</font>'
        for name, part in runs(text, font)
    ]
    return "".join(parts).replace("\n", "<br/>")


def string_width(value: str, font: str, size: float) -> float:
    """Width in points of `value` set in `font`'s chain at `size`."""
    return float(sum(pdfmetrics.stringWidth(part, name, size) for name, part in runs(value, font)))


def drawn_as_typed(value: str, font: str = BODY) -> bool:
    """True when `value` can be drawn as it is, with no markup: printable, every letter in the
    main font of `font`'s chain, and nothing to join or reorder (no Arabic letters, no
    right-to-left run: `clean` leaves it unchanged)."""
    if value.isascii():
        return value.isprintable()
    return value.isprintable() and not needs_fallback(value, font) and clean(value) == value


def fits_plain(value: str, font: str, size: float, width: float) -> bool:
    """True when `value` can be drawn as a plain string (no markup): one line, drawn as typed
    (`drawn_as_typed`), and no wider than `width` points."""
    return (
        "\n" not in value
        and drawn_as_typed(value, font)
        and pdfmetrics.stringWidth(value, font, size) <= width
    )


def draw_string(
    canvas: object, x: float, y: float, value: str, font: str, size: float, anchor: str = "left"
) -> None:
    """Draw one line on a canvas in `font`'s chain; `anchor` is left, right or centre."""
    text = clean(value).replace("\n", " ")
    width = string_width(text, font, size)
    start = x - width if anchor == "right" else x - width / 2 if anchor == "centre" else x
    for name, part in runs(text, font):
        canvas.setFont(name, size)  # type: ignore[attr-defined]
        canvas.drawString(start, y, part)  # type: ignore[attr-defined]
        start += pdfmetrics.stringWidth(part, name, size)


def missing_letters(value: str) -> set[str]:
    """The characters of `value` that none of the shipped fonts has (they would print as a
    box); spaces and control characters, which are not drawn, are never missing."""
    covered = covered_code_points()
    return {
        ch
        for ch in set(value)
        if not ch.isspace()
        and unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
        and ord(ch) not in covered
    }


@cache
def covered_code_points() -> frozenset[int]:
    """Every code point some shipped font has a glyph for (the letters that never print as a
    box). Scripts outside it (e.g. historic scripts such as Runic or Linear B) would need more
    fonts."""
    covered: frozenset[int] = frozenset()
    for name, _file in _CHAINS[BODY]:
        covered |= _coverage(name)
    return covered


def text_blocks(value: str, limit: int = 3000) -> list[str]:
    """`value` cut into blocks to lay out one by one: at each line break, and a line longer than
    `limit` characters at the last space before it (or at `limit` when it has none). Laying
    out one huge paragraph costs time with the square of its length; blocks cost linearly.
    A blank line is kept as an empty block."""
    blocks: list[str] = []
    for line in value.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut + 1 if cut > 0 else _cut_between_graphemes(line, limit)
            blocks.append(line[:cut])
            line = line[cut:]
        blocks.append(line)
    return blocks


def _cut_between_graphemes(line: str, limit: int) -> int:
    """An offset at most `limit` (and more than 0) in `line` where a line may break
    (`text_breaks.break_offsets`: between Thai or Khmer words, say), else one between grapheme
    clusters: a block never ends inside an emoji sequence or a letter with its marks."""
    window = line[: limit + 64]
    breaks = [offset for offset in break_offsets(window) if limit // 2 <= offset <= limit]
    if breaks:
        return max(breaks)
    offset = 0
    for cluster in graphemes(window):
        if offset and offset + len(cluster) > limit:
            return offset
        offset += len(cluster)
    return offset
