"""Keeping both audits of a case audited by two people: both stay on the list, but the case is
one child, counted once in the findings, the visit report and a findings bundle (three homes
for three laptops, through the commands)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.exchange.export import ExportRequest, prepare_export
from desktop_app.home import Home
from desktop_app.store.database import open_database
from desktop_app.store.repositories.findings import sqlite_connection, visit_findings
from desktop_app.ui.visit.dashboard import FindingsDashboard
from tests.helpers import require_tool
from tests.team.laptops import audit_sheet, three_laptops

REASON = "Toddler found alone at home at 22:00; police and duty manager told."


@pytest.mark.slow
def test_a_case_kept_as_two_audits_is_one_child_at_risk_counted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qtbot: QtBot
) -> None:
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="SAV: neglect", kind="SAV", size=4, seed=5, by=None
    )
    lead.ok("visits", "assign", "--visit", "1", "--split")
    held = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    bobs = sorted(case for case, who in held.items() if who == bob.name)
    anns = sorted(case for case, who in held.items() if who == ann.name)
    # Bob's assignment is packed, then the lead gives one of his cases to Ann: both audit it.
    lead.ok("visits", "pack", "--visit", "1", "--auditor", bob.name, "--out", str(tmp_path / "b"))
    shared = bobs[0]
    lead.ok("visits", "assign", "--visit", "1", "--auditor", ann.name, "--cases", shared)
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(tmp_path / "a"))
    ann.ok("import", str(tmp_path / "a"))
    bob.ok("import", str(tmp_path / "b"))

    # Ann, who holds the case now, grades it Good; Bob grades it Inadequate and escalates it.
    ann_grades = dict.fromkeys([*anns, shared], "Good")
    ann.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "a.csv", ann.name, ann_grades)),
    )
    bob_grades = dict.fromkeys(bobs, "Requires improvement to be good")
    bob_grades[shared] = "Inadequate"
    sheet = audit_sheet(tmp_path, "b.csv", bob.name, bob_grades, escalate={shared: REASON})
    bob.ok("audits", "import", "--visit", "1", str(sheet))
    for person, name in ((ann, "a.return"), (bob, "b.return")):
        person.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / name))
        lead.ok("import", str(tmp_path / name))
    conflicts = json.loads(lead.ok("visits", "conflicts", "--visit", "1", "--json").out)
    assert [c["case_reference"] for c in conflicts] == [shared]

    lead.ok("visits", "resolve", "--conflict", str(conflicts[0]["id"]), "--keep", "both")

    # Both audits stay, each with its owner; nothing is in conflict any more.
    audits = lead.audits()
    twice = [row for row in audits if row["case_reference"] == shared]
    assert sorted(row["auditor"] for row in twice) == sorted([ann.name, bob.name])
    assert len(audits) == len(held) + 1 and not any(row["conflict"] for row in audits)
    exported = tmp_path / "audits.csv"
    lead.ok("audits", "export", "--visit", "1", "--out", str(exported))
    rows = [line for line in exported.read_text(encoding="utf-8").splitlines() if shared in line]
    assert len(rows) == 2 and ann.name in "".join(rows) and bob.name in "".join(rows)

    # The findings: 1 child at risk (Bob's escalation, though Ann's audit is the one counted),
    # each case once, and the shared case graded as its holder (Ann) graded it.
    database = open_database(Home(lead.root))
    try:
        with database.session() as session:
            found = visit_findings(sqlite_connection(session), 1)
    finally:
        database.close()
    assert found.findings.n_audits == len(held) == 4
    assert found.findings.escalations == 1
    assert found.findings.overall.distribution.get("inadequate", 0) == 0
    assert found.findings.overall.distribution["good"] == len(anns) + 1
    assert [fact.final_overall for fact in found.uncounted] == ["inadequate"]

    # The figure counts cases and says so: the dashboard, the report and 'list visits'.
    dashboard = FindingsDashboard()
    qtbot.addWidget(dashboard)
    dashboard.show_findings(found)
    assert dashboard.figures["audits"].text() == "4 of 4"
    assert dashboard.captions["audits"].text() == (
        "cases with an overall grade (1 more audit(s) of cases audited twice)"
    )
    assert dashboard.captions["good"].text() == "of cases good or better overall"
    assert dashboard.cohort_model.headerData(1, Qt.Orientation.Horizontal) == "Cases"
    assert dashboard.moderation_text.text().startswith("0 of 4 cases moderated.")
    listed = json.loads(lead.ok("list", "visits", "--json").out)
    assert (listed[0]["audits"], listed[0]["cases"]) == (5, 4)
    assert "AUDITS  CASES" in lead.ok("list", "visits").out

    # The report: the case once in the at-risk table, naming Bob; and in "Cases audited twice"
    # with both grades, Ann's counted.
    pdftotext = require_tool("pdftotext")
    out = tmp_path / "visit.pdf"
    lead.ok("report", "--visit", "1", "--out", str(out))
    text = subprocess.run(
        [pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_one = text.split("\f")[0]
    assert (
        "Cases audited 4 (4 with an overall grade); 1 more audit(s) of cases audited twice, "
        "counted once" in " ".join(page_one.split())
    )
    assert "% of cases graded good or better" in text
    assert "1 child(ren) at risk now" in page_one
    assert page_one.count(shared) == 1 and bob.name in page_one
    section = text[text.rindex("Cases audited twice") :]
    rows = [line.split() for line in section.splitlines() if shared in line]
    assert len(rows) == 2
    ann_row = next(line for line in section.splitlines() if shared in line and "Ann" in line)
    bob_row = next(line for line in section.splitlines() if shared in line and "Bob" in line)
    assert "Good" in ann_row and "Counted" in ann_row and "Not counted" not in ann_row
    assert "Inadequate" in bob_row and "Not counted" in bob_row

    # A findings bundle counts the case once too (both audits travel, one count per case).
    database = open_database(Home(lead.root))
    try:
        prepared = prepare_export(database, ExportRequest(visit_ids=(1,)))
    finally:
        database.close()
    visit = prepared.document["visits"][0]
    assert len(visit["audits"]) == len(held) + 1
    assert visit["findings"]["audits"] == len(held) and visit["findings"]["escalated"] == 1
    assert "Inadequate" not in visit["findings"]["overall_grades"]
