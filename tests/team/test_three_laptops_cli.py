"""The whole team flow through the command line, three homes for three laptops:
assign → audit on two laptops → returns → one visit with every audit, one findings dashboard,
one moderation, one PDF."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop_app.home import Home
from desktop_app.store.database import open_database
from desktop_app.store.repositories.audits import ModerationDecision, moderate_audit
from desktop_app.store.repositories.findings import sqlite_connection, visit_findings
from tests.helpers import require_tool
from tests.team.laptops import Laptop, audit_sheet, clone_with_new_key, three_laptops


def _counts(home: Path) -> tuple[int, ...]:
    connection = sqlite3.connect(home / "critical-friend.db")
    try:
        return tuple(
            connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("audit", "answer", "answer_change", "team_return", "audit_conflict")
        )
    finally:
        connection.close()


def _set_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Laptop, Laptop]:
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="SAV: the front door", kind="SAV", size=8, seed=11, by="Cohort"
    )
    split = lead.ok("visits", "assign", "--visit", "1", "--split")
    assert f"{ann.name}: 4 case(s)" in split.out and f"{bob.name}: 4 case(s)" in split.out
    return lead, ann, bob


@pytest.mark.slow
def test_three_laptops_assign_audit_return_merge_moderate_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lead, ann, bob = _set_up(tmp_path, capsys)
    held = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    # Strata stay balanced: each auditor holds one case of each of the four cohorts.
    anns = sorted(case for case, who in held.items() if who == ann.name)
    bobs = sorted(case for case, who in held.items() if who == bob.name)
    cohort = {f"MC{i:04d}": i % 4 for i in range(40)}
    assert sorted(cohort[c] for c in anns) == sorted(cohort[c] for c in bobs) == [0, 1, 2, 3]

    # The lead moves one of Bob's cases to Ann after packing Bob's: both will audit it.
    lead.ok(
        "visits",
        "pack",
        "--visit",
        "1",
        "--auditor",
        bob.name,
        "--out",
        str(tmp_path / "bob.assignment"),
    )
    shared = bobs[0]
    lead.ok("visits", "assign", "--visit", "1", "--auditor", ann.name, "--cases", shared)
    lead.ok(
        "visits",
        "pack",
        "--visit",
        "1",
        "--auditor",
        ann.name,
        "--out",
        str(tmp_path / "ann.assignment"),
    )
    assert (tmp_path / "ann.assignment").read_bytes().startswith(b"age-encryption.org/v1")

    # Each auditor opens their own assignment; the other's is not for them.
    assert bob.cli("import", str(tmp_path / "ann.assignment")).code == 1
    ann.ok("import", str(tmp_path / "ann.assignment"))
    bob.ok("import", str(tmp_path / "bob.assignment"))
    assert sorted(row["case_reference"] for row in ann.audits()) == sorted([*anns, shared])
    assert sorted(row["case_reference"] for row in bob.audits()) == bobs

    # Audit offline: Ann escalates a child at risk; both grade the shared case differently.
    at_risk = anns[0]
    ann_grades = {case: "Good" for case in [*anns, shared]}
    ann_grades[at_risk] = "Inadequate"
    ann.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(
            audit_sheet(
                tmp_path,
                "ann.csv",
                ann.name,
                ann_grades,
                escalate={at_risk: "Baby left with a violent adult; duty manager told at 14:10."},
            )
        ),
    )
    bob_grades = {case: "Requires improvement to be good" for case in bobs}
    bob_grades[shared] = "Inadequate"
    bob.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "bob.csv", bob.name, bob_grades)),
    )
    # Before any return the report says who has not returned, and never "no child at risk".
    pdftotext = require_tool("pdftotext")
    early = tmp_path / "early.pdf"
    lead.ok("report", "--visit", "1", "--out", str(early))
    page_one = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(early), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ann.name in page_one and bob.name in page_one and "not yet returned" in page_one

    ann_return = tmp_path / "ann.return"
    ann.ok("audits", "return", "--visit", "1", "--out", str(ann_return))
    bob_return = tmp_path / "bob.return"
    bob.ok("audits", "return", "--visit", "1", "--out", str(bob_return))

    # A return signed by someone outside the team is refused and stores nothing.
    eve = clone_with_new_key(ann, tmp_path, capsys, "Eve Marsh")
    eve_return = tmp_path / "eve.return"
    eve.ok("audits", "return", "--visit", "1", "--out", str(eve_return))
    before = _counts(lead.root)
    refused = lead.cli("import", str(eve_return))
    assert refused.code == 3 and "not on the team" in refused.err
    assert "Traceback" not in refused.err and _counts(lead.root) == before

    # A killed import stores nothing half-way (interrupted after the bulk writes were sent).
    from desktop_app.store.repositories import team_merge

    original = team_merge.StateWriter.flush

    def flush_then_die(self: team_merge.StateWriter) -> None:
        original(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(team_merge.StateWriter, "flush", flush_then_die)
    assert lead.cli("import", str(ann_return)).code == 130
    assert _counts(lead.root) == before
    monkeypatch.setattr(team_merge.StateWriter, "flush", original)

    merged = lead.ok("import", str(ann_return))
    assert f"CHILD AT RISK NOW: case {at_risk}" in merged.err
    after_first = _counts(lead.root)
    again = lead.ok("import", str(ann_return))
    assert "nothing changed" in again.out and _counts(lead.root) == after_first

    bob_merged = lead.ok("import", str(bob_return))
    assert "1 conflict(s) to decide" in bob_merged.err

    # One visit holding every audit; the escalation reached the lead's list first.
    audits = lead.audits()
    assert audits[0]["case_reference"] == at_risk and audits[0]["escalation"] is True
    assert {row["case_reference"] for row in audits} == set(held)
    assert all(row["status"] != "not_started" for row in audits)
    conflicted = [row for row in audits if row["conflict"]]
    assert {row["case_reference"] for row in conflicted} == {shared}
    assert {row["overall_grade"] for row in conflicted} == {"good", "inadequate"}
    listed = lead.ok("visits", "conflicts", "--visit", "1", "--json").out
    import json

    conflicts = json.loads(listed)
    assert len(conflicts) == 1 and conflicts[0]["kind"] == "same_case"
    # Each side names who made it: Ann's merged audit (typed from her sheet), Bob's return.
    assert conflicts[0]["first"]["by"] == f"{ann.name} (from ann.csv)"
    assert conflicts[0]["second"]["by"] == bob.name
    # Side by side: the answers that differ, in words, in the JSON and under the table.
    differing = {row["question"]: row for row in conflicts[0]["differing"]}
    grade = next(row for label, row in differing.items() if "overall" in label.casefold())
    assert {grade["first"], grade["second"]} == {"Good", "Inadequate"}
    table = lead.ok("visits", "conflicts", "--visit", "1").out
    assert f"case {shared}: first {ann.name}" in table and "answer(s) differ" in table
    assert "first:  Good" in table or "second: Good" in table
    # the table's grades are in the scale's words too, never the stored codes
    first_line = table.splitlines()[1]
    assert ": Good" in first_line and "requires_improvement" not in table and ": good" not in table

    # An older return than one already merged is refused with a sentence.
    newer = tmp_path / "ann.return2"
    ann.ok("audits", "return", "--visit", "1", "--out", str(newer))
    newest = tmp_path / "ann.return3"
    ann.ok("audits", "return", "--visit", "1", "--out", str(newest))
    lead.ok("import", str(newest))
    older = lead.cli("import", str(newer))
    assert older.code == 1 and "older than one already merged" in older.err

    # The lead decides: keep Bob's grade (the second state); one audit per case again, still
    # held by Ann, to whom the lead gave the case (keeping both: test_keep_both_counts_once).
    lead.ok("visits", "resolve", "--conflict", str(conflicts[0]["id"]), "--keep", "second")
    audits = lead.audits()
    assert len(audits) == len(held) and not any(row["conflict"] for row in audits)
    kept = next(r for r in audits if r["case_reference"] == shared)
    assert kept["overall_grade"] == "inadequate" and kept["auditor"] == ann.name
    # Bob's next return repeats the state the lead set aside: no conflict again.
    bob_again = tmp_path / "bob.return2"
    bob.ok("audits", "return", "--visit", "1", "--out", str(bob_again))
    assert "conflict" not in lead.ok("import", str(bob_again)).err

    # One findings dashboard, one moderation, one PDF with the escalation on page 1.
    database = open_database(Home(lead.root))
    try:
        with database.session() as session:
            found = visit_findings(sqlite_connection(session), 1)
            assert found.findings.n_audits == len(held)
            moderate_audit(
                session,
                audits[1]["id"],
                [ModerationDecision("overall_grade", "good")],
                "Lena Okafor",
            )
    finally:
        database.close()
    out = tmp_path / "visit.pdf"
    lead.ok("report", "--visit", "1", "--out", str(out))
    page_one = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert at_risk in page_one and "child(ren) at risk now" in page_one
    assert "not yet returned" not in page_one


def test_the_same_list_size_and_seed_draw_the_same_sample_on_an_empty_laptop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, _bob = _set_up(tmp_path, capsys)
    ann.ok("visits", "new", "--title", "Rehearsal", "--kind", "QA", "--host", "Midthorpe Council")
    ann.ok("visits", "cases", "--visit", "1", str(tmp_path / "cases.csv"))
    ann.ok("visits", "sample", "--visit", "1", "--size", "8", "--seed", "11", "--by", "Cohort")
    assert {r["case_reference"] for r in ann.audits()} == {
        r["case_reference"] for r in lead.audits()
    }


def test_every_team_command_has_help(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lead = Laptop("x", tmp_path / "x", tmp_path / "x.card", capsys)
    for command in (
        ("visits", "new"),
        ("visits", "cases"),
        ("visits", "sample"),
        ("visits", "team"),
        ("visits", "remove"),
        ("visits", "assign"),
        ("visits", "pack"),
        ("visits", "conflicts"),
        ("visits", "resolve"),
        ("audits", "return"),
        ("audits", "import"),
    ):
        shown = lead.cli(*command, "--help")
        assert shown.code == 0 and "usage:" in shown.out
