"""Compiled form expressions and their null-safe evaluation.

Evaluation never raises: a missing answer is null, arithmetic on things that are not numbers
gives null, ordering comparisons with null (or between text and numbers) are false.

Budgets (a form definition may come from anyone's bundle): one evaluation takes at most
MAX_EVALUATION_STEPS steps, text it builds is at most MAX_TEXT_CHARS characters and whole
numbers it builds at most MAX_INTEGER_BITS bits; past a budget the result is null. So a chain of
calculations that each double the last grows nothing past these sizes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from forms.expression_syntax import (
    CURRENT_VALUE_NAME,
    Binary,
    Call,
    ListLiteral,
    Literal,
    Name,
    Node,
    Unary,
    names_in,
    parse_expression,
)

MAX_EVALUATION_STEPS = 20_000
MAX_TEXT_CHARS = 100_000
MAX_INTEGER_BITS = 64


class _OverBudget(Exception):
    """One evaluation went past MAX_EVALUATION_STEPS (caught inside `Expression.evaluate`)."""


@dataclass(frozen=True)
class Expression:
    """A compiled expression; build one with `compile_expression`."""

    text: str
    tree: Node = field(repr=False, compare=False)

    def names(self) -> set[str]:
        """The answer ids this expression reads (not including `value`)."""
        return names_in(self.tree) - {CURRENT_VALUE_NAME}

    def uses_value(self) -> bool:
        """True when the expression reads the current question's own answer."""
        return CURRENT_VALUE_NAME in names_in(self.tree)

    def evaluate(
        self, answers: Mapping[str, Any], value: Any = None, today: date | None = None
    ) -> Any:
        """Evaluate against answers (missing ids are null); never raises.

        Null when the evaluation goes past MAX_EVALUATION_STEPS.
        """
        context = _Context(answers, value, (today or date.today()).isoformat())
        try:
            return context.evaluate(self.tree)
        except _OverBudget:
            return None

    def is_true(
        self, answers: Mapping[str, Any], value: Any = None, today: date | None = None
    ) -> bool:
        """Evaluate and say whether the result counts as true."""
        return is_truthy(self.evaluate(answers, value, today))


def compile_expression(text: str) -> Expression:
    """Compile expression text, raising ExpressionError with a plain message if malformed."""
    return Expression(text, parse_expression(text))


@lru_cache(maxsize=8192)
def cached_expression(text: str) -> Expression:
    """compile_expression, remembered: templates reuse the same few expressions many times."""
    return compile_expression(text)


def is_truthy(result: Any) -> bool:
    """Null, false, zero, empty text and empty lists are false; everything else is true."""
    if result is None or result is False:
        return False
    if isinstance(result, float):
        return result != 0 and not math.isnan(result)
    if isinstance(result, int):
        return result != 0
    if isinstance(result, str | list | tuple | dict):
        return len(result) > 0
    return True


def _is_number(item: Any) -> bool:
    return isinstance(item, int | float) and not isinstance(item, bool)


def values_equal(left: Any, right: Any) -> bool:
    """Equality where true/false never equal 1/0 and numbers compare by value."""
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(
            values_equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if type(left) is not type(right):
        return False
    try:
        return bool(left == right)
    except Exception:
        return False


def _ordered(operator: str, left: Any, right: Any) -> bool:
    comparable = (_is_number(left) and _is_number(right)) or (
        isinstance(left, str) and isinstance(right, str)
    )
    if not comparable:
        return False
    if operator == "<":
        return bool(left < right)
    if operator == "<=":
        return bool(left <= right)
    if operator == ">":
        return bool(left > right)
    return bool(left >= right)


def _contains(container: Any, item: Any) -> bool | None:
    if isinstance(container, list | tuple):
        return any(values_equal(item, member) for member in container)
    if isinstance(container, str) and isinstance(item, str):
        return item in container
    return None


def _arithmetic(operator: str, left: Any, right: Any) -> Any:
    if operator == "+" and isinstance(left, str) and isinstance(right, str):
        return left + right if len(left) + len(right) <= MAX_TEXT_CHARS else None
    if not (_is_number(left) and _is_number(right)):
        return None
    if (
        operator == "*"
        and isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > MAX_INTEGER_BITS + 1
    ):
        return None
    try:
        if operator == "+":
            result = left + right
        elif operator == "-":
            result = left - right
        elif operator == "*":
            result = left * right
        elif right == 0:
            return None
        else:
            result = left / right
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return _within_budget(result)


def _within_budget(number: Any) -> Any:
    """The number, or null when it is not finite or an integer wider than MAX_INTEGER_BITS."""
    if isinstance(number, float):
        return number if math.isfinite(number) else None
    if isinstance(number, int) and number.bit_length() > MAX_INTEGER_BITS:
        return None
    return number


def to_number(item: Any) -> int | float | None:
    """number(x): numbers as they are, numeric text parsed, anything else null."""
    if _is_number(item):
        return item  # type: ignore[no-any-return]
    if isinstance(item, str):
        text = item.strip()
        if not text or len(text) > 40:
            return None
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _is_answered(item: Any) -> bool:
    if item is None:
        return False
    if isinstance(item, str):
        return item.strip() != ""
    if isinstance(item, list | tuple | dict):
        return len(item) > 0
    return True


class _Context:
    def __init__(self, answers: Mapping[str, Any], value: Any, today: str) -> None:
        self.answers = answers
        self.value = value
        self.today = today
        self.steps = 0

    def evaluate(self, node: Node) -> Any:
        self.steps += 1
        if self.steps > MAX_EVALUATION_STEPS:
            raise _OverBudget
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Name):
            if node.name == CURRENT_VALUE_NAME:
                return self.value
            return self.answers.get(node.name)
        if isinstance(node, ListLiteral):
            return [self.evaluate(item) for item in node.items]
        if isinstance(node, Unary):
            operand = self.evaluate(node.operand)
            if node.operator == "not":
                return not is_truthy(operand)
            return -operand if _is_number(operand) else None
        if isinstance(node, Call):
            return self._call(node)
        return self._binary(node)

    def _binary(self, node: Binary) -> Any:
        operator = node.operator
        if operator == "and":
            return is_truthy(self.evaluate(node.left)) and is_truthy(self.evaluate(node.right))
        if operator == "or":
            return is_truthy(self.evaluate(node.left)) or is_truthy(self.evaluate(node.right))
        left = self.evaluate(node.left)
        right = self.evaluate(node.right)
        if operator == "==":
            return values_equal(left, right)
        if operator == "!=":
            return not values_equal(left, right)
        if operator in ("<", "<=", ">", ">="):
            return _ordered(operator, left, right)
        if operator in ("in", "not in"):
            found = _contains(right, left)
            if found is None:
                return False
            return found if operator == "in" else not found
        return _arithmetic(operator, left, right)

    def _call(self, node: Call) -> Any:
        arguments = [self.evaluate(argument) for argument in node.arguments]
        function = node.function
        if function == "today":
            return self.today
        if function == "number":
            return to_number(arguments[0])
        if function == "selected":
            chosen, wanted = arguments
            if isinstance(chosen, list | tuple):
                return any(values_equal(wanted, member) for member in chosen)
            return chosen is not None and values_equal(chosen, wanted)
        subject = arguments[0]
        if function == "len":
            if subject is None:
                return 0
            if isinstance(subject, str | list | tuple | dict):
                return len(subject)
            return None
        # count: answered items of a list (rows of a repeat), 1 for any other answered value
        if isinstance(subject, list | tuple):
            return sum(1 for member in subject if _is_answered(member))
        return 1 if _is_answered(subject) else 0
