"""`critical-friend forms list / check / preview`."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from tests.form_screen.conftest import ALL_TYPES
from tests.helpers import run_cli, run_cli_process

MALFORMED = """\
id: broken
version: 1
title: Broken template
sections:
  - id: first
    title: First
    questions:
      - id: colour
        type: single_choice
        label: Colour
      - id: size
        type: shoe_size
        label: Size
"""


def test_forms_list_json_shows_the_shipped_templates(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "forms", "list", "--json")
    assert result.code == 0
    rows = {row["id"]: row for row in json.loads(result.out)}
    assert {"case-audit", "self-assessment"} <= rows.keys()
    case_audit = rows["case-audit"]
    assert case_audit["title"] == "Case file audit"
    assert case_audit["version"] >= 1
    assert case_audit["questions"] > 20 and case_audit["sections"] > 5


def test_forms_list_table(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "forms", "list")
    assert result.code == 0
    assert result.out.splitlines()[0].split() == [
        "ID",
        "VERSION",
        "TITLE",
        "QUESTIONS",
        "SECTIONS",
        "FROM",
        "CURRENT",
    ]
    assert "case-audit" in result.out


def test_forms_check_accepts_a_good_template(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "forms", "check", str(ALL_TYPES))
    assert result.code == 0
    assert result.out.strip() == f"{ALL_TYPES}: ok (16 questions)"


def test_forms_check_reports_each_problem_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(MALFORMED, encoding="utf-8")
    result = run_cli(capsys, "forms", "check", str(ALL_TYPES), str(bad))
    assert result.code == 1
    assert f"{ALL_TYPES}: ok" in result.out
    problems = result.err.strip().splitlines()
    assert len(problems) == 2
    assert all(problem.startswith(f"{bad}:") for problem in problems)
    lines = sorted(int(problem.split(":")[1]) for problem in problems)
    assert lines[0] in (8, 9, 10)  # the choice question without choices
    assert lines[1] == 12  # the unknown type
    assert "shoe_size" in result.err


def test_forms_preview_writes_a_png_in_a_separate_process(tmp_path: Path) -> None:
    out = tmp_path / "preview.png"
    result = run_cli_process("forms", "preview", str(ALL_TYPES), "--out", str(out))
    assert result.code == 0, result.err
    header = out.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width == 1200 and height > 600


def test_forms_preview_refuses_a_malformed_template(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(MALFORMED, encoding="utf-8")
    result = run_cli(capsys, "forms", "preview", str(bad), "--out", str(tmp_path / "x.png"))
    assert result.code == 1
    assert f"{bad}:12:" in result.err
    assert not (tmp_path / "x.png").exists()


def test_forms_preview_can_stack_every_section(
    qapp: object, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, stacked = tmp_path / "first.png", tmp_path / "all.png"
    assert run_cli(capsys, "forms", "preview", str(ALL_TYPES), "--out", str(first)).code == 0
    result = run_cli(
        capsys, "forms", "preview", str(ALL_TYPES), "--out", str(stacked), "--all-sections"
    )
    assert result.code == 0
    assert result.out.strip() == str(stacked)
    heights = [struct.unpack(">II", path.read_bytes()[16:24])[1] for path in (first, stacked)]
    assert heights[1] > heights[0] + 300  # the second section is drawn under the first
