"""How long one typed answer may be, the same in the form and in `audits import`.

An answer of a ``text`` or ``long_text`` question holds at most `MAX_ANSWER_CHARACTERS`
characters (1,000,000 Unicode code points, at most about 4 MB as UTF-8), so no answer can make
a laptop's returns too large for the lead to open (a bundle's data/bundle.json is at most
64 MiB). The form stops taking text at the limit and says so (`LIMIT_SENTENCE`); `audits
import` refuses a longer cell naming its row and column. A longer document belongs in an
attachment.
"""

from __future__ import annotations

__all__ = ["LIMIT_SENTENCE", "MAX_ANSWER_CHARACTERS", "kept_within_limit"]

MAX_ANSWER_CHARACTERS = 1_000_000

LIMIT_SENTENCE = (
    f"An answer holds at most {MAX_ANSWER_CHARACTERS:,} characters, so the text typed or "
    "pasted beyond that was not kept; add a longer document as an attachment instead."
)


def kept_within_limit(text: str, inserted_end: int, limit: int = MAX_ANSWER_CHARACTERS) -> str:
    """`text` (just edited, the inserted text ending at character `inserted_end`) cut to at most
    `limit` characters by removing the end of what was inserted, so everything there before the
    edit, and the start of the insertion, stays; `text` itself when it is within `limit`.

    A character here is a Unicode code point, as Python and `audits import` count; a surrogate
    pair is never split. When the insertion is shorter than the excess (not the case for an
    edit of a text that was within the limit), the text's end is cut too.
    """
    excess = len(text) - limit
    if excess <= 0:
        return text
    end = max(0, min(inserted_end, len(text)))
    start = max(0, end - excess)
    kept = text[:start] + text[end:]
    return kept[:limit]
