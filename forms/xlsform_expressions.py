"""Expressions between XLSForm's syntax and ours, token by token, spacing kept.

XLSForm (https://xlsform.org/en/#formulas) writes answers as `${id}`, the current answer as `.`,
equality as `=`, and has functions such as `selected()`, `count-selected()`, `string-length()`.
We read the common subset: `${id}`, `.`, `selected()`, `count-selected()`, `count()`,
`string-length()`, `number()`, `today()`, `true()`, `false()`, `not()`, `and`, `or`, `div`,
comparisons (`=`, `!=`, `<`, `<=`, `>`, `>=`), `+ - *`, parentheses, quoted text and numbers. Our
own forms (`==`, `in [...]`, `null`, bare ids) are accepted too, so what `to_xlsform` writes reads
back to the very same text. Anything else is refused by name (ExpressionError), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from forms.problems import ExpressionError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{[^}]*\})
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<function>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*(?=\s*\())
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|=|<|>|\+|-|\*|/|\(|\)|\[|\]|,|\.\.|\.)
    """,
    re.VERBOSE,
)
_REF = re.compile(r"^\$\{([a-z][a-z0-9_]*)\}$")
_FROM_XLSFORM_FUNCTIONS = {
    "selected": "selected",
    "count-selected": "count",
    "count": "count",
    "string-length": "len",
    "len": "len",
    "number": "number",
    "today": "today",
    "not": "not",
}
_CONSTANT_FUNCTIONS = {"true": "true", "false": "false"}
_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
SUPPORTED_FUNCTIONS = ", ".join(
    f"{name}()" for name in sorted({*_FROM_XLSFORM_FUNCTIONS, *_CONSTANT_FUNCTIONS} - {"len"})
)


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(
                f"the character {text[position]!r} at {position + 1} is not understood"
            )
        found.append((match.lastgroup or "", match.group()))
        position = match.end()
    return found


def _next_solid(tokens: list[tuple[str, str]], index: int) -> int:
    index += 1
    while index < len(tokens) and tokens[index][0] == "space":
        index += 1
    return index


def from_xlsform(text: str) -> str:
    """Our expression for an XLSForm one; ExpressionError naming what is not supported."""
    tokens = _tokens(text)
    out: list[str] = []
    skip_to = -1
    for index, (kind, value) in enumerate(tokens):
        if index <= skip_to:
            continue
        if kind == "ref":
            match = _REF.match(value)
            if match is None:
                raise ExpressionError(
                    f"{value} is not a question reference (ids are lower-case a-z, 0-9 and _)"
                )
            out.append(match.group(1))
        elif kind == "function":
            if value in _CONSTANT_FUNCTIONS:
                opening = _next_solid(tokens, index)
                closing = _next_solid(tokens, opening)
                if closing >= len(tokens) or tokens[closing][1] != ")":
                    raise ExpressionError(f"{value}() takes nothing inside its brackets")
                out.append(_CONSTANT_FUNCTIONS[value])
                skip_to = closing
                continue
            mapped = _FROM_XLSFORM_FUNCTIONS.get(value)
            if mapped is None:
                raise ExpressionError(
                    f"the function {value}() is not supported (supported: {SUPPORTED_FUNCTIONS})"
                )
            out.append(mapped)
        elif kind == "name":
            if value == "div":
                out.append("/")
            elif value == "mod":
                raise ExpressionError("the operator 'mod' is not supported")
            else:
                out.append(value)
        elif kind == "op":
            if value == "..":
                raise ExpressionError("'..' (the parent group) is not supported")
            out.append({"=": "==", ".": "value"}.get(value, value))
        else:
            out.append(value)
    return "".join(out)


def to_xlsform(text: str, is_multi_choice: Callable[[str], bool]) -> str:
    """The XLSForm spelling of one of our expressions (ids as `${id}`, `value` as `.`, `==`
    as `=`, `len` as `string-length`, `count` of a multi_choice as `count-selected`).

    `in [...]` and `null` have no XLSForm spelling and are written as they are; `from_xlsform`
    reads them back.
    """
    tokens = _tokens(text)
    out: list[str] = []
    for index, (kind, value) in enumerate(tokens):
        if kind == "function":
            if value == "len":
                out.append("string-length")
            elif value == "count":
                argument = _next_solid(tokens, _next_solid(tokens, index))
                name = tokens[argument][1] if argument < len(tokens) else ""
                out.append("count-selected" if is_multi_choice(name) else "count")
            else:
                out.append(value)
        elif kind == "name":
            if value == "value":
                out.append(".")
            elif value in _KEYWORDS:
                out.append(value)
            else:
                out.append("${" + value + "}")
        elif kind == "op" and value == "==":
            out.append("=")
        else:
            out.append(value)
    return "".join(out)
