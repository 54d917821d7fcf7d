"""The one cache of parsed form definitions (no SQL import here: the quick list reads use it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the forms package is imported on the first parse, not at start-up
    from forms import FormDefinition

__all__ = ["forget_parsed_definitions", "parsed_definition"]

_PARSED: dict[str, FormDefinition] = {}
_PARSED_KEPT = 64


def parsed_definition(
    sha256: str, read_snapshot: Callable[[], str | dict[str, Any]]
) -> FormDefinition:
    """The one cache of parsed form definitions, keyed by the content's SHA-256.

    Definition rows never change (they are keyed by content), so each is parsed once;
    ``read_snapshot`` (the JSON text or the parsed dict) is called only on a miss. Stored text
    is read lazily, a section when first used (``FormDefinition.from_snapshot_text``). The oldest
    of more than 64 is dropped.
    """
    found = _PARSED.get(sha256)
    if found is None:
        from forms import FormDefinition

        snapshot = read_snapshot()
        found = (
            FormDefinition.from_snapshot_text(snapshot)  # read section by section as used
            if isinstance(snapshot, str)
            else FormDefinition.from_snapshot(snapshot)
        )
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[sha256] = found
    return found


def forget_parsed_definitions() -> None:
    """Empties the parsed-definition cache (benchmarks measure a first open with it)."""
    _PARSED.clear()
