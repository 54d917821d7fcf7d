"""Each input of ../shared/cases/reports/ that broke a report or an export, with the right result.

Demo ids: visit 1, audit 2, self-assessment 2 (the draft)."""

from __future__ import annotations

import csv
import json
import sqlite3
import unicodedata
import zipfile
from pathlib import Path

import pytest

from audit_tool import restore_csv_cell
from desktop_app.reports.fonts import missing_letters
from tests.helpers import SHARED_CASES, run_cli
from tests.reports.answers import set_assessment_answers, set_audit_answers
from tests.reports.pdf_text import found_in, pdf_text

CASES = SHARED_CASES / "reports"


def _answers(case: str, name: str = "answers.json") -> dict[str, object]:
    loaded: dict[str, object] = json.loads((CASES / case / name).read_text(encoding="utf-8"))
    return loaded


def _report(capsys: pytest.CaptureFixture[str], home: Path, *what: str, out: Path) -> str:
    result = run_cli(capsys, "--home", str(home), "report", *what, "--out", str(out))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return pdf_text(out, body_only=True)


def _audit_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["audit.id"]: row for row in csv.DictReader(handle)}


def test_01_long_commentary(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers("01-long-commentary")
    set_audit_answers(demo_home, 2, answers)
    text = _report(capsys, demo_home, "--audit", "2", out=tmp_path / "audit.pdf")
    assert found_in(str(answers["voice_commentary"]), text)


def test_02_long_strengths(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers("02-long-strengths")
    set_assessment_answers(demo_home, 2, answers)
    text = _report(capsys, demo_home, "--assessment", "2", out=tmp_path / "sa.pdf")
    assert found_in(str(answers["leaders_strengths"]), text)
    # the signed export carries the same PDF, so it must now be written too
    home = ["--home", str(demo_home)]
    keys = run_cli(
        capsys, *home, "keys", "init", "--name", "Priya Lambert", "--org", "Midthorpe Council"
    )
    assert keys.code == 0, keys.err
    bundle = tmp_path / "sa.cfbundle"
    result = run_cli(
        capsys, *home, "export", "--assessment", "2", "--include-draft", "--out", str(bundle)
    )
    assert result.code == 0, result.err
    with zipfile.ZipFile(bundle) as archive:
        assert any(name.endswith(".pdf") for name in archive.namelist())


def test_03_non_latin1_pdf(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers("03-non-latin1-pdf")
    set_audit_answers(demo_home, 2, answers)
    out = tmp_path / "audit.pdf"
    text = _report(capsys, demo_home, "--audit", "2", out=out)
    for typed in answers.values():
        assert found_in(str(typed), text)
        assert missing_letters(str(typed)) == set()  # no letter printed as a box
    for word in ("Łucja Wójcik", "Łęcki", "Ștefan", "😊", "€40", "Ω ≥ 5 → ok"):
        assert word in text
    # the Urdu word read back in the order it was typed, its letters joined (presentation
    # forms, which NFKC maps back to the letters typed)
    assert "اردو" in unicodedata.normalize("NFKC", text)
    assert "اردو" not in text
    assert b"/Helvetica" not in out.read_bytes()  # only the shipped Unicode fonts


def test_05_formula_injection(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    answers = _answers("05-formula-injection")
    set_audit_answers(demo_home, 2, answers)
    home = ["--home", str(demo_home)]
    out_csv, out_xlsx = tmp_path / "audits.csv", tmp_path / "audits.xlsx"
    for fmt, out in (("csv", out_csv), ("xlsx", out_xlsx)):
        result = run_cli(
            capsys, *home, "audits", "export", "--visit", "1", "--format", fmt, "--out", str(out)
        )
        assert result.code == 0, result.err
    row = _audit_rows(out_csv)["2"]
    for question_id, typed in answers.items():
        cell = row[question_id]
        assert cell == "'" + str(typed)  # OWASP: a quote before a formula starter
        assert restore_csv_cell(cell) == typed
    sheet = load_workbook(out_xlsx, read_only=True)["Audits"]
    lines = sheet.iter_rows(values_only=False)
    header = [cell.value for cell in next(lines)]
    for line in lines:
        if line[0].value == "2":
            cells = dict(zip(header, line, strict=False))
            for question_id, typed in answers.items():
                assert cells[question_id].value == typed  # exactly as typed, no apostrophe
                assert cells[question_id].data_type == "s"  # a text cell, never a formula
            break
    else:
        pytest.fail("audit 2 is not in the XLSX export")


def test_08_nonrelevant_kept(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    step1, step2 = (
        _answers("08-nonrelevant-kept", "step1.json"),
        _answers("08-nonrelevant-kept", "step2.json"),
    )
    set_audit_answers(demo_home, 2, step1)
    set_audit_answers(demo_home, 2, step2)
    hidden = [str(step1["escalation_reason"]), str(step1["escalated_to"])]
    text = _report(capsys, demo_home, "--audit", "2", out=tmp_path / "audit.pdf")
    visit = _report(capsys, demo_home, "--visit", "1", out=tmp_path / "visit.pdf")
    home = ["--home", str(demo_home)]
    out_csv = tmp_path / "audits.csv"
    result = run_cli(
        capsys, *home, "audits", "export", "--visit", "1", "--format", "csv", "--out", str(out_csv)
    )
    assert result.code == 0, result.err
    exported = out_csv.read_text(encoding="utf-8-sig")
    keys = ["keys", "init", "--name", "Kwame Mensah", "--org", "Midthorpe Council"]
    assert run_cli(capsys, *home, *keys).code == 0
    bundle = tmp_path / "visit.cfbundle"
    result = run_cli(capsys, *home, "export", "--visit", "1", "--out", str(bundle))
    assert result.code == 0, result.err
    with zipfile.ZipFile(bundle) as archive:
        carried = " ".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith("bundle.json")
        )
    assert "Audit of case" in carried
    for shown in (text, visit, exported, carried):
        assert "Bruising" not in shown and "Jo Patel" not in shown
    row = _audit_rows(out_csv)["2"]
    assert row["escalate"] == "No" and row["escalation_reason"] == "" and row["escalated_to"] == ""
    # ... but kept in the database and its change log, for the form to show and clear
    with sqlite3.connect(demo_home / "critical-friend.db") as connection:
        stored = {
            str(question): json.loads(value)
            for question, value in connection.execute(
                "SELECT an.question_id, an.value FROM answer an JOIN audit a "
                "ON a.record_id = an.record_id WHERE a.id = 2"
            )
        }
        logged = " ".join(
            str(value) for (value,) in connection.execute("SELECT new_value FROM answer_change")
        )
    assert stored["escalation_reason"] == hidden[0] and stored["escalated_to"] == hidden[1]
    assert "Bruising" in logged
