"""Right-to-left and mixed text in the order a reader reads it: the Unicode Bidirectional
Algorithm (UAX #9, https://www.unicode.org/reports/tr9/), for paragraphs that wrap.

A report stores and lays out text in the order it was typed (logical order). A paragraph of
Arabic or Hebrew, or one mixing them with English and numbers, is broken into lines in that
order first (ReportLab's line breaking, `text_breaks`), and only then is each line put in
drawing order (visual order): UAX #9 section 3.4, rules L1-L2, line by line. Reversing the
text before breaking it into lines, as the reports once did, put the lines of a paragraph in
the wrong order (its last words on the first line).

- `paragraph_levels` resolves each character's embedding level over a whole paragraph (rules
  P2-P3 for the paragraph direction, W1-W7, N0-N2, I1-I2). Explicit embedding, override and
  isolate controls (LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI) are not honoured: they are
  treated as boundary neutrals (rule X9), so a stray control cannot turn the rest of a
  report's text around. Bracket pairs (N0) are those of `_BRACKETS` (BidiBrackets.txt's
  ASCII and common mathematical and CJK brackets).
- `reorder` puts the units of one line in visual order from their levels (L1: trailing
  spaces and tabs at the paragraph level; L2: reversing from the highest level down to the
  lowest odd one); a unit is a grapheme cluster, so a letter keeps its marks after it and an
  emoji sequence stays whole (as L3 asks for marks).
- `visual_line` does both for one line of plain text (page headers, chart labels), with
  mirrored brackets in right-to-left runs (L4, `_MIRRORED` from BidiMirroring.txt).
- `enable_bidi` has every ReportLab paragraph that holds right-to-left letters drawn this way,
  each line reordered when drawn, and right-aligned when the paragraph's direction is right to
  left (the first strong letter is Arabic or Hebrew, rule P2) and its style aligns left.
"""

from __future__ import annotations

import copy
import re
import unicodedata
import weakref
from collections.abc import Sequence
from typing import Any, TypeVar

from desktop_app.reports.text_breaks import graphemes

__all__ = [
    "base_level",
    "enable_bidi",
    "has_rtl",
    "paragraph_levels",
    "reorder",
    "visual_line",
]

# Blocks holding right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan,
# Mandaic, their presentation forms, and the historic right-to-left blocks): a quick test
# before the exact one by Bidi_Class.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_STRONG_RTL = frozenset({"R", "AL"})
_EXPLICIT = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
# Bidi_Paired_Bracket pairs (Unicode BidiBrackets.txt), opening -> closing
_BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u0f3a": "\u0f3b",
    "\u0f3c": "\u0f3d",
    "\u169b": "\u169c",
    "\u2045": "\u2046",
    "\u207d": "\u207e",
    "\u208d": "\u208e",
    "\u2308": "\u2309",
    "\u230a": "\u230b",
    "\u2329": "\u232a",
    "\u2768": "\u2769",
    "\u276a": "\u276b",
    "\u27e6": "\u27e7",
    "\u27e8": "\u27e9",
    "\u27ea": "\u27eb",
    "\u2983": "\u2984",
    "\u3008": "\u3009",
    "\u300a": "\u300b",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u3010": "\u3011",
    "\uff08": "\uff09",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
}
_CLOSING = {closing: opening for opening, closing in _BRACKETS.items()}
# Bidi_Mirroring_Glyph pairs (Unicode BidiMirroring.txt) for the brackets above and the
# usual quotation marks and comparison signs
_MIRRORED = {
    **_BRACKETS,
    **_CLOSING,
    "<": ">",
    ">": "<",
    "\u00ab": "\u00bb",
    "\u00bb": "\u00ab",
    "\u2039": "\u203a",
    "\u203a": "\u2039",
    "\u2264": "\u2265",
    "\u2265": "\u2264",
}


def has_rtl(text: str) -> bool:
    """True when `text` holds a right-to-left letter (Bidi_Class R or AL: Hebrew, Arabic...)
    or a right-to-left mark."""
    if text.isascii() or _RTL_BLOCKS.search(text) is None:
        return False
    return any(_bidi_class(ch) in _STRONG_RTL for ch in text)


def _bidi_class(ch: str) -> str:
    """The Bidi_Class of `ch` (an unassigned code point counts as L, as UAX #9 defaults most
    of them); explicit controls as BN (X9)."""
    kind = unicodedata.bidirectional(ch) or "L"
    return "BN" if kind in _EXPLICIT else kind


def base_level(text: str) -> int:
    """The paragraph embedding level of `text` by rules P2-P3: 1 (right to left) when its first
    strong letter is right to left, else 0 (left to right, also for text with no strong
    letter)."""
    if text.isascii():
        return 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return 0
        if kind in _STRONG_RTL:
            return 1
    return 0


def paragraph_levels(text: str, base: int | None = None) -> list[int]:
    """The resolved embedding level of each character of `text` (a list as long as `text`):
    even left to right, odd right to left. `base` is the paragraph level (0 or 1); None finds
    it by P2-P3. A paragraph separator (line feed, Bidi_Class B) ends a paragraph: each is
    resolved on its own, with the same `base` when one is given (UAX #9 HL1)."""
    if base is None:
        base = base_level(text)
    levels: list[int] = []
    start = 0
    for index, ch in enumerate(text):
        if _bidi_class(ch) == "B":
            levels += _one_paragraph(text[start:index], base)
            levels.append(base)
            start = index + 1
    levels += _one_paragraph(text[start:], base)
    return levels


def _one_paragraph(text: str, base: int) -> list[int]:
    """Levels of a paragraph without separators, all in one level run at `base` (no explicit
    embeddings: rules X1-X10 give a single isolating run sequence)."""
    if not text:
        return []
    original = [_bidi_class(ch) for ch in text]
    kept = [index for index, kind in enumerate(original) if kind != "BN"]  # X9
    types = [original[index] for index in kept]
    chars = [text[index] for index in kept]
    outer = "R" if base % 2 else "L"  # sos and eos
    _weak_types(types, outer)
    _bracket_pairs(types, chars, [original[index] for index in kept], base)
    _neutral_types(types, outer, base)
    resolved = [
        base + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        if base % 2 == 0
        else base + (1 if kind in ("L", "AN", "EN") else 0)
        for kind in types
    ]  # I1-I2
    levels = [base] * len(text)
    for position, index in enumerate(kept):
        levels[index] = resolved[position]
    previous = base
    kept_set = set(kept)
    for index in range(len(text)):  # a removed control takes the level before it
        if index in kept_set:
            previous = levels[index]
        else:
            levels[index] = previous
    return levels


def _weak_types(types: list[str], outer: str) -> None:
    """Rules W1-W7 on one isolating run sequence, in place."""
    previous = outer
    for index, kind in enumerate(types):  # W1: a mark takes the type before it
        if kind == "NSM":
            types[index] = previous
        previous = types[index]
    strong = outer
    for index, kind in enumerate(types):  # W2: European digits after Arabic letters; W3
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            types[index] = "AN"
    for index, kind in enumerate(types):
        if kind == "AL":
            types[index] = "R"
    for index in range(1, len(types) - 1):  # W4: one separator between two numbers
        before, kind, after = types[index - 1], types[index], types[index + 1]
        if kind == "ES" and before == after == "EN":
            types[index] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            types[index] = before
    index = 0
    while index < len(types):  # W5: currency and percent signs next to European digits
        if types[index] != "ET":
            index += 1
            continue
        end = index
        while end < len(types) and types[end] == "ET":
            end += 1
        if (index > 0 and types[index - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[index:end] = ["EN"] * (end - index)
        index = end
    for index, kind in enumerate(types):  # W6
        if kind in ("ES", "ET", "CS"):
            types[index] = "ON"
    strong = outer
    for index, kind in enumerate(types):  # W7: European digits after left-to-right letters
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            types[index] = "L"


def _strong(kind: str) -> str | None:
    """The direction a resolved type counts as for N0-N2 (numbers count as R), or None."""
    if kind == "L":
        return "L"
    if kind in ("R", "EN", "AN"):
        return "R"
    return None


def _bracket_pairs(types: list[str], chars: list[str], original: list[str], base: int) -> None:
    """Rule N0: each bracket pair (BD16) takes the paragraph's direction when a letter of that
    direction is inside it, else the opposite one when a letter of that is inside and before
    it; marks after a changed bracket follow it."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, ch in enumerate(chars):
        if types[index] != "ON":
            continue
        if ch in _BRACKETS:
            if len(stack) == 63:  # BD16: too deep, stop looking for pairs
                break
            stack.append((_BRACKETS[ch], index))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    embedding = "R" if base % 2 else "L"
    outer = embedding
    for opening, closing in sorted(pairs):
        inside = {_strong(kind) for kind in types[opening + 1 : closing]} - {None}
        if not inside:
            continue
        if embedding in inside:
            chosen = embedding
        else:
            before = next(
                (d for d in (_strong(k) for k in reversed(types[:opening])) if d is not None),
                outer,
            )
            chosen = before if before != embedding else embedding
        for bracket in (opening, closing):
            types[bracket] = chosen
            after = bracket + 1
            while after < len(types) and original[after] == "NSM":
                types[after] = chosen
                after += 1


def _neutral_types(types: list[str], outer: str, base: int) -> None:
    """Rules N1-N2: a run of neutrals between two letters (or numbers) of one direction takes
    it; any other neutral takes the paragraph's direction."""
    embedding = "R" if base % 2 else "L"
    index = 0
    while index < len(types):
        if types[index] not in _NEUTRAL:
            index += 1
            continue
        end = index
        while end < len(types) and types[end] in _NEUTRAL:
            end += 1
        before = _strong(types[index - 1]) if index > 0 else outer
        after = _strong(types[end]) if end < len(types) else outer
        chosen = before if before == after and before is not None else embedding
        types[index:end] = [chosen] * (end - index)
        index = end


_Unit = TypeVar("_Unit")


def reorder(units: Sequence[_Unit], levels: Sequence[int]) -> list[_Unit]:
    """`units` (one line, in logical order, each with its level after rule L1) in visual
    order by rule L2: from the highest level down to the lowest odd level, each run of units
    at that level or higher is reversed."""
    order = list(range(len(units)))
    if not levels:
        return []
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    current = list(levels)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if current[index] < level:
                index += 1
                continue
            end = index
            while end < len(order) and current[end] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            current[index:end] = current[index:end][::-1]
            index = end
    return [units[position] for position in order]


def line_levels(text: str, levels: Sequence[int], base: int) -> list[int]:
    """The `levels` of one line of `text` (a slice of a paragraph's levels) after rule L1:
    tabs and separators, the spaces before them and the spaces at the end of the line go
    back to the paragraph level `base`."""
    result = list(levels)
    trailing = True
    for index in range(len(text) - 1, -1, -1):
        kind = unicodedata.bidirectional(text[index]) or "L"
        if kind in ("S", "B"):
            result[index] = base
            trailing = True
        elif trailing and (kind == "WS" or kind in _EXPLICIT):
            result[index] = base
        else:
            trailing = False
    return result


def visual_line(text: str, base: int | None = None) -> str:
    """One line of text (no line feed is broken here: a line feed separates paragraphs, each
    resolved on its own) in drawing order: levels by `paragraph_levels`, L1-L2 on grapheme
    clusters, brackets mirrored in right-to-left runs (L4). Text without right-to-left
    letters is returned unchanged."""
    if not has_rtl(text):
        return text
    if base is None:
        base = base_level(text)
    out: list[str] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            out.append("\n")
        levels = line_levels(line, paragraph_levels(line, base), base)
        clusters: list[str] = []
        cluster_levels: list[int] = []
        offset = 0
        for cluster in graphemes(line):
            level = levels[offset]
            if level % 2 and cluster in _MIRRORED:
                cluster = _MIRRORED[cluster]
            clusters.append(cluster)
            cluster_levels.append(level)
            offset += len(cluster)
        out.extend(reorder(clusters, cluster_levels))
    return "".join(out)


# --- ReportLab paragraphs -------------------------------------------------------------

_PLACEHOLDER_IMAGE = "\ufffc"  # an inline image or anchor: a neutral (ON)
_PLACEHOLDER_SHAPED = "a"  # a run shaped by HarfBuzz (Indic, South-East Asian: left to right)


def _atomic(frag: Any) -> bool:
    """True for a frag that is moved whole, never split: an inline image or anchor, or text
    shaped by HarfBuzz (its glyphs carry their placement)."""
    text = getattr(frag, "text", "")
    return hasattr(frag, "cbDefn") or getattr(text, "__shapeData__", None) is not None


def _frag_text(frag: Any) -> str:
    """The text a line's frag stands for when levels are resolved (one placeholder character
    for an `_atomic` frag)."""
    if hasattr(frag, "cbDefn"):
        return _PLACEHOLDER_IMAGE
    text = getattr(frag, "text", "")
    if getattr(text, "__shapeData__", None) is not None:
        return _PLACEHOLDER_SHAPED if text else ""
    return str(text)


def _line_text(line: Any, kind: int) -> str:
    if kind == 0:
        return " ".join(str(word) for word in line[1])
    return "".join(_frag_text(frag) for frag in line.words)


def _paragraph_text(lines: Sequence[Any], kind: int) -> str:
    """A paragraph's lines joined as the text they were broken from: a space where ReportLab
    broke a line, a line feed after a forced break."""
    parts: list[str] = []
    for line in lines:
        parts.append(_line_text(line, kind))
        parts.append("\n" if kind == 1 and getattr(line, "lineBreak", False) else " ")
    return "".join(parts[:-1])


def _paragraph_has_rtl(lines: Sequence[Any], kind: int) -> bool:
    return any(has_rtl(_line_text(line, kind)) for line in lines)


def _visual_frags(line: Any, levels: list[int]) -> list[Any]:
    """The frags of one laid-out line (kind 1) in visual order: a frag split where its
    characters go to different places, adjacent pieces of one frag joined again."""
    groups: list[list[tuple[Any, str | None]]] = []
    group_levels: list[int] = []
    offset = 0
    for frag in line.words:
        text = _frag_text(frag)
        pieces: list[tuple[Any, str | None]]
        if _atomic(frag):
            pieces = [(frag, None)]
            clusters = [text] if text else []
        else:
            clusters = graphemes(text)
            pieces = [(frag, cluster) for cluster in clusters]
        if not clusters:  # an empty frag (a forced line break): kept where it is
            groups.append([(frag, None)])
            group_levels.append(levels[offset - 1] if offset else 0)
            continue
        for (piece_frag, cluster), shown in zip(pieces, clusters, strict=True):
            level = levels[offset]
            offset += len(shown)
            if cluster is not None and level % 2 and cluster in _MIRRORED:
                cluster = _MIRRORED[cluster]
            mark = unicodedata.category(shown[0]).startswith("M")
            if mark and groups:  # a mark in another font than its letter: drawn after it
                groups[-1].append((piece_frag, cluster))
            else:
                groups.append([(piece_frag, cluster)])
                group_levels.append(level)
    words: list[Any] = []
    last: Any = None
    for group in reorder(groups, group_levels):
        for frag, cluster in group:
            if cluster is None:
                words.append(frag)
                last = None
            elif last is not None and last[0] is frag:
                last[1].append(cluster)
                words[-1] = frag.clone(text="".join(last[1]))
            else:
                words.append(frag.clone(text=cluster))
                last = (frag, [cluster])
    return words


def visual_lines(lines: Sequence[Any], kind: int, base: int | None) -> tuple[list[Any], int]:
    """A laid-out paragraph's lines (ReportLab ``blPara.lines`` of `kind` 0 or 1, logical order)
    as lines to draw (visual order), and the paragraph level used (`base`, or P2-P3 on the
    paragraph's text when None). The levels are resolved over the whole paragraph, then each
    line is reordered on its own (UAX #9 3.4)."""
    text = _paragraph_text(lines, kind)
    if base is None:
        base = base_level(text)
    levels = paragraph_levels(text, base)
    visual: list[Any] = []
    offset = 0
    for line in lines:
        line_text = _line_text(line, kind)
        mine = line_levels(line_text, levels[offset : offset + len(line_text)], base)
        offset += len(line_text) + 1
        if not has_rtl(line_text) and base == 0:
            visual.append(line)
        elif kind == 0:
            shown = visual_line_from_levels(line_text, mine)
            visual.append((line[0], shown.split(" ")))
        else:
            visual.append(line.clone(words=_visual_frags(line, mine)))
    return visual, base


def visual_line_from_levels(text: str, levels: list[int]) -> str:
    """`text` (one line) in visual order from its resolved `levels` (after L1), by grapheme
    cluster, brackets mirrored in right-to-left runs."""
    clusters: list[str] = []
    cluster_levels: list[int] = []
    offset = 0
    for cluster in graphemes(text):
        level = levels[offset]
        clusters.append(_MIRRORED.get(cluster, cluster) if level % 2 else cluster)
        cluster_levels.append(level)
        offset += len(cluster)
    return "".join(reorder(clusters, cluster_levels))


_RIGHT_STYLES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _right_aligned(style: Any) -> Any:
    """`style` aligned right (one copy per style)."""
    right = _RIGHT_STYLES.get(style)
    if right is None:
        from reportlab.lib.enums import TA_RIGHT

        right = copy.copy(style)
        right.alignment = TA_RIGHT
        _RIGHT_STYLES[style] = right
    return right


def enable_bidi() -> None:
    """Have ReportLab paragraphs holding right-to-left letters drawn in visual order, line by
    line (see the module), right-aligned when right to left and aligned left by their style;
    a paragraph split across pages or cells keeps the direction of the whole. Idempotent."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.platypus import paragraph

    if getattr(paragraph.Paragraph.drawPara, "reorders_bidi", False):
        return
    draw_para = paragraph.Paragraph.drawPara
    split = paragraph.Paragraph.split

    def bidi_draw_para(self: Any, debug: int = 0) -> Any:
        laid_out: Any = getattr(self, "blPara", None)
        kind = getattr(laid_out, "kind", None)
        if kind not in (0, 1) or not _paragraph_has_rtl(laid_out.lines, kind):
            return draw_para(self, debug)
        lines, base = visual_lines(laid_out.lines, kind, getattr(self, "_bidi_base", None))
        style = self.style
        self.blPara = laid_out.clone(lines=lines)
        if base % 2 and style.alignment == TA_LEFT:
            self.style = _right_aligned(style)
        try:
            return draw_para(self, debug)
        finally:
            self.blPara = laid_out
            self.style = style

    def bidi_split(self: Any, width: float, height: float) -> Any:
        parts = split(self, width, height)
        laid_out = getattr(self, "blPara", None)
        if len(parts) > 1 and laid_out is not None and laid_out.kind in (0, 1):
            base = getattr(self, "_bidi_base", None)
            if base is None and _paragraph_has_rtl(laid_out.lines, laid_out.kind):
                base = base_level(_paragraph_text(laid_out.lines, laid_out.kind))
            if base is not None:
                for part in parts:
                    part._bidi_base = base
        return parts

    bidi_draw_para.reorders_bidi = True  # type: ignore[attr-defined]
    paragraph.Paragraph.drawPara = bidi_draw_para
    paragraph.Paragraph.split = bidi_split
