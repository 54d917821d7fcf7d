"""A visit's stored case list that cannot be read back (migration 0007 keeps it as one
compressed row): every reader says which visit and what to do in one sentence, the list can be
imported again even after audits started, and nothing else is changed on the way."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.store.repositories.case_lists import (
    DamagedCaseListError,
    decode_cases,
    encode_cases,
)
from tests.audits.builders import write_cases
from tests.helpers import run_cli

COLUMNS = ["Case reference", "Cohort", "Team"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_stored_bytes_read_as_a_whole_list_or_one_sentence(cases: bytes) -> None:
    _decode_whole_or_refused(cases)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from('0123456789,\x1e\x1f{}[]":abc-'), max_size=60),
        st.builds(
            json.dumps,
            st.recursive(
                st.none() | st.integers() | st.text(max_size=5),
                lambda inner: (
                    st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["numbers", "values"]), inner, max_size=2)
                ),
                max_leaves=12,
            ),
        ),
    )
)
def test_any_stored_text_read_as_a_whole_list_or_one_sentence(text: str) -> None:
    _decode_whole_or_refused(zlib.compress(text.encode("utf-8")))


def _decode_whole_or_refused(cases: bytes) -> None:
    try:
        case_list = decode_cases(COLUMNS, "Case reference", cases, visit_id=3)
    except DamagedCaseListError as exc:
        assert "visit 3 is damaged" in exc.message and "--visit 3" in exc.message
        assert exc.exit_code == 5
        return
    assert len(case_list.values) == len(COLUMNS)
    assert all(len(column) == len(case_list) for column in case_list.values)
    assert len(case_list.rows) == len(case_list)
    assert decode_cases(COLUMNS, "Case reference", encode_cases(case_list)) == case_list


def _visit_with_a_started_audit(capsys: pytest.CaptureFixture[str], home: Path) -> Path:
    assert run_cli(capsys, "--home", str(home), "council", "set", "Midthorpe Council").code == 0
    made = run_cli(
        capsys, "--home", str(home), "visits", "new", "--title", "QA", "--kind", "QA",
        "--host", "Midthorpe Council",
    )  # fmt: skip
    assert made.code == 0, made.err
    listed = write_cases(home.parent, 30)
    assert (
        run_cli(capsys, "--home", str(home), "visits", "cases", "--visit", "1", str(listed)).code
        == 0
    )
    sampled = run_cli(
        capsys, "--home", str(home), "visits", "sample", "--visit", "1", "--size", "4",
        "--seed", "5",
    )  # fmt: skip
    assert sampled.code == 0, sampled.err
    with sqlite3.connect(home / "critical-friend.db") as db:
        db.execute("UPDATE audit SET status = 'in_progress' WHERE id = 1")
    return listed


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE visit_case_list SET cases = substr(cases, 1, length(cases) / 2)",
        "UPDATE visit_case_list SET cases = zeroblob(40)",
        'UPDATE visit_case_list SET column_names = \'{"not": "a list"}\'',
        "UPDATE visit_case_list SET reference_column = 'Child Unique ID'",
    ],
)
def test_a_damaged_stored_list_is_named_and_can_be_imported_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, damage: str
) -> None:
    home = tmp_path / "home"
    listed = _visit_with_a_started_audit(capsys, home)
    with sqlite3.connect(home / "critical-friend.db") as db:
        db.execute(damage)
        before = db.execute("SELECT count(*) FROM visit_case").fetchone()

    added = run_cli(
        capsys, "--home", str(home), "visits", "cases", "--visit", "1", "--add", "C0999",
        "--reason", "referred this week",
    )  # fmt: skip
    assert added.code == 5 and not added.out
    assert added.err.count("\n") == 1 and "Traceback" not in added.err
    assert "case list stored for visit 1 is damaged" in added.err
    assert "critical-friend visits cases --visit 1 FILE" in added.err
    exported = run_cli(
        capsys, "--home", str(home), "export", "--visit", "1", "--out", str(tmp_path / "v.cfbundle")
    )
    assert exported.code == 5 and "visit 1 is damaged" in exported.err
    assert not (tmp_path / "v.cfbundle").exists()
    with sqlite3.connect(home / "critical-friend.db") as db:
        assert db.execute("SELECT count(*) FROM visit_case").fetchone() == before

    fewer = write_cases(tmp_path, 2, name="fewer.csv")  # lacks most of the sampled cases
    refused = run_cli(capsys, "--home", str(home), "visits", "cases", "--visit", "1", str(fewer))
    assert refused.code == 2 and "does not hold the sampled case" in refused.err

    again = run_cli(capsys, "--home", str(home), "visits", "cases", "--visit", "1", str(listed))
    assert again.code == 0, again.err
    added = run_cli(
        capsys, "--home", str(home), "visits", "cases", "--visit", "1", "--add", "C0029",
        "--reason", "referred this week",
    )  # fmt: skip
    assert added.code == 0, added.err


def test_a_whole_list_still_cannot_be_replaced_once_audits_started(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    listed = _visit_with_a_started_audit(capsys, home)
    again = run_cli(capsys, "--home", str(home), "visits", "cases", "--visit", "1", str(listed))
    assert again.code == 2 and "already started" in again.err
