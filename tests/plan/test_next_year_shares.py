"""Next year's self-assessment starts with the plan's progress written by the app itself; that
text must not stop its own export: the personal-data check flags dates written in words as
possible dates of birth, so the app writes its dates as 2026-11-01 (found in a new user's trial:
every self-assessment started from a plan with a due date was refused at export)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.bundles.cli_homes import make_peer
from tests.helpers import require_tool


def test_a_self_assessment_started_from_the_plan_exports_without_a_personal_data_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = make_peer(tmp_path, capsys, "Priya Lambert", "Midthorpe Council")
    added = lead.cli(
        "plan", "add", "--what", "Supervision recorded monthly", "--owner", "Kwame Mensah",
        "--due", "2026-11-01",
    )  # fmt: skip
    assert added.code == 0, added.err
    noted = lead.cli("plan", "update", "--action", "1", "--status", "at_risk", "--note", "Behind")
    assert noted.code == 0, noted.err
    started = lead.cli("plan", "next-assessment", "--period", "2027-28")
    assert started.code == 0, started.err
    assessment = json.loads(lead.cli("list", "assessments", "--json").out)[0]["id"]
    out = tmp_path / "next-year.cfbundle"
    exported = lead.cli(
        "export", "--assessment", str(assessment), "--include-draft", "--out", str(out)
    )
    assert exported.code == 0, exported.err
    assert "personal-data check" not in exported.err and out.is_file()
    report = tmp_path / "next-year.pdf"
    assert lead.cli("report", "--assessment", str(assessment), "--out", str(report)).code == 0
    words = subprocess.run(
        [require_tool("pdftotext"), str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "due 2026-11-01" in words and "Nov 2026" not in words
