"""Defects a new user found trying the three-laptop team flow: lead-only refusals for conflicts
and findings bundles on an auditor's laptop, exit 3 for an untrusted signer of any bundle, and
the sentence for a name given without quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.team.laptops import auditor_laptop, laptop

REFUSAL = (
    "critical-friend: Visit 1 (SAV: the front door) is on this laptop as your assignment from "
    "Lena Okafor, so only the lead can decide its conflicts; ask Lena Okafor to do it on their "
    "laptop."
)


def test_conflicts_and_findings_bundles_are_refused_on_an_auditors_laptop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, _cases = auditor_laptop(tmp_path, capsys)
    listed = ann.cli("visits", "conflicts", "--visit", "1")
    assert listed.code != 0 and listed.err.strip() == REFUSAL, listed.err
    resolved = ann.cli("visits", "resolve", "--conflict", "1", "--keep", "first")
    assert resolved.code != 0 and resolved.err.strip() == REFUSAL, resolved.err
    # The lead still lists them (none yet).
    assert lead.ok("visits", "conflicts", "--visit", "1", "--json").out.strip() == "[]"

    out = tmp_path / "findings.cfbundle"
    exported = ann.cli("export", "--visit", "1", "--out", str(out))
    assert exported.code != 0 and not out.exists()
    assert "audits return --visit 1 --out FILE" in exported.err
    assert exported.err.strip().endswith("Nothing was exported.")
    # The lead exports the visit's findings as before.
    lead.ok("export", "--visit", "1", "--out", str(tmp_path / "lead.cfbundle"))


def test_an_untrusted_signer_is_exit_3_for_team_and_ordinary_bundles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, _ann, _cases = auditor_laptop(tmp_path, capsys)
    # Cal is on the team but has not trusted Lena's key card.
    cal = laptop(tmp_path, capsys, "Cal Poole")
    lead.ok(
        "visits", "team", "--visit", "1", "--add", cal.name, "--role", "auditor",
        "--card", str(cal.card),
    )  # fmt: skip
    case = lead.audits()[0]["case_reference"]
    lead.ok("visits", "assign", "--visit", "1", "--auditor", cal.name, "--cases", case)
    assignment = tmp_path / "cal.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", cal.name, "--out", str(assignment))
    refused = cal.cli("import", str(assignment))
    assert refused.code == 3, refused.err
    assert "NOT TRUSTED" in refused.err and "Traceback" not in refused.err
    assert "a key you do not trust" in refused.err
    assert cal.ok("list", "visits", "--json").out.strip() == "[]"

    bundle = tmp_path / "findings.cfbundle"
    lead.ok("export", "--visit", "1", "--out", str(bundle))
    ordinary = cal.cli("import", str(bundle))
    assert ordinary.code == 3 and "NOT TRUSTED" in ordinary.err, ordinary.err
    kept = cal.cli("import", "--keep-untrusted", str(bundle))
    assert kept.code == 3 and "Not trusted" in kept.err

    # Trusted, the same assignment opens.
    cal.ok("keys", "trust", str(lead.card), "--yes")
    cal.ok("import", str(assignment))


def test_a_name_without_quotes_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    result = lead.cli("visits", "remove", "--visit", "1", "--member", "Bob", "Achebe")
    assert result.code == 2
    assert "unexpected word 'Achebe': put a name with spaces in quotes" in result.err


def test_the_export_wizard_offers_the_audit_return_for_an_assignment(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.home import Home
    from desktop_app.ui.exchange.export_wizard import ExportWizard
    from desktop_app.ui.services import AppServices

    _lead, ann, _cases = auditor_laptop(tmp_path, capsys)
    services = AppServices(Home(ann.root))
    try:
        wizard = ExportWizard(services)
        qtbot.addWidget(wizard)
        assert wizard.choose.visits.count() == 0  # not offered as findings
        button = wizard.choose.return_buttons[1]
        assert button.text() == "Send my audits for SAV: the front door to Lena Okafor"
        button.click()
        returning = wizard.choose.audit_return_wizard
        assert returning is not None and returning.windowTitle() == "Send my audits to the lead"
        qtbot.addWidget(returning)
        returning.reject()
    finally:
        services.close()


def test_a_case_moved_away_is_not_counted_and_shows_its_new_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.app.context import AppContext
    from desktop_app.app.your_cases import your_cases
    from desktop_app.home import Home
    from tests.team.laptops import audit_sheet

    lead, ann, cases = auditor_laptop(tmp_path, capsys, size=6)
    assert len(cases) == 3
    # Ann starts her first case (her answer names her role too), then the lead moves it to Bob.
    sheet = audit_sheet(tmp_path, "a.csv", "Ann Ryder, Team manager", {cases[0]: "Good"})
    ann.ok("audits", "import", "--visit", "1", str(sheet))
    lead.ok("visits", "assign", "--visit", "1", "--auditor", "Bob Achebe", "--cases", cases[0])
    again = tmp_path / "ann2.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(again))
    ann.ok("import", str(again))

    # One source for the auditor column: the audit's holder.
    holders = {row["case_reference"]: row["auditor"] for row in ann.audits()}
    assert holders == {cases[0]: "Bob Achebe", cases[1]: ann.name, cases[2]: ann.name}

    context = AppContext(Home(ann.root))
    try:
        mine = your_cases(context, 1)
    finally:
        context.close()
    assert [c.case_reference for c in mine.held] == cases[1:]
    moved = next(c for c in mine.cases if c.case_reference == cases[0])
    assert moved.note == "Moved to Bob Achebe: goes to the lead with your next return"

    # Once returned, the lead has Ann's work on it; the note says only where it went.
    ann.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / "ann.return"))
    context = AppContext(Home(ann.root))
    try:
        moved = next(c for c in your_cases(context, 1).cases if c.case_reference == cases[0])
    finally:
        context.close()
    assert moved.note == "Moved to Bob Achebe"


def test_the_lead_adds_herself_with_her_laptops_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    lead.ok("visits", "new", "--title", "SAV", "--kind", "SAV", "--host", "Midthorpe Council")
    added = lead.ok("visits", "team", "--visit", "1", "--add", "Lena Okafor", "--role", "lead")
    fingerprint = lead.card.read_text().split("fingerprint ")[1].strip()
    assert f"key {fingerprint}" in added.out and "no key card yet" not in added.out
    other = lead.ok("visits", "team", "--visit", "1", "--add", "Cal Poole", "--role", "auditor")
    assert "no key card yet" in other.out


def test_cases_are_added_and_swapped_by_hand_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.team.laptops import audit_sheet

    lead, _ann, _cases = auditor_laptop(tmp_path, capsys)
    first = lead.audits()[0]["case_reference"]
    sheet = audit_sheet(tmp_path, "lead.csv", "Lena Okafor", {first: "Good"})
    lead.ok("audits", "import", "--visit", "1", str(sheet))
    again = lead.cli("visits", "sample", "--visit", "1", "--size", "4", "--seed", "2")
    assert again.code != 0
    assert "'critical-friend visits cases --visit 1 --add REF --reason TEXT'" in again.err

    no_reason = lead.cli("visits", "cases", "--visit", "1", "--add", "MC0039")
    assert no_reason.code != 0 and "--reason" in no_reason.err
    added = lead.ok(
        "visits", "cases", "--visit", "1", "--add", "MC0039", "--reason", "Sibling of a case"
    )
    assert "Added case MC0039 to the audit list." in added.out
    unstarted = next(r["case_reference"] for r in lead.audits() if r["status"] == "not_started")
    swapped = lead.ok(
        "visits", "cases", "--visit", "1", "--swap", unstarted, "MC0038", "--reason", "Closed"
    )
    assert "Swapped in case MC0038" in swapped.out
    references = {row["case_reference"] for row in lead.audits()}
    assert {"MC0039", "MC0038"} <= references
    missing = lead.cli(
        "visits", "cases", "--visit", "1", "--swap", "NOPE", "MC0037", "--reason", "Closed"
    )
    assert missing.code != 0 and "has no audit of case NOPE" in missing.err


def test_a_grade_off_the_scale_names_the_scale_and_its_grades(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.team.laptops import audit_sheet

    _lead, ann, cases = auditor_laptop(tmp_path, capsys)
    sheet = audit_sheet(tmp_path, "a.csv", ann.name, {cases[0]: "Very good"})
    result = ann.cli("audits", "import", "--visit", "1", str(sheet))
    assert result.code != 0
    message = result.err.strip()
    assert "'Very good' is not a grade on the" in message
    assert "the Ofsted four-point grade scale (Outstanding, Good, Requires improvement" in message
    assert "Inadequate, Not applicable)" in message, message
    assert message.endswith("Nothing was imported.")
