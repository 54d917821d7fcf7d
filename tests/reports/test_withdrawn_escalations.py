"""Withdrawn escalations read from any change log, however a bundle filled it (hypothesis)."""

from __future__ import annotations

import json
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.store.repositories.withdrawn import withdrawals

_VALUES = st.one_of(
    st.none(),
    st.sampled_from([json.dumps("yes"), json.dumps("no"), "yes", "[", "[" * 5000]),
    st.text(max_size=30),
)
_TIMES = st.one_of(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(str),
    st.text(max_size=20),
)
_ROWS = st.lists(st.tuples(st.integers(1, 3), _VALUES, _TIMES, st.text(max_size=40)), max_size=40)


def _says_yes(value: str | None) -> bool:
    try:
        return value is not None and json.loads(value) == "yes"
    except (ValueError, RecursionError):
        return False


def _is_time(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


@given(_ROWS)
def test_each_yes_then_not_yes_is_one_withdrawal_and_nothing_raises(
    rows: list[tuple[int, str | None, str, str]],
) -> None:
    found = withdrawals((audit, f"MC{audit:04d}", value, at, by) for audit, value, at, by in rows)
    expected = 0
    for audit in {row[0] for row in rows}:
        raised = False
        for _, value, at, _by in (row for row in rows if row[0] == audit):
            if not _is_time(at):
                continue
            if _says_yes(value):
                raised = True
            elif raised:
                raised, expected = False, expected + 1
    assert len(found) == expected
    for item in found:
        sentence = item.sentence
        assert sentence.startswith(f"Case {item.case_reference}: an escalation was recorded by ")
        assert " and withdrawn by " in sentence and sentence.endswith(".")
