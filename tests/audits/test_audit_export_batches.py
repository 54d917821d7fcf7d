"""The audits export reads a batch of audits at a time (answers and moderations with them), so
its memory stays flat; what it writes must not depend on where the batches fall."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from desktop_app.home import Home
from desktop_app.reports import audit_export
from tests.helpers import run_cli


def _export(capsys: pytest.CaptureFixture[str], home: Path, out: Path) -> list[dict[str, str]]:
    argv = ["--home", str(home), "audits", "export", "--visit", "1", "--out", str(out)]
    result = run_cli(capsys, *argv)
    assert result.code == 0, result.err
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_moderations_and_answers_land_on_their_own_audits_whatever_the_batch_size(
    capsys: pytest.CaptureFixture[str],
    home_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    whole = _export(capsys, home_dir, tmp_path / "whole.csv")
    monkeypatch.setattr(audit_export, "BATCH", 3)  # the demo visit's 32 audits in 11 batches
    batched = _export(capsys, home_dir, tmp_path / "batched.csv")
    assert batched == whole
    connection = sqlite3.connect(Home(home_dir).database)
    latest = dict(
        connection.execute(
            "SELECT m.audit_id, m.rationale FROM moderation m JOIN audit a ON a.id = m.audit_id "
            "WHERE a.visit_id = 1 AND m.question_id = 'overall_grade' ORDER BY m.id"
        ).fetchall()
    )
    connection.close()
    assert latest, "the demo visit has moderated overall grades"
    by_id = {int(row["audit.id"]): row for row in batched}
    for audit_id, rationale in latest.items():
        assert by_id[audit_id]["overall_grade.rationale"] == rationale
        assert by_id[audit_id]["overall_grade.moderated"]
    unmoderated = [row for audit_id, row in by_id.items() if audit_id not in latest]
    assert unmoderated and all(row["overall_grade.moderated"] == "" for row in unmoderated)
