"""`critical-friend data template|import|list` as a script or a person uses them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli


def test_template_then_import_then_list(
    capsys: pytest.CaptureFixture[str], council_database: Any, tmp_path: Path
) -> None:
    home = str(council_database.home.root)
    csv_path = tmp_path / "profile.csv"
    made = run_cli(capsys, "--home", home, "data", "template", str(csv_path), "--period", "2025-26")
    assert made.code == 0 and "fill in the value column" in made.out
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "indicator,period,series,value"
    assert all(line.endswith(",") and ",2025-26," in line for line in lines[1:])
    # importing the template before filling it says what to do, not "Imported 0 values"
    empty = run_cli(capsys, "--home", home, "data", "import", str(csv_path))
    assert empty.code == 0 and "Imported 0" not in empty.out
    assert "has no values yet" in empty.out and "fill in its value column" in empty.out
    filled = [lines[0]] + [line + "12.5" if ",council," in line else line for line in lines[1:]]
    csv_path.write_text("\n".join(filled) + "\n", encoding="utf-8")

    imported = run_cli(capsys, "--home", home, "data", "import", str(csv_path))
    assert imported.code == 0, imported.err
    count = sum(",council," in line for line in lines)
    assert f"Imported {count} values" in imported.out

    listed = run_cli(capsys, "--home", home, "data", "list", "--json")
    rows = json.loads(listed.out)
    assert len(rows) == count
    assert {row["council"] for row in rows} == {12.5}
    assert {"indicator", "title", "unit", "period", "neighbours", "rag", "trend"} <= set(rows[0])

    table = run_cli(capsys, "--home", home, "data", "list")
    assert table.out.startswith("INDICATOR")


def test_a_bad_file_exits_2_with_one_sentence_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], council_database: Any, tmp_path: Path
) -> None:
    home = str(council_database.home.root)
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text(
        "indicator,period,series,value\nsw_agency,2025-26,council,18\nsw_agency,2025-26,region,lots\n",
        encoding="utf-8",
    )
    result = run_cli(capsys, "--home", home, "data", "import", str(csv_path))
    assert result.code == 2
    assert "Row 3, column value" in result.err and "nothing was imported" in result.err
    assert result.err.count("\n") == 1
    listed = run_cli(capsys, "--home", home, "data", "list", "--json")
    assert json.loads(listed.out) == []


def test_indicator_catalogue_and_a_bad_period(
    capsys: pytest.CaptureFixture[str], council_database: Any, tmp_path: Path
) -> None:
    home = str(council_database.home.root)
    catalogue = json.loads(
        run_cli(capsys, "--home", home, "data", "list", "--indicators", "--json").out
    )
    assert any(
        item["id"] == "cp_second_plan" and item["higher_is_better"] is False for item in catalogue
    )
    bad = run_cli(
        capsys, "--home", home, "data", "template", str(tmp_path / "x.csv"), "--period", "2025"
    )
    assert bad.code == 2 and "2026-27" in bad.err
