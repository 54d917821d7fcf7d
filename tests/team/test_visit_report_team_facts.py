"""The visit report across a team's three laptops (three homes): an undecided conflict keeps it a
draft and is counted once, an auditor's laptop never prints a report fit to sign, the lead's
sample and each member's council travel with the assignment, and a withdrawn escalation leaves
a line on page 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reports.pdf_text import pdf_text
from tests.team.laptops import COUNCIL, audit_sheet, laptop, three_laptops

PEER = "Oxtown Borough Council"  # a PCTR team is from two councils


def _page_one(path: Path) -> str:
    text = pdf_text(path, raw=True)
    return " ".join(text.split("\f")[0].split())


def _everything(path: Path) -> str:
    return " ".join(pdf_text(path, raw=True).split())


@pytest.mark.slow
def test_conflict_auditor_laptop_and_withdrawn_escalation_in_the_visit_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="SAV: the front door", kind="SAV", size=4, seed=11
    )
    # A moderator from the peer council joins with her key card, which names her council.
    oli = laptop(tmp_path, capsys, "Oli Grant", PEER)
    joining = ["--add", oli.name, "--role", "moderator", "--card", str(oli.card)]
    lead.ok("visits", "team", "--visit", "1", *joining)
    lead.ok("visits", "assign", "--visit", "1", "--split")
    held = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    bobs = sorted(case for case, who in held.items() if who == bob.name)
    lead.ok("visits", "pack", "--visit", "1", "--auditor", bob.name, "--out", str(tmp_path / "b"))
    shared = bobs[0]  # moved to Ann after Bob's assignment was packed: both audit it
    lead.ok("visits", "assign", "--visit", "1", "--auditor", ann.name, "--cases", shared)
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(tmp_path / "a"))
    ann.ok("import", str(tmp_path / "a"))
    bob.ok("import", str(tmp_path / "b"))
    anns = sorted(row["case_reference"] for row in ann.audits())
    assert len(anns) == 3

    # Ann escalates a child at risk, then withdraws it (the answer set back to "no").
    at_risk = next(case for case in anns if case != shared)
    grades = {case: "Good" for case in anns}
    reason = {at_risk: "Baby left with a violent adult; duty manager told."}
    ann.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "a1.csv", ann.name, grades, escalate=reason)),
    )
    ann.ok(
        "audits", "import", "--visit", "1", str(audit_sheet(tmp_path, "a2.csv", ann.name, grades))
    )
    bob_grades = {case: "Inadequate" for case in bobs}
    bob.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "b1.csv", bob.name, bob_grades)),
    )

    # On Ann's laptop: a draft naming her share, the lead's seeded sample, councils, no signing.
    mine = tmp_path / "ann.pdf"
    ann.ok("report", "--visit", "1", "--out", str(mine))
    page = _page_one(mine)
    assert "Final" not in page and "Draft" in page
    assert f"This laptop holds only {ann.name}'s 3 of 4 sampled cases" in page
    assert "the lead's laptop holds the whole visit" in page
    assert "4 cases, seed 11" in page and "chosen by hand" not in page
    assert f"{bob.name} (auditor, {COUNCIL})" in page and f"{oli.name} (moderator, {PEER})" in page
    whole = _everything(mine)
    assert "Not for signing" in whole and "Assistant Director" not in whole
    assert "No audit on this laptop found a child at risk now" in page
    assert "of this visit found a child at risk" not in page

    # On the lead's laptop, both returns merged, the shared case is an undecided conflict.
    for auditor, name in ((ann, "ann.return"), (bob, "bob.return")):
        auditor.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / name))
        lead.ok("import", str(tmp_path / name))
    conflicts = json.loads(lead.ok("visits", "conflicts", "--visit", "1", "--json").out)
    assert len(conflicts) == 1
    report = tmp_path / "lead.pdf"
    lead.ok("report", "--visit", "1", "--out", str(report))
    page = _page_one(report)
    assert "Final" not in page
    # the side already here names who typed it, as the change log records (a sheet import)
    assert (
        f"1 conflict not yet decided: case {shared} ({ann.name} (from a1.csv) / {bob.name})" in page
    )
    assert "Cases audited 4 (4 with an overall grade)" in page
    assert f"{ann.name} (auditor, {COUNCIL})" in page and f"{lead.name} (lead, {COUNCIL})" in page
    assert f"{oli.name} (moderator, {PEER})" in page
    assert f"Case {at_risk}: an escalation was recorded by" in page and "and withdrawn by" in page
    assert "No audit of this visit found a child at risk now." in page
    whole = _everything(report)
    # The Audits table lists the disputed case once while the conflict is open.
    table = whole[whole.rindex("Overall grade") : whole.rindex("Sign-off")]
    assert table.count(shared) == 1, table
    # Good or better: Ann's 3 Good (her grade of the shared case held) and Bob's 1 Inadequate.
    assert "Good or better overall 75%" in page

    # Deciding the conflict (keep Ann's) changes no figure and makes the report final.
    lead.ok("visits", "resolve", "--conflict", str(conflicts[0]["id"]), "--keep", "first")
    decided = tmp_path / "decided.pdf"
    lead.ok("report", "--visit", "1", "--out", str(decided))
    page = _page_one(decided)
    assert "conflict not yet decided" not in page and "Good or better overall 75%" in page
    assert "Draft: 4 of 4 audits not finished:" in page  # the sheets leave questions open
