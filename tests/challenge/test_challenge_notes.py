"""Challenge notes on a peer's bundle: added by section, checked, listed, reported."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_cli


@pytest.fixture
def demo_home(tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> Path:
    home = tmp_path_factory.mktemp("challenge") / "home"
    assert run_cli(capsys, "--home", str(home), "demo").code == 0
    return home


def _oxtown_bundle(capsys: pytest.CaptureFixture[str], home: Path) -> int:
    bundles = json.loads(run_cli(capsys, "--home", str(home), "list", "bundles", "--json").out)
    return next(
        b["id"]
        for b in bundles
        if b["organisation"] == "Oxtown Borough Council" and b["type"] == "self-assessment"
    )


def test_notes_by_section_summary_and_refusals(
    capsys: pytest.CaptureFixture[str], demo_home: Path
) -> None:
    bundle = _oxtown_bundle(capsys, demo_home)
    home = ["--home", str(demo_home)]
    added = run_cli(
        capsys,
        *home,
        "challenge",
        "add",
        "--bundle",
        str(bundle),
        "--section",
        "leaders",
        "--text",
        "How do leaders know supervision is reflective?",
        "--line-of-enquiry",
        "--rag",
        "amber",
    )
    assert added.code == 0, added.err
    assert (
        run_cli(
            capsys, *home, "challenge", "add", "--bundle", str(bundle), "--text", "Candid overall."
        ).code
        == 0
    )
    wrong = run_cli(
        capsys,
        *home,
        "challenge",
        "add",
        "--bundle",
        str(bundle),
        "--section",
        "nowhere",
        "--text",
        "x",
    )
    assert wrong.code == 2
    assert "no section 'nowhere'" in wrong.err and "leaders" in wrong.err
    empty = run_cli(capsys, *home, "challenge", "add", "--bundle", str(bundle), "--text", "   ")
    assert empty.code == 2 and "empty" in empty.err
    missing = run_cli(capsys, *home, "challenge", "add", "--bundle", "999", "--text", "x")
    assert missing.code == 2 and "no imported bundle 999" in missing.err

    notes = json.loads(
        run_cli(capsys, *home, "challenge", "list", "--bundle", str(bundle), "--json").out
    )
    ours = {(n["section_id"], n["line_of_enquiry"], n["rag"], n["text"][:12]) for n in notes}
    assert ("leaders", True, "amber", "How do leade") in ours
    assert ("", False, "", "Candid overa") in ours
    assert all(n["organisation"] == "Midthorpe Council" for n in notes)


def test_challenge_feedback_report(
    capsys: pytest.CaptureFixture[str], demo_home: Path, tmp_path: Path
) -> None:
    bundle = _oxtown_bundle(capsys, demo_home)
    home = ["--home", str(demo_home)]
    run_cli(
        capsys,
        *home,
        "challenge",
        "add",
        "--bundle",
        str(bundle),
        "--section",
        "care_leavers",
        "--text",
        "What do care leavers themselves say about their accommodation?",
        "--line-of-enquiry",
    )
    out = tmp_path / "challenge.pdf"
    result = run_cli(capsys, *home, "report", "--bundle", str(bundle), "--out", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Lines of enquiry for the visit" in text
        assert "What do care leavers themselves say" in text
        assert "Oxtown Borough Council" in text
