"""A whole number on the command line beyond SQLite's 64-bit integers (an id, a seed) is a
usage error in one sentence, exit 2, on the quick `list` path and through argparse alike;
before, every lookup by such an id ended in an OverflowError traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli

HUGE = "9" * 25


@pytest.mark.parametrize(
    "args",
    [
        ["list", "audits", "--visit", HUGE],
        ["list", "audits", "--json", "--visit", HUGE],
        ["list", "audits", f"--visit={HUGE}"],
        ["visits", "sample", "--visit", HUGE, "--size", "1", "--seed", "1"],
        ["visits", "conflicts", "--visit", HUGE],
        ["report", "--audit", HUGE, "--out", "x.pdf"],
        ["challenge", "add", "--bundle", HUGE, "--text", "why?"],
        ["audits", "export", "--visit", "-" + HUGE, "--format", "csv", "--out", "x.csv"],
    ],
)
def test_an_id_too_large_for_the_database_is_one_sentence(
    capsys: pytest.CaptureFixture[str], home_dir: Path, args: list[str]
) -> None:
    result = run_cli(capsys, "--home", str(home_dir), *args)
    assert result.code == 2 and not result.out
    assert result.err.startswith("critical-friend: argument --") and "out of range" in result.err
    assert result.err.count("\n") == 1


def test_the_largest_id_sqlite_holds_is_just_not_found(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    result = run_cli(capsys, "--home", str(home_dir), "list", "audits", "--visit", str(2**63 - 1))
    assert result.code == 0 and result.out.strip() == "(none)"
