"""Calculations run in dependency order, whatever order the template lists them in; a cycle of
calculations is refused by the loader with the ids that form it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms import TemplateError, compute_calculated, load_template_text
from tests.helpers import run_cli

HEADER = """\
id: chain
version: 1
title: Chain
sections:
  - id: s
    title: S
    questions:
      - {id: start, type: number, label: Start}
"""


def _template(lines: list[str]) -> str:
    return HEADER + "".join(f"      - {line}\n" for line in lines)


def _chain(length: int) -> list[str]:
    """c0 = start + 1, c1 = c0 * 2, c2 = c1 + 1, ... each reading the previous one."""
    lines = []
    for index in range(length):
        source = "start" if index == 0 else f"c{index - 1}"
        step = "+ 1" if index % 2 == 0 else "* 2"
        lines.append(
            f"{{id: c{index}, type: number, label: C{index}, calculate: '{source} {step}'}}"
        )
    return lines


@given(
    length=st.integers(min_value=1, max_value=8),
    start=st.integers(min_value=-1000, max_value=1000),
    data=st.data(),
)
def test_a_chain_of_calculations_gives_the_same_values_in_any_order(
    length: int, start: int, data: st.DataObject
) -> None:
    lines = _chain(length)
    shuffled = data.draw(st.permutations(lines))
    written = load_template_text(_template(lines), "in-order.yaml")
    reordered = load_template_text(_template(list(shuffled)), "shuffled.yaml")
    expected = start
    for index in range(length):
        expected = expected + 1 if index % 2 == 0 else expected * 2
    in_order = compute_calculated(written, {"start": start})
    any_order = compute_calculated(reordered, {"start": start})
    assert in_order == any_order
    assert any_order[f"c{length - 1}"] == expected


def test_a_calculation_that_uses_a_later_one_gets_its_fresh_value() -> None:
    lines = [
        "{id: total, type: number, label: Total, calculate: 'doubled + 1'}",
        "{id: doubled, type: number, label: Doubled, calculate: 'start * 2'}",
    ]
    definition = load_template_text(_template(lines), "later.yaml")
    assert compute_calculated(definition, {"start": 5}) == {"total": 11, "doubled": 10}


def test_a_cycle_is_refused_naming_its_ids() -> None:
    lines = [
        "{id: a_value, type: number, label: A, calculate: 'b_value + 1'}",
        "{id: b_value, type: number, label: B, calculate: 'c_value + 1'}",
        "{id: c_value, type: number, label: C, calculate: 'a_value + start'}",
    ]
    with pytest.raises(TemplateError) as refused:
        load_template_text(_template(lines), "cycle.yaml")
    messages = [str(problem) for problem in refused.value.problems]
    assert len(messages) == 1
    assert messages[0].startswith("cycle.yaml:9: the calculations a_value → b_value → c_value")
    assert "a_value → b_value → c_value → a_value" in messages[0]


def test_a_calculation_reading_itself_is_a_cycle() -> None:
    lines = ["{id: loop, type: number, label: Loop, calculate: 'loop + 1'}"]
    with pytest.raises(TemplateError, match="loop → loop"):
        load_template_text(_template(lines), "self.yaml")


def test_forms_check_refuses_a_cycle_with_its_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text(
        _template(
            [
                "{id: a_value, type: number, label: A, calculate: 'b_value + 1'}",
                "{id: b_value, type: number, label: B, calculate: 'a_value + 1'}",
            ]
        ),
        encoding="utf-8",
    )
    result = run_cli(capsys, "forms", "check", str(path))
    assert result.code == 1
    assert "a_value → b_value → a_value" in result.err
