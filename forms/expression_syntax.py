"""Tokenizer and parser for the form expression language (no eval, no Python `ast`).

Grammar (lowest precedence first)::

    expr        := and_expr ("or" and_expr)*
    and_expr    := not_expr ("and" not_expr)*
    not_expr    := "not" not_expr | comparison
    comparison  := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") sum)?
    sum         := product (("+" | "-") product)*
    product     := unary (("*" | "/") unary)*
    unary       := "-" unary | primary
    primary     := NUMBER | STRING | "true" | "false" | "null" | NAME | NAME "(" args ")"
                 | "(" expr ")" | "[" items "]"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.problems import ExpressionError

MAX_EXPRESSION_LENGTH = 2000
MAX_NESTING = 32
MAX_TREE_DEPTH = 120
MAX_NUMBER_DIGITS = 40

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
FUNCTION_ARITY: dict[str, int] = {"len": 1, "count": 1, "today": 0, "selected": 2, "number": 1}
CURRENT_VALUE_NAME = "value"

_TOKEN_PATTERN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<string>'[^'\\\n]*'|"[^"\\\n]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "string", "name", "keyword", "op", "end"
    text: str
    position: int


def tokenize(text: str) -> list[Token]:
    """Split expression text into tokens, or raise ExpressionError naming the bad character."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            f"The expression is too long ({len(text)} characters; at most {MAX_EXPRESSION_LENGTH})."
        )
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN_PATTERN.match(text, position)
        if match is None:
            character = text[position]
            if character in "'\"":
                raise ExpressionError(f"Unclosed text in quotes at character {position + 1}.")
            raise ExpressionError(
                f"Unexpected character {character!r} at character {position + 1}."
            )
        kind = match.lastgroup or ""
        value = match.group()
        if kind == "number" and len(value) > MAX_NUMBER_DIGITS:
            raise ExpressionError(f"The number at character {position + 1} is too long.")
        if kind == "name" and value in KEYWORDS:
            kind = "keyword"
        if kind != "space":
            tokens.append(Token(kind, value, position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool | None
    depth: int = 1


@dataclass(frozen=True)
class Name:
    name: str
    depth: int = 1


@dataclass(frozen=True)
class ListLiteral:
    items: tuple[Node, ...]
    depth: int


@dataclass(frozen=True)
class Unary:
    operator: str  # "not" or "-"
    operand: Node
    depth: int


@dataclass(frozen=True)
class Binary:
    operator: str  # "or", "and", comparison, "in", "not in", "+", "-", "*", "/"
    left: Node
    right: Node
    depth: int


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple[Node, ...]
    depth: int


Node = Literal | Name | ListLiteral | Unary | Binary | Call

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _deeper(*children: Node) -> int:
    depth = 1 + max((child.depth for child in children), default=0)
    if depth > MAX_TREE_DEPTH:
        raise ExpressionError("The expression is too deeply nested or too long a chain.")
    return depth


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.nesting = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def _advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def _at(self, kind: str, text: str | None = None) -> bool:
        token = self.current
        return token.kind == kind and (text is None or token.text == text)

    def _expect_op(self, text: str) -> None:
        if not self._at("op", text):
            raise ExpressionError(f"Expected '{text}' {self._where()}.")
        self._advance()

    def _where(self) -> str:
        token = self.current
        if token.kind == "end":
            return "but the expression ended"
        return f"at character {token.position + 1} (found '{token.text}')"

    def _enter(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError(f"The expression is nested more than {MAX_NESTING} levels deep.")

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ExpressionError("The expression is empty.")
        node = self._or()
        if self.current.kind != "end":
            token = self.current
            raise ExpressionError(f"Unexpected '{token.text}' at character {token.position + 1}.")
        return node

    def _or(self) -> Node:
        node = self._and()
        while self._at("keyword", "or"):
            self._advance()
            right = self._and()
            node = Binary("or", node, right, _deeper(node, right))
        return node

    def _and(self) -> Node:
        node = self._not()
        while self._at("keyword", "and"):
            self._advance()
            right = self._not()
            node = Binary("and", node, right, _deeper(node, right))
        return node

    def _not(self) -> Node:
        if self._at("keyword", "not"):
            self._advance()
            self._enter()
            operand = self._not()
            self.nesting -= 1
            return Unary("not", operand, _deeper(operand))
        return self._comparison()

    def _comparison(self) -> Node:
        left = self._sum()
        operator = self._comparison_operator()
        if operator is None:
            return left
        right = self._sum()
        if self._comparison_operator() is not None:
            raise ExpressionError(
                "Join two comparisons with 'and' or 'or' (a < b < c is not allowed)."
            )
        return Binary(operator, left, right, _deeper(left, right))

    def _comparison_operator(self) -> str | None:
        token = self.current
        if token.kind == "op" and token.text in _COMPARISONS:
            self._advance()
            return token.text
        if token.kind == "keyword" and token.text == "in":
            self._advance()
            return "in"
        if token.kind == "keyword" and token.text == "not":
            following = self.tokens[self.index + 1]
            if following.kind == "keyword" and following.text == "in":
                self._advance()
                self._advance()
                return "not in"
        return None

    def _sum(self) -> Node:
        node = self._product()
        while self.current.kind == "op" and self.current.text in ("+", "-"):
            operator = self._advance().text
            right = self._product()
            node = Binary(operator, node, right, _deeper(node, right))
        return node

    def _product(self) -> Node:
        node = self._unary()
        while self.current.kind == "op" and self.current.text in ("*", "/"):
            operator = self._advance().text
            right = self._unary()
            node = Binary(operator, node, right, _deeper(node, right))
        return node

    def _unary(self) -> Node:
        if self._at("op", "-"):
            self._advance()
            self._enter()
            operand = self._unary()
            self.nesting -= 1
            return Unary("-", operand, _deeper(operand))
        return self._primary()

    def _primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            self._advance()
            number: int | float = float(token.text) if "." in token.text else int(token.text)
            return Literal(number)
        if token.kind == "string":
            self._advance()
            return Literal(token.text[1:-1])
        if token.kind == "keyword" and token.text in ("true", "false", "null"):
            self._advance()
            constants: dict[str, bool | None] = {"true": True, "false": False, "null": None}
            return Literal(constants[token.text])
        if token.kind == "name":
            self._advance()
            if self._at("op", "("):
                return self._call(token)
            return Name(token.text)
        if self._at("op", "("):
            self._advance()
            self._enter()
            node = self._or()
            self.nesting -= 1
            self._expect_op(")")
            return node
        if self._at("op", "["):
            return self._list()
        if token.kind == "end":
            raise ExpressionError("The expression ended too early.")
        raise ExpressionError(f"Unexpected '{token.text}' at character {token.position + 1}.")

    def _arguments(self, closing: str) -> list[Node]:
        self._enter()
        items: list[Node] = []
        if not self._at("op", closing):
            items.append(self._or())
            while self._at("op", ","):
                self._advance()
                items.append(self._or())
        self._expect_op(closing)
        self.nesting -= 1
        return items

    def _call(self, name: Token) -> Node:
        self._advance()  # the "("
        arguments = self._arguments(")")
        arity = FUNCTION_ARITY.get(name.text)
        if arity is None:
            known = ", ".join(sorted(FUNCTION_ARITY))
            raise ExpressionError(f"Unknown function '{name.text}' (known: {known}).")
        if len(arguments) != arity:
            raise ExpressionError(
                f"{name.text}() takes {arity} argument{'s' if arity != 1 else ''}, "
                f"not {len(arguments)}."
            )
        return Call(name.text, tuple(arguments), _deeper(*arguments))

    def _list(self) -> Node:
        self._advance()  # the "["
        items = self._arguments("]")
        return ListLiteral(tuple(items), _deeper(*items))


def parse_expression(text: str) -> Node:
    """Parse expression text into a tree, raising ExpressionError when it is malformed."""
    if not isinstance(text, str):
        raise ExpressionError("An expression must be text.")
    return _Parser(text).parse()


def names_in(node: Node) -> set[str]:
    """Every answer name the tree reads (including `value`)."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Literal):
        return set()
    if isinstance(node, ListLiteral | Call):
        children = node.items if isinstance(node, ListLiteral) else node.arguments
        found: set[str] = set()
        for child in children:
            found |= names_in(child)
        return found
    if isinstance(node, Unary):
        return names_in(node.operand)
    return names_in(node.left) | names_in(node.right)
