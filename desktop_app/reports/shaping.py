"""Indic and South-East Asian letters shaped with HarfBuzz, and still read back as typed.

Devanagari, Bengali, Tamil, Sinhala, Khmer, Myanmar, Tibetan and the other scripts of
`SHAPED_FONTS` are not drawn letter by letter: a vowel sign may be drawn before the consonant
it follows (Devanagari "कि"), consonants join into conjuncts with glyphs of their own ("क्ष"),
marks stack. ReportLab does this with HarfBuzz (`uharfbuzz`) when a paragraph style has
``shaping`` set (ReportLab 4.x, `reportlab.pdfbase.ttfonts.shapeFragWord`). Two things are
added here:

- ReportLab shapes a word with the first font of the word; a word set in several fonts (an
  opening bracket in DejaVu Sans before a Hindi word) came out as boxes. `shape_word` shapes
  each run of one font on its own, and only runs in a font of `SHAPED_FONTS` (Latin keeps its
  letters, so no "ﬁ" ligature; Arabic is joined by `fonts.joined_arabic`, not twice).
- A shaped cluster whose glyphs are not its letters in order (a conjunct glyph, which has no
  Unicode value, or a vowel sign drawn first), or a letter with marks placed above or below it
  (which extractors read as a line of their own), would read back from the PDF wrongly. The
  glyphs of such a grapheme are written under private codes (Unicode plane 15) whose ToUnicode entries (ISO 32000-1
  §9.10.3) give the cluster's letters in the order typed on the first glyph and nothing on the
  others, so `pdftotext` and copy-paste give back the text as typed.
- A word wider than its column (Tibetan writes no spaces, so a sentence is one word) is split
  by ReportLab glyph by glyph into plain text, which loses the shaping (marks placed wrong) and
  is shaped a second time, as private codes, when the paragraph is laid out again (a table
  measures its cells twice): boxes, and a row taller than measured. `split_shaped_word` splits
  such a word between graphemes only, at the last place on the line where a line may break
  (`text_breaks`: after a tsheg, U+0F0B, Tibetan's mark between syllables, Unicode UAX #14
  class BA; between Thai, Lao, Khmer and Myanmar words, found by ICU's dictionaries) when one
  fits, and keeps each piece's shaping, so it is neither split inside a cluster nor shaped
  again. A long unshaped word with letters beyond ASCII is split the same way, so an emoji
  sequence (a family, a flag, a skin tone) is never cut in two.
"""

from __future__ import annotations

import copy
import unicodedata
import weakref
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts

from desktop_app.reports.text_breaks import break_offsets, graphemes

__all__ = [
    "SHAPED_FONTS",
    "SHAPED_SCRIPTS",
    "actual_text",
    "alias_glyph",
    "enable_shaping",
    "shape_word",
    "shaped_pieces",
    "split_shaped_word",
]

# The scripts that need a shaping engine to be drawn right; each has its own font in
# `fonts`, named "CF-<script>".
SHAPED_SCRIPTS = (
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Oriya",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Sinhala",
    "Thai",
    "Lao",
    "Khmer",
    "Myanmar",
    "Mongolian",
    "MeeteiMayek",
    "Tibetan",
)
SHAPED_FONTS = frozenset(f"CF-{script}" for script in SHAPED_SCRIPTS)

_FIRST_PRIVATE = 0xF0000  # Supplementary Private Use Area-A: no shipped font maps it
# font face name -> {private code: the letters it stands for ("" for a cluster's later glyphs)}
_ACTUAL: dict[str, dict[int, str]] = {}
# (font face name, glyph id, letters) -> private code
_CODES: dict[tuple[str, int, str], int] = {}


def actual_text(face_name: str, code: int) -> str | None:
    """The letters private code `code` of font `face_name` stands for (None when it is not one
    of ours): what the font's ToUnicode map gives for it."""
    return _ACTUAL.get(face_name, {}).get(code)


def _private_code(font: Any, glyph: int, letters: str) -> int:
    """A private code drawing `glyph` of `font` and reading back as `letters`."""
    face = font.face
    name = face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)
    key = (name, glyph, letters)
    code = _CODES.get(key)
    if code is None:
        table = _ACTUAL.setdefault(name, {})
        code = _FIRST_PRIVATE + len(table)
        table[code] = letters
        _CODES[key] = code
        width = face.charWidths.get(next((c for c in face.glyphToChar.get(glyph, [])), code), 0)
        alias_glyph(face, code, glyph, width)
    return code


def alias_glyph(face: Any, code: int, glyph: int, width: float) -> None:
    """Have code point `code` draw `glyph` of the ReportLab font face `face`, `width` units wide
    (thousandths of the font size); the font's ToUnicode map then gives `code` for it (or the
    letters `actual_text` names for a private code)."""
    face.charToGlyph[code] = glyph
    face.glyphToChar.setdefault(glyph, []).append(code)
    face.charWidths[code] = width


def _readable(font: Any, source: str, pieces: list[Any]) -> list[Any]:
    """The texts of a shaped run of `source` in `font` (ShapedStr pieces, or plain text) with
    each cluster whose glyphs are not its letters in order drawn under private codes that read
    back as the letters typed."""
    clusters = [sd.cluster for piece in pieces for sd in getattr(piece, "__shapeData__", [])]
    if len(clusters) != sum(len(piece) for piece in pieces):
        return pieces  # a piece without shaping data: left as ReportLab made it
    drawn = "".join(str.__str__(piece) for piece in pieces)
    # a cluster that starts with a mark (a vowel sign, a stacked letter) belongs to the letter
    # before it: one group per grapheme, as a reader sees it
    starts = sorted({cluster for cluster in clusters if cluster >= 0})
    owner: dict[int, int] = {}
    for cluster in starts:
        mark = cluster > 0 and unicodedata.category(source[cluster]).startswith("M")
        owner[cluster] = owner[max(c for c in owner)] if mark and owner else cluster
    out: list[str] = []
    start = 0
    while start < len(drawn):
        group = owner.get(clusters[start], clusters[start])
        end = start
        while end < len(drawn) and owner.get(clusters[end], clusters[end]) == group:
            end += 1
        later = [c for c in starts if c > group and owner[c] != group]
        letters = source[group : min(later) if later else len(source)]
        glyphs = drawn[start:end]
        if glyphs == letters and len(glyphs) == 1:
            out.append(glyphs)
        else:  # a conjunct, a reordered or stacked mark: read back as the letters typed
            for index, ch in enumerate(glyphs):
                glyph = font.face.charToGlyph[ord(ch)]
                out.append(chr(_private_code(font, glyph, letters if index == 0 else "")))
        start = end
    text = "".join(out)
    readable: list[Any] = []
    offset = 0
    for piece in pieces:
        part = text[offset : offset + len(piece)]
        readable.append(ttfonts.ShapedStr(part, shapeData=piece.__shapeData__))
        offset += len(piece)
    return readable


def shape_word(word: list[Any]) -> list[Any]:
    """A paragraph's frag word ``[width, (frag, text), ...]`` with each run of frags in one
    font of `SHAPED_FONTS` shaped by HarfBuzz (see the module); the word unchanged when it has
    no such run."""
    shaped_already = isinstance(word, ttfonts.ShapedFragWord)
    if shaped_already:
        return word  # shaped already (a paragraph split across pages is laid out again)
    pairs = word[1:]
    if not any(getattr(frag, "fontName", "") in SHAPED_FONTS for frag, _text in pairs):
        return word
    if any(hasattr(frag, "cbDefn") for frag, _text in pairs):
        return word  # an inline image or link anchor: drawn letter by letter
    result: list[Any] = [0.0]
    shaped_any = False
    index = 0
    while index < len(pairs):
        name = pairs[index][0].fontName
        end = index + 1
        while end < len(pairs) and pairs[end][0].fontName == name:
            end += 1
        run = pairs[index:end]
        width = sum(pdfmetrics.stringWidth(text, f.fontName, f.fontSize) for f, text in run)
        if name in SHAPED_FONTS and not any(isinstance(t, ttfonts.ShapedStr) for _f, t in run):
            plain = [width, *run]
            shaped = ttfonts.shapeFragWord(plain)
            if shaped is not plain and len(shaped) > 1:
                source = "".join(text for _f, text in run)
                texts = _readable(pdfmetrics.getFont(name), source, [t for _f, t in shaped[1:]])
                result += [(pair[0], text) for pair, text in zip(shaped[1:], texts, strict=True)]
                result[0] += shaped[0]
                shaped_any = True
                index = end
                continue
        result.extend(run)
        result[0] += width
        index = end
    if not shaped_any:
        return word
    shaped_word: list[Any] = ttfonts.makeShapedFragWord(word)(result)
    return shaped_word


class _ChartFrag:
    """The least of a paragraph frag that `shape_word` reads: a font name and size."""

    def __init__(self, font_name: str, size: float) -> None:
        self.fontName = font_name
        self.fontSize = size

    def clone(self, **changes: Any) -> _ChartFrag:
        twin = copy.copy(self)
        twin.__dict__.update(changes)
        return twin


def shaped_pieces(text: str, font_name: str, size: float) -> list[tuple[str, float]]:
    """`text` (one run in font `font_name`, already in drawing order) as the strings to draw one
    after another with their widths in points: shaped by HarfBuzz, as paragraphs are, when the
    font is one of `SHAPED_FONTS` and `uharfbuzz` is installed (`ShapedStr` pieces, which
    ReportLab's canvas draws glyph by glyph with their offsets, and which read back as typed);
    else `text` itself. For a chart's strings, which are drawn on the canvas, not laid out as
    paragraphs."""
    width = pdfmetrics.stringWidth(text, font_name, size)
    if font_name not in SHAPED_FONTS or getattr(ttfonts, "uharfbuzz", None) is None or not text:
        return [(text, width)]
    shaped = shape_word([width, (_ChartFrag(font_name, size), text)])
    pieces: list[tuple[str, float]] = []
    for _frag, piece in shaped[1:]:
        data = getattr(piece, "__shapeData__", None)
        if data is None:
            pieces.append((piece, pdfmetrics.stringWidth(piece, font_name, size)))
        else:
            pieces.append((piece, sum(d.x_advance for d in data) * size / 1000))
    return pieces


def _face_name(font_name: str) -> str:
    face = pdfmetrics.getFont(font_name).face
    return face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)


_Glyph = tuple[Any, str, float]  # (frag, glyph text, width in points)


def _graphemes(word: list[Any]) -> list[tuple[list[_Glyph], str]]:
    """The glyphs of a frag word ``[width, (frag, text), ...]`` grouped so that a group is never
    split, each group with the letters it reads back as: a cluster's glyphs, a mark with its
    letter, a private code's later glyphs (read back as nothing) with its first, and in text
    drawn letter by letter a grapheme cluster (`text_breaks.graphemes`: an emoji sequence,
    a letter with its marks)."""
    groups: list[tuple[list[_Glyph], str]] = []
    previous_cluster: object = None
    for frag, text in word[1:]:
        shape = getattr(text, "__shapeData__", None)
        size = frag.fontSize
        if shape is None:
            for cluster_text in graphemes(str(text)):
                width = pdfmetrics.stringWidth(cluster_text, frag.fontName, size)
                joined = bool(groups) and unicodedata.category(cluster_text[0]).startswith("M")
                if joined:
                    groups[-1][0].append((frag, cluster_text, width))
                    groups[-1] = (groups[-1][0], groups[-1][1] + cluster_text)
                else:
                    groups.append(([(frag, cluster_text, width)], cluster_text))
            previous_cluster = None
            continue
        face = _face_name(frag.fontName)
        for index in range(len(text)):
            glyph = text[index : index + 1]
            data = shape[index]
            width = data.x_advance * size / 1000
            cluster: object = (id(text), data.cluster)
            letters = actual_text(face, ord(glyph))
            joined = cluster == previous_cluster or letters == ""
            joined = joined or unicodedata.category(str(glyph)).startswith("M")
            previous_cluster = cluster
            read = str(glyph) if letters is None else letters
            if joined and groups:
                groups[-1][0].append((frag, glyph, width))
                groups[-1] = (groups[-1][0], groups[-1][1] + read)
            else:
                groups.append(([(frag, glyph, width)], read))
    return groups


def _line_word(glyphs: list[tuple[Any, str, float]], kind: type) -> list[Any]:
    """A frag word of class `kind` drawing `glyphs`, one piece per run of one frag, each piece
    keeping its shaping (ShapedStr slices join with their shape data)."""
    runs: list[tuple[Any, str]] = []
    for frag, glyph, _width in glyphs:
        if runs and runs[-1][0] is frag:
            runs[-1] = (frag, runs[-1][1] + glyph)
        else:
            runs.append((frag, glyph))
    width = sum(width for _f, _g, width in glyphs)
    word: list[Any] = kind([width, *((frag.clone(text=text), text) for frag, text in runs)])
    return word


def split_shaped_word(
    word: list[Any], max_width: float, max_widths: list[float], lineno: int
) -> list[Any]:
    """ReportLab's ``_splitFragWord`` for a shaped word, or a word with letters beyond ASCII
    (see the module): `word` cut into frag words of which the first fits in `max_width` points
    (what is left of the current line) and each next one in ``max_widths[lineno + n]``, cut
    between graphemes, at the last place on the line where a line may break
    (`text_breaks.break_offsets`: after a tsheg or a space, between Thai or Khmer words) when
    there is one; a grapheme wider than a line is a line of its own. The pieces are ReportLab's
    ``_SplitFrag`` kinds, so a paragraph laid out again keeps them as they are."""
    from reportlab.platypus import paragraph

    last_index = len(max_widths) - 1
    groups = _graphemes(word)
    ends: list[int] = []
    offset = 0
    for _glyphs, letters in groups:
        offset += len(letters)
        ends.append(offset)
    breaks = break_offsets("".join(letters for _glyphs, letters in groups))
    lines: list[list[_Glyph]] = []
    line: list[_Glyph] = []
    line_groups: list[int] = []  # how many glyphs each group on the line has
    line_breakable: list[bool] = []  # whether a line may end after each group on the line
    used = 0.0
    limit = max_width
    index = 0
    while index < len(groups):
        glyphs, _letters = groups[index]
        width = sum(w for _f, _g, w in glyphs)
        if line and used + width > limit:
            keep = len(line_groups)
            for position in range(len(line_groups) - 1, 0, -1):
                if line_breakable[position - 1]:
                    keep = position
                    break
            cut = sum(line_groups[:keep])
            lines.append(line[:cut])
            line = line[cut:]
            line_groups = line_groups[keep:]
            line_breakable = line_breakable[keep:]
            used = sum(w for _f, _g, w in line)
            lineno += 1
            limit = max_widths[min(last_index, lineno)]
            continue
        line += glyphs
        line_groups.append(len(glyphs))
        line_breakable.append(ends[index] in breaks)
        used += width
        index += 1
    last_kind = (
        paragraph._SplitFragHS if isinstance(word, paragraph._HSFrag) else paragraph._SplitFragH
    )
    pieces = [_line_word(glyphs, paragraph._SplitFrag) for glyphs in lines]
    return [*pieces, _line_word(line, last_kind)]


def _needs_shaping(frags: Any) -> bool:
    """True when some of a paragraph's frags is set in a font of `SHAPED_FONTS`."""
    return any(getattr(frag, "fontName", None) in SHAPED_FONTS for frag in frags)


_SHAPING_STYLES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _shaping_style(style: Any) -> Any:
    """`style` with ReportLab's ``shaping`` on (one copy per style)."""
    shaping = _SHAPING_STYLES.get(style)
    if shaping is None:
        shaping = copy.copy(style)
        shaping.shaping = 1
        _SHAPING_STYLES[style] = shaping
    return shaping


def enable_shaping() -> bool:
    """Have paragraphs shape the scripts of `SHAPED_FONTS` (True), when `uharfbuzz` is
    installed; False (letters drawn one by one, in the order typed) when it is not. Only a
    paragraph with a run in such a font is shaped: ReportLab lays out a shaped paragraph word
    by word, which takes about three times as long for long Latin text."""
    if getattr(ttfonts, "uharfbuzz", None) is None:
        return False
    from reportlab.platypus import paragraph

    if getattr(paragraph.Paragraph._setup, "shapes_scripts", False):
        return True
    setup = paragraph.Paragraph._setup

    def shaping_setup(self: Any, *args: Any) -> None:
        setup(self, *args)
        if not getattr(self.style, "shaping", 0) and _needs_shaping(self.frags):
            self.style = _shaping_style(self.style)

    split_frag_word = paragraph._splitFragWord

    def split_word(word: list[Any], max_width: float, max_widths: list[float], lineno: int) -> Any:
        if any(
            isinstance(text, ttfonts.ShapedStr) or not text.isascii() for _frag, text in word[1:]
        ):  # shaped, or letters a grapheme of which may be several characters
            return split_shaped_word(word, max_width, max_widths, lineno)
        return split_frag_word(word, max_width, max_widths, lineno)

    shaping_setup.shapes_scripts = True  # type: ignore[attr-defined]
    paragraph.Paragraph._setup = shaping_setup
    paragraph.shapeFragWord = shape_word
    paragraph._splitFragWord = split_word
    return True
