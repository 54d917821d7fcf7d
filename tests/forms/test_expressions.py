import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import ExpressionError, compile_expression


@pytest.mark.parametrize(
    ("text", "answers", "value", "expected"),
    [
        ("grade in ['requires_improvement', 'inadequate']", {"grade": "inadequate"}, None, True),
        ("grade in ['requires_improvement', 'inadequate']", {}, None, False),
        ("grade not in ['good']", {"grade": "inadequate"}, None, True),
        ("len(value) >= 20", {}, "x" * 20, True),
        ("len(value) >= 20", {}, None, False),
        ("1 + 2 * 3", {}, None, 7),
        ("(1 + 2) * 3", {}, None, 9),
        ("10 / 4", {}, None, 2.5),
        ("1 / 0", {}, None, None),
        ("-score + 1", {"score": 3}, None, -2),
        ("a and not b", {"a": "yes", "b": ""}, None, True),
        ("a or b", {}, None, False),
        ("missing < 3", {}, None, False),
        ("missing >= 3", {}, None, False),
        ("missing == null", {}, None, True),
        ("'3' < 4", {}, None, False),
        ("count(rows)", {"rows": [{"a": 1}, {}, {"b": 2}]}, None, 2),
        ("count(themes)", {"themes": ["a", "b"]}, None, 2),
        ("count(name)", {"name": "  "}, None, 0),
        ("selected(themes, 'neglect')", {"themes": ["neglect"]}, None, True),
        ("selected(cohort, 'child_in_care')", {"cohort": "child_in_care"}, None, True),
        ("number(x) + 1", {"x": "41"}, None, 42),
        ("number(x)", {"x": "not a number"}, None, None),
        ("'neg' in 'neglect'", {}, None, True),
        ("true == 1", {}, None, False),
        ("[1, 2] == [1, 2]", {}, None, True),
        ("'a' + 'b'", {}, None, "ab"),
        ("'a' + 1", {}, None, None),
    ],
)
def test_expressions_evaluate_as_documented(
    text: str, answers: dict[str, object], value: object, expected: object
) -> None:
    assert compile_expression(text).evaluate(answers, value) == expected


def test_today_is_an_iso_date_comparable_with_date_answers() -> None:
    expression = compile_expression("value <= today()")
    assert expression.evaluate({}, "2024-05-01", today=date(2024, 5, 1)) is True
    assert expression.evaluate({}, "2024-05-02", today=date(2024, 5, 1)) is False


def test_names_lists_answer_ids_but_not_value() -> None:
    expression = compile_expression("len(value) > 3 and grade == 'good' or selected(t, 'x')")
    assert expression.names() == {"grade", "t"}
    assert expression.uses_value()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("1 +", "ended too early"),
        ("a b", "Unexpected 'b'"),
        ("foo(1)", "Unknown function 'foo'"),
        ("len()", "takes 1 argument"),
        ("((1)", "Expected ')'"),
        ("'abc", "Unclosed text"),
        ("1 < 2 < 3", "Join two comparisons"),
        ("a ~ b", "Unexpected character '~'"),
        ("(" * 40 + "1" + ")" * 40, "nested"),
        ("a" + " + a" * 200, "too deeply nested"),
        ("x" * 3000, "too long"),
        ("__import__('os')", "Unknown function"),
    ],
)
def test_malformed_expressions_are_refused_with_a_message(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError, match=None) as caught:
        compile_expression(text)
    assert fragment in str(caught.value)


_ALPHABET = st.sampled_from(
    [
        *list("abxyz019 .,'\"()[]+-*/<>=!_"),
        "and ",
        "or ",
        "not ",
        " in ",
        "true",
        "null",
        "len(",
        "count(",
        "today()",
        "selected(",
        "number(",
        "value",
        "'good'",
    ]
)
_ANSWER_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60) | st.lists(_ALPHABET, max_size=30).map("".join))
def test_random_text_only_ever_raises_expression_error(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        compile_expression(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_ALPHABET, min_size=1, max_size=30).map("".join),
    st.dictionaries(st.sampled_from(["a", "b", "x", "y", "z"]), _ANSWER_VALUES),
    _ANSWER_VALUES,
)
def test_compiled_expressions_never_raise_when_evaluated(
    text: str, answers: dict[str, object], value: object
) -> None:
    try:
        expression = compile_expression(text)
    except ExpressionError:
        return
    expression.evaluate(answers, value, today=date(2024, 1, 1))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**39), st.integers(min_value=1, max_value=40))
def test_huge_arithmetic_gives_null_or_a_number_never_an_error(big: int, times: int) -> None:
    text = " * ".join([str(big)] * times) + " / 3.5"
    result = compile_expression(text).evaluate({})
    assert result is None or isinstance(result, int | float)
