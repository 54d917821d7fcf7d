"""Where a line of any script may break, and the characters that are drawn as one.

Thai, Lao, Khmer and Myanmar write no spaces between words (a sentence is one "word" to
ReportLab), and an emoji may be a sequence of several characters (a family joined by zero width
joiners, a flag of two regional indicators, a hand with a skin-tone modifier). So reports break
lines here rather than at spaces alone:

- `graphemes` splits a text into extended grapheme clusters (Unicode UAX #29): what a reader
  sees as one character, never split across lines or fonts.
- `break_offsets` gives the offsets where a line may break (Unicode UAX #14 line breaking), with
  Thai, Lao, Khmer and Myanmar broken between words by ICU's dictionaries.

Both use ICU through `icu4py` (its wheels carry ICU itself); where `icu4py` cannot be imported,
a fallback breaks after spaces and the break marks of Tibetan (tsheg, shad) and, inside a run of
letters, only between grapheme clusters found by the rules of UAX #29 that matter for the
scripts and emoji the shipped fonts draw (marks, joiners, variation selectors, modifiers,
regional indicator pairs, tags), so no cluster is ever split.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Any

__all__ = ["break_offsets", "graphemes", "icu_available"]

_ZWJ = "\u200d"
# after these a line may break (UAX #14 classes SP and BA): space, tab, Tibetan tsheg and shads
_BREAK_AFTER = frozenset(" \t\u0f0b\u0f0d\u0f0e\u0f11\u0f14\u200b")


@cache
def _breakers() -> Any:
    """The `icu4py.breakers` module, or None when it cannot be imported."""
    try:
        from icu4py import breakers
    except ImportError:
        return None
    return breakers


def icu_available() -> bool:
    """True when ICU (`icu4py`) does the breaking; False when the fallback does."""
    return _breakers() is not None


def _extends(previous: str, ch: str) -> bool:
    """True when `ch` stays in the grapheme cluster ending with `previous` (UAX #29 rules
    GB9, GB9a, GB11, GB12/13 in part; the fallback's rules)."""
    code = ord(ch)
    if ch == _ZWJ or previous == _ZWJ:  # GB9 (ZWJ extends) and GB11 (emoji ZWJ emoji)
        return True
    if unicodedata.category(ch) in ("Mn", "Mc", "Me"):  # GB9, GB9a: marks, spacing marks
        return True
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:  # skin tones, tags
        return True
    return code == 0x0E33 or code == 0x0EB3  # Thai and Lao sara am are SpacingMark


def _fallback_graphemes(text: str) -> list[str]:
    clusters: list[str] = []
    regional = 0  # regional indicators in the current cluster (a flag is a pair)
    for ch in text:
        code = ord(ch)
        is_regional = 0x1F1E6 <= code <= 0x1F1FF
        if clusters and (_extends(clusters[-1][-1], ch) or (is_regional and regional % 2 == 1)):
            clusters[-1] += ch
        else:
            clusters.append(ch)
            regional = 0
        regional = regional + 1 if is_regional else 0
    return clusters


@lru_cache(maxsize=4096)
def _cached_graphemes(text: str) -> tuple[str, ...]:
    breakers = _breakers()
    if breakers is None:
        return tuple(_fallback_graphemes(text))
    return tuple(breakers.CharacterBreaker(text, "en"))


def graphemes(text: str) -> list[str]:
    """`text` as its extended grapheme clusters (UAX #29), in order; joined they are `text`."""
    if text.isascii():
        return list(text)
    return list(_cached_graphemes(text))


@lru_cache(maxsize=4096)
def _cached_breaks(text: str) -> frozenset[int]:
    breakers = _breakers()
    offsets: set[int] = set()
    if breakers is not None:
        position = 0
        for segment in breakers.LineBreaker(text, "en"):
            position += len(segment)
            offsets.add(position)
    else:
        position = 0
        for cluster in graphemes(text):
            position += len(cluster)
            if cluster[-1] in _BREAK_AFTER:
                offsets.add(position)
    offsets.discard(len(text))
    offsets.discard(0)
    return frozenset(offsets)


def break_offsets(text: str) -> frozenset[int]:
    """The offsets (0 < offset < len(text), in characters) where a line of `text` may end:
    after spaces and break marks, between words of Thai, Lao, Khmer and Myanmar (with ICU),
    never inside a grapheme cluster."""
    if len(text) < 2:
        return frozenset()
    breaks = _cached_breaks(text)
    if _breakers() is None:
        return breaks
    # ICU breaks no cluster (UAX #14 LB9-LB10 keep marks and joiners with their base): checked
    inside = _inside_clusters(text)
    return breaks - inside if inside & breaks else breaks


def _inside_clusters(text: str) -> frozenset[int]:
    """The offsets that fall inside a grapheme cluster of `text`."""
    inside: set[int] = set()
    position = 0
    for cluster in graphemes(text):
        inside.update(range(position + 1, position + len(cluster)))
        position += len(cluster)
    return frozenset(inside)
