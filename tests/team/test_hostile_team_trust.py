"""Trust inside the council (issue 11 item 5, attack of session 4): an assignment signed by a
key trusted only as another council's peer, or by the auditor's own key, is refused; a return
carrying audits of cases its signer was never given, or of cases off the visit's list, is
refused whole; the names on arriving work are the signer's, never the bundle's text. Each
refusal is one sentence, exit 1, and stores nothing."""

from __future__ import annotations

import copy
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from desktop_app.exchange.keys import KeyStore
from tests.team.laptops import Laptop, audit_sheet, three_laptops
from tests.team.test_hostile_team_bundles import _counts, _resigned

OXTOWN = "Oxtown Borough Council"


def _rows(home: Path, query: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(home / "critical-friend.db")
    try:
        return list(connection.execute(query))
    finally:
        connection.close()


def _state(home: Path) -> tuple[Any, ...]:
    """Everything an accepted bundle would change: row counts, the team and the visit's lead."""
    return (
        _counts(home),
        _rows(home, "SELECT name, role, fingerprint, age_recipient FROM visit_member ORDER BY id"),
        _rows(home, "SELECT assigned_by, assignment_sequence, lead_name FROM visit"),
        _rows(home, "SELECT uuid, case_reference, auditor, assigned_to FROM audit ORDER BY id"),
    )


def _refused(machine: Laptop, bundle: Path, words: str) -> None:
    before = _state(machine.root)
    result = machine.cli("import", str(bundle))
    assert result.code == 1, result.out
    assert "Traceback" not in result.err and "REFUSED" in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert words in result.err, result.err
    assert _state(machine.root) == before


@pytest.fixture
def team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Laptop, Laptop, Laptop, Path, Path]:
    """Lead, Ann and Bob after Ann's assignment and return (and Bob's assignment)."""
    lead, ann, bob = three_laptops(tmp_path, capsys, title="SAV: trust", kind="SAV", size=6, seed=5)
    lead.ok("visits", "assign", "--visit", "1", "--split")
    assignment = tmp_path / "ann.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(assignment))
    lead.ok("visits", "pack", "--visit", "1", "--auditor", bob.name, "--out", str(tmp_path / "b"))
    ann.ok("import", str(assignment))
    cases = {row["case_reference"]: "Good" for row in ann.audits()}
    ann.ok("audits", "import", "--visit", "1", str(audit_sheet(tmp_path, "a.csv", ann.name, cases)))
    returned = tmp_path / "ann.return"
    ann.ok("audits", "return", "--visit", "1", "--out", str(returned))
    return lead, ann, bob, assignment, returned


def _newer(bag: dict[str, str]) -> None:
    bag["Bundle-Sequence"] = str(int(bag["Bundle-Sequence"]) + 10)  # newer, not a replay


def _lead_becomes(signer: Laptop, council: str | None = None) -> Any:
    """The lead entry's key swapped for ``signer``'s, the lead's name kept (and the bundle said
    to come from ``council``, the signer's own, so that the claim check passes)."""
    identity = KeyStore(signer.root).load_identity(lambda: "")

    def mutate(document: dict[str, Any], bag: dict[str, str]) -> None:
        _newer(bag)
        if council is not None:
            bag["Source-Organization"] = council
            document["organisation"]["name"] = council
        for entry in document["team"]:
            if entry["role"] == "lead":
                entry["public_line"] = identity.public_line
                entry["fingerprint"] = identity.fingerprint
                entry["age_recipient"] = identity.age_recipient

    return mutate


def test_an_assignment_from_a_peer_councils_key_is_refused(
    team: tuple[Laptop, Laptop, Laptop, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Rita of Oxtown, trusted by Ann for peer challenge, cannot take over Ann's visit."""
    _lead, ann, _bob, assignment, _returned = team
    rita = Laptop("Rita Vance", tmp_path / "rita", tmp_path / "rita.card", capsys)
    rita.ok("keys", "init", "--name", rita.name, "--org", OXTOWN)
    rita.ok("keys", "export-public", str(rita.card))
    ann.ok("keys", "trust", str(rita.card), "--yes")
    hijack = _resigned(
        assignment, ann, rita, ann, tmp_path / "hijack.assignment", _lead_becomes(rita, OXTOWN)
    )
    _refused(ann, hijack, "not by the lead key that assigned the visit")
    swap = _lead_becomes(rita, OXTOWN)

    def new_visit(document: dict[str, Any], bag: dict[str, str]) -> None:
        swap(document, bag)
        document["visit"]["uuid"] = str(uuid.uuid4())

    fresh = _resigned(assignment, ann, rita, ann, tmp_path / "fresh.assignment", new_visit)
    _refused(ann, fresh, "a key you do not trust as Midthorpe Council's staff")
    # The lead's own later assignment still opens.
    assert ann.audits()


def test_a_self_signed_assignment_making_the_auditor_lead_is_refused(
    team: tuple[Laptop, Laptop, Laptop, Path, Path], tmp_path: Path
) -> None:
    _lead, ann, _bob, assignment, _returned = team
    selflead = _resigned(
        assignment, ann, ann, ann, tmp_path / "self.assignment", _lead_becomes(ann)
    )
    _refused(ann, selflead, "signed by this laptop's own key")


def _extra_audit(case: str, owner: str) -> Any:
    """Ann's return with one more audit: a copy of her first, of ``case``, credited to
    ``owner``."""

    def mutate(document: dict[str, Any], bag: dict[str, str]) -> None:
        _newer(bag)
        extra = copy.deepcopy(document["audits"][0])
        extra.update(uuid=str(uuid.uuid4()), case_reference=case, auditor=owner)
        extra["assigned_to"] = owner
        document["audits"].append(extra)

    return mutate


def test_a_return_with_audits_of_someone_elses_case_is_refused_whole(
    team: tuple[Laptop, Laptop, Laptop, Path, Path], tmp_path: Path
) -> None:
    lead, ann, bob, _assignment, returned = team
    bobs = _rows(lead.root, f"SELECT case_reference FROM audit WHERE assigned_to = '{bob.name}'")
    case = str(bobs[0][0])
    crafted = _resigned(
        returned, lead, ann, lead, tmp_path / "bob.return", _extra_audit(case, bob.name)
    )
    _refused(lead, crafted, f"case {case}, which was never assigned to {ann.name}")
    off_list = _resigned(
        returned, lead, ann, lead, tmp_path / "off.return", _extra_audit("MC9999", bob.name)
    )
    _refused(lead, off_list, "case MC9999, which is not on the audit list")
    # Ann's real return still merges, credited to her.
    lead.ok("import", str(returned))
    mine = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    assert {mine[row["case_reference"]] for row in ann.audits()} == {ann.name}


def test_names_on_arriving_work_are_the_signers(
    team: tuple[Laptop, Laptop, Laptop, Path, Path], tmp_path: Path
) -> None:
    """Ann's own audits sent with Bob named as their auditor are credited to Ann."""
    lead, ann, bob, _assignment, returned = team

    def credit_bob(document: dict[str, Any], bag: dict[str, str]) -> None:
        _newer(bag)
        for audit in document["audits"]:
            audit["auditor"] = bob.name
            audit["assigned_to"] = bob.name

    crafted = _resigned(returned, lead, ann, lead, tmp_path / "credit.return", credit_bob)
    lead.ok("import", str(crafted))
    auditors = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    assert {auditors[row["case_reference"]] for row in ann.audits()} == {ann.name}
    holders = _rows(lead.root, f"SELECT COUNT(*) FROM audit WHERE assigned_to = '{bob.name}'")
    assert holders[0][0] == len(lead.audits()) - len(ann.audits())


def test_a_leads_assignment_naming_another_age_recipient_for_the_lead_is_refused(
    team: tuple[Laptop, Laptop, Laptop, Path, Path], tmp_path: Path
) -> None:
    """Returns are encrypted to the lead entry's age recipient: it must be the signer's own."""
    lead, ann, bob, assignment, _returned = team
    other = KeyStore(bob.root).load_identity(lambda: "").age_recipient

    def redirect(document: dict[str, Any], bag: dict[str, str]) -> None:
        _newer(bag)
        next(m for m in document["team"] if m["role"] == "lead")["age_recipient"] = other

    crafted = _resigned(assignment, ann, lead, ann, tmp_path / "redirect.assignment", redirect)
    _refused(ann, crafted, "whose key card is not the lead it names")
