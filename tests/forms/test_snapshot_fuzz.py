"""A stored or imported snapshot is trusted in nothing: any damage to a question, a choice or an
upgrade mapping is refused as a TemplateError, never another exception."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from forms import FormDefinition, TemplateError, load_template_text, shipped_template

_V2 = load_template_text(
    """\
id: f
version: 2
title: F
upgrade: {from_version: 1, renamed: {old: seen}, choices: {seen: {maybe: partly}}, removed: [gone]}
sections:
  - id: s
    title: S
    questions:
      - {id: seen, type: yes_no_partly, label: Seen}
""",
    "v2.yaml",
)
_ODD_VALUES = st.sampled_from([None, True, 0, 1.5, "", "x", [], {}, ["a"], {"a": 1}, "a ==", -1])


def _places(snapshot: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Every (mapping, key) of the first section's questions, their choices, and the upgrade."""
    found: list[tuple[dict[str, Any], str]] = []
    for question in snapshot["sections"][0]["questions"][:6]:
        found += [(question, key) for key in question]
        for choice in question["choices"][:2]:
            found += [(choice, key) for key in choice]
    if "upgrade" in snapshot:
        found += [(snapshot["upgrade"], key) for key in snapshot["upgrade"]]
    return found


@settings(max_examples=150)
@given(data=st.data(), which=st.sampled_from(["case-audit", "v2"]), drop=st.booleans())
def test_a_damaged_snapshot_is_refused_as_a_template_error(
    data: st.DataObject, which: str, drop: bool
) -> None:
    source = _V2 if which == "v2" else shipped_template("case-audit")
    snapshot = copy.deepcopy(source.to_snapshot())
    places = _places(snapshot)
    mapping, key = data.draw(st.sampled_from(places))
    if drop:
        del mapping[key]
    else:
        mapping[key] = data.draw(_ODD_VALUES)
    try:
        FormDefinition.from_snapshot(snapshot)
    except TemplateError as refused:
        assert refused.problems and refused.problems[0].message
