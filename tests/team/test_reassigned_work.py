"""Moving a case an auditor has already returned, three homes for three laptops.

The lead is warned and the audit moves to the new holder with its change log; lists, the
export and the visit report then name the new holder while the change log keeps who typed
what; a later return from the earlier holder merges as their edit while the new holder has not
changed the audit, and is a conflict, each side named, when both have; the lead's own edit
against an auditor's return names the lead and the auditor; the case always counts once."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.helpers import require_tool
from tests.team.laptops import Laptop, audit_sheet, three_laptops


def _sheet(machine: Laptop, tmp_path: Path, name: str, grades: dict[str, str]) -> None:
    """``machine`` fills these cases from a sheet (as typed answers, logged as theirs)."""
    path = audit_sheet(tmp_path, name, "Ann Ryder", grades)
    machine.ok("audits", "import", "--visit", "1", str(path))


def _send(auditor: Laptop, lead: Laptop, out: Path) -> str:
    """The auditor's return, merged on the lead's laptop; what the import said."""
    auditor.ok("audits", "return", "--visit", "1", "--out", str(out))
    merged = lead.ok("import", str(out))
    return merged.out + merged.err


def _row(lead: Laptop, case: str) -> dict[str, object]:
    return next(r for r in lead.audits() if r["case_reference"] == case)


def _typists(lead: Laptop, case: str) -> set[str]:
    connection = sqlite3.connect(lead.root / "critical-friend.db")
    try:
        return {
            by
            for (by,) in connection.execute(
                "SELECT ch.changed_by FROM answer_change ch JOIN audit a "
                "ON a.record_id = ch.record_id WHERE a.case_reference = ?",
                (case,),
            )
        }
    finally:
        connection.close()


@pytest.mark.slow
def test_a_returned_case_moves_with_its_work_and_later_returns_merge_or_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="SAV: moved work", kind="SAV", size=4, seed=5
    )
    lead.ok("visits", "assign", "--visit", "1", "--split")
    held = {str(r["case_reference"]): r["auditor"] for r in lead.audits()}
    anns = sorted(case for case, who in held.items() if who == ann.name)
    bobs = sorted(case for case, who in held.items() if who == bob.name)
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(tmp_path / "a"))
    ann.ok("import", str(tmp_path / "a"))
    _sheet(ann, tmp_path, "ann1.csv", dict.fromkeys(anns, "Good"))
    _send(ann, lead, tmp_path / "ann1.return")

    # The lead moves one of Ann's returned cases to Bob: warned, and the work moves with it.
    moved = anns[0]
    given = lead.ok("visits", "assign", "--visit", "1", "--auditor", bob.name, "--cases", moved)
    assert (
        f"case {moved} (Ann Ryder's, with work by Ann Ryder (from ann1.csv)) goes to Bob Achebe"
        in given.err
    )
    assert "merged into the audit as their edits" in given.err
    quiet = lead.ok("visits", "assign", "--visit", "1", "--auditor", bob.name, "--cases", moved)
    assert quiet.err == ""  # Bob holds it already: nothing moves, nothing to warn of

    # Lists, the export and the report name the holder; the change log keeps who typed.
    assert _row(lead, moved)["auditor"] == bob.name and _row(lead, anns[1])["auditor"] == ann.name
    export = tmp_path / "audits.csv"
    lead.ok("audits", "export", "--visit", "1", "--format", "csv", "--out", str(export))
    with export.open(encoding="utf-8") as handle:
        exported = {row["audit.case_reference"]: row for row in csv.DictReader(handle)}
    assert exported[moved]["audit.auditor"] == bob.name
    assert exported[anns[1]]["audit.auditor"] == ann.name
    assert _typists(lead, moved) >= {"Ann Ryder (from ann1.csv)"}
    assert not any(by.startswith(bob.name) for by in _typists(lead, moved))
    pdftotext = require_tool("pdftotext")
    report = tmp_path / "visit.pdf"
    lead.ok("report", "--visit", "1", "--out", str(report))
    text = subprocess.run(
        [pdftotext, "-layout", str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = [line for line in text.splitlines() if line.strip().startswith(moved)]
    assert rows and all(bob.name in line and ann.name not in line for line in rows)

    # Ann (no new assignment yet) corrects it and returns: merged as her edit, no conflict.
    _sheet(ann, tmp_path, "ann2.csv", {moved: "Outstanding"})
    said = _send(ann, lead, tmp_path / "ann2.return")
    assert "conflict" not in said
    assert _row(lead, moved)["overall_grade"] == "outstanding"
    assert _row(lead, moved)["auditor"] == bob.name
    assert "Ann Ryder (from ann2.csv)" in _typists(lead, moved)

    # Both change it: Bob from his assignment (Ann's work in it), Ann once more on hers.
    lead.ok("visits", "pack", "--visit", "1", "--auditor", bob.name, "--out", str(tmp_path / "b"))
    bob.ok("import", str(tmp_path / "b"))
    _sheet(bob, tmp_path, "bob1.csv", dict.fromkeys(bobs, "Good") | {moved: "Inadequate"})
    _sheet(ann, tmp_path, "ann3.csv", {moved: "Requires improvement to be good"})
    assert "conflict" not in _send(ann, lead, tmp_path / "ann3.return")
    assert "1 conflict(s) to decide" in _send(bob, lead, tmp_path / "bob1.return")
    (conflict,) = json.loads(lead.ok("visits", "conflicts", "--visit", "1", "--json").out)
    assert conflict["case_reference"] == moved and conflict["kind"] == "same_audit"
    assert conflict["first"]["by"] == "Ann Ryder (from ann3.csv)"
    assert conflict["second"]["by"] == bob.name
    assert {conflict["first"]["overall_grade"], conflict["second"]["overall_grade"]} == {
        "requires_improvement",
        "inadequate",
    }
    lead.ok("visits", "resolve", "--conflict", str(conflict["id"]), "--keep", "second")
    assert _row(lead, moved)["overall_grade"] == "inadequate"
    assert _row(lead, moved)["auditor"] == bob.name
    # Ann's next return repeats what the lead set aside: not a conflict again.
    assert "conflict" not in _send(ann, lead, tmp_path / "ann4.return")
    assert len(lead.audits()) == len(held)  # the moved case counts once

    # The lead's own edit against an auditor's return: each side names who made it.
    other = anns[1]
    _sheet(lead, tmp_path, "lead.csv", {other: "Inadequate"})
    _sheet(ann, tmp_path, "ann5.csv", {other: "Outstanding"})
    assert "1 conflict(s) to decide" in _send(ann, lead, tmp_path / "ann5.return")
    listed = json.loads(lead.ok("visits", "conflicts", "--visit", "1", "--json").out)
    (open_one,) = [c for c in listed if c["open"]]
    assert open_one["case_reference"] == other
    assert open_one["first"]["by"] == "Lena Okafor (from lead.csv)"
    assert open_one["second"]["by"] == ann.name
    shown = lead.ok("visits", "conflicts", "--visit", "1").out
    assert "Lena Okafor (from lead.csv)" in shown
