"""A file is never put in place over something that is not an ordinary file (an attack renamed
a bundle over /dev/null when run as root); a pipe stands in for a device here."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop_app.output_files import put_in_place
from tests.helpers import run_cli


def test_put_in_place_refuses_what_is_not_an_ordinary_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    made = tmp_path / "made.part"
    made.write_text("whole file", encoding="utf-8")
    with pytest.raises(OSError, match="not an ordinary file"):
        put_in_place(made, pipe)
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and made.exists()
    ordinary = tmp_path / "report.pdf"
    ordinary.write_text("old", encoding="utf-8")
    put_in_place(made, ordinary)
    assert ordinary.read_text(encoding="utf-8") == "whole file" and not made.exists()


def test_a_report_asked_for_over_a_pipe_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    assert run_cli(capsys, "--home", str(home), "demo").code == 0
    pipe = tmp_path / "report.pdf"
    os.mkfifo(pipe)
    result = run_cli(capsys, "--home", str(home), "report", "--assessment", "1", "--out", str(pipe))
    assert result.code != 0 and "not an ordinary file" in result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "report.pdf"]  # no temp left
