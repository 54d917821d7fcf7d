"""The improvement loop through three laptops, by commands: Oxtown and Munbridge challenge
Midthorpe's self-assessment; Midthorpe accepts one note into its plan and declines another with
a reason; the action's progress is noted; Midthorpe's signed reply reaches both peers and shows
there; and Midthorpe's next self-assessment reports the action's progress."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.bundles.cli_homes import Peer, fill, make_peer
from tests.helpers import require_tool

MIDTHORPE = "Midthorpe Council"
OXTOWN = "Oxtown Borough Council"
MUNBRIDGE = "Munbridge City Council"


def _ids(peer: Peer, kind: str) -> list[int]:
    rows = json.loads(peer.cli("list", "bundles", "--json").out)
    return [int(row["id"]) for row in rows if row["type"] == kind]


def _challenge(peer: Peer, shared: Path, text: str, out: Path, owner_card: Path) -> None:
    assert peer.cli("import", str(shared)).code == 0
    bundle_id = _ids(peer, "self-assessment")[0]
    added = peer.cli(
        "challenge", "add", "--bundle", str(bundle_id), "--section", "leaders", "--text", text
    )
    assert added.code == 0, added.err
    sent = peer.cli(
        "respond", "--bundle", str(bundle_id), "--encrypt-to", str(owner_card), "--out", str(out)
    )
    assert sent.code == 0, sent.err


def challenged_trio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Peer, Peer, Peer]:
    """Three homes: Midthorpe (a) shares its self-assessment; Oxtown (b) and Munbridge (c) each
    send one signed note on its leaders section, which Midthorpe imports."""
    a = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    b = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    c = make_peer(tmp_path, capsys, "Tomasz Nowak", MUNBRIDGE)
    stored = fill(a, MIDTHORPE)
    for peer in (b, c):
        assert peer.cli("keys", "trust", str(a.card), "--yes").code == 0
        assert a.cli("keys", "trust", str(peer.card), "--yes").code == 0
    shared = tmp_path / "midthorpe.cfbundle"
    exported = a.cli("export", "--assessment", str(stored.assessment_id), "--out", str(shared))
    assert exported.code == 0, exported.err
    from_b, from_c = tmp_path / "from-b.cfbundle", tmp_path / "from-c.cfbundle"
    _challenge(b, shared, "Supervision is said to be reflective: how do you know?", from_b, a.card)
    _challenge(c, shared, "Move the front door to a new team this year.", from_c, a.card)
    for response in (from_b, from_c):
        assert a.cli("import", str(response)).code == 0
    return a, b, c


def test_the_plan_loop_through_three_homes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdftotext = require_tool("pdftotext")
    a, b, c = challenged_trio(tmp_path, capsys)
    received = json.loads(a.cli("challenge", "list", "--received", "--json").out)
    by_author = {note["author"]: note for note in received}
    assert set(by_author) == {"Fiona Grant", "Tomasz Nowak"}
    assert {note["organisation"] for note in received} == {OXTOWN, MUNBRIDGE}

    # A declines without a reason: refused, nothing recorded.
    c_note = by_author["Tomasz Nowak"]["id"]
    refused = a.cli("challenge", "answer", "--note", str(c_note), "--decline")
    assert refused.code == 2 and "needs a reason" in refused.err
    b_note = by_author["Fiona Grant"]["id"]
    accepted = a.cli(
        "challenge", "answer", "--note", str(b_note), "--accept",
        "--text", "Agreed: we will audit supervision quality.",
        "--new-action", "Audit the quality of supervision in every team",
        "--owner", "Sam Okafor", "--due", "2027-03-31",
    )  # fmt: skip
    assert accepted.code == 0, accepted.err
    declined = a.cli(
        "challenge", "answer", "--note", str(c_note), "--decline",
        "--text", "The front door was inspected in May and judged good; no change this year.",
    )  # fmt: skip
    assert declined.code == 0, declined.err

    plan = json.loads(a.cli("plan", "list", "--json").out)
    assert len(plan) == 1
    action = plan[0]
    assert {k: action[k] for k in ("what", "owner", "due", "status", "source")} == {
        "what": "Audit the quality of supervision in every team",
        "owner": "Sam Okafor",
        "due": "2027-03-31",
        "status": "not_started",
        "source": "challenge",
    }
    assert "Fiona Grant" in action["why"] and action["created_by"] == f"Priya Lambert, {MIDTHORPE}"
    updated = a.cli(
        "plan", "update", "--action", str(action["id"]), "--status", "on track",
        "--note", "Four of seven teams audited; reflective supervision in three.",
    )  # fmt: skip
    assert updated.code == 0, updated.err
    assert a.cli("plan", "list", "--status", "on track", "--json").out.count('"id"') == 1
    assert json.loads(a.cli("plan", "list", "--source", "audit", "--json").out) == []

    # A changes its mind about C's note and back: each answer is recorded, not silent.
    changed = a.cli(
        "challenge", "answer", "--note", str(c_note), "--accept", "--action", str(action["id"]),
        "--text", "On reflection, part of the supervision audit.",
    )  # fmt: skip
    assert changed.code == 0 and "was declined before" in changed.out
    back = a.cli(
        "challenge", "answer", "--note", str(c_note), "--decline",
        "--text", "The front door was inspected in May and judged good; no change this year.",
    )  # fmt: skip
    assert back.code == 0 and "was accepted before" in back.out

    rows = json.loads(a.cli("list", "bundles", "--json").out)
    responses = {row["organisation"]: int(row["id"]) for row in rows if row["type"] == "response"}
    for peer, council in ((b, OXTOWN), (c, MUNBRIDGE)):
        response_id = responses[council]
        reply = tmp_path / f"reply-{peer.root.name}.cfbundle"
        written = a.cli(
            "challenge", "reply", "--bundle", str(response_id),
            "--encrypt-to", str(peer.card), "--out", str(reply),
        )  # fmt: skip
        assert written.code == 0, written.err
        shown = peer.cli("import", str(reply))
        assert shown.code == 0, shown.err
        reply_id = _ids(peer, "challenge-reply")[0]
        # a reply holds no records: the import names its answers and where to read them
        assert "0 read-only record(s)" not in shown.out
        assert (
            f"Answers to 1 of our 1 challenge note(s): 'critical-friend challenge list --bundle {reply_id}'"
            in shown.out
        )
        notes = json.loads(peer.cli("challenge", "list", "--bundle", str(reply_id), "--json").out)
        assert len(notes) == 1
        note = notes[0]
        assert note["answered_by"] == f"Priya Lambert, {MIDTHORPE}"
        if peer is b:
            assert note["accepted"] is True and "audit supervision" in note["answer"]
            assert note["action"]["what"] == "Audit the quality of supervision in every team"
            assert note["action"]["status"] == "on_track"
            assert "Four of seven" in note["action"]["latest_progress"]["text"]
        else:
            assert note["accepted"] is False and "judged good" in note["answer"]
            assert note["action"] is None
        # The same notes show against the self-assessment they challenged.
        original = _ids(peer, "self-assessment")[0]
        again = json.loads(peer.cli("challenge", "list", "--bundle", str(original), "--json").out)
        assert again[0]["accepted"] == note["accepted"]

    # A reply is refused on a laptop that never sent the response it answers.
    stray = c.cli("import", str(tmp_path / "reply-oxtown.cfbundle"))
    assert stray.code != 0

    started = a.cli("plan", "next-assessment", "--period", "2028-29")
    assert started.code == 0, started.err
    assessments = json.loads(a.cli("list", "assessments", "--json").out)
    next_year = next(row for row in assessments if "2028-29" in row["title"])
    report = tmp_path / "next-year.pdf"
    assert a.cli("report", "--assessment", str(next_year["id"]), "--out", str(report)).code == 0
    words = subprocess.run(
        [pdftotext, "-layout", str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Progress on last year's plan" in words
    assert "Four of seven teams audited" in " ".join(words.split())

    pdf, xlsx = tmp_path / "plan.pdf", tmp_path / "plan.xlsx"
    assert a.cli("plan", "export", "--format", "pdf", "--out", str(pdf)).code == 0
    assert a.cli("plan", "export", "--format", "xlsx", "--out", str(xlsx)).code == 0
    plan_words = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Impact of leaders" in plan_words and "Sam Okafor" in plan_words
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Plan"]
    assert [cell.value for cell in sheet[3]][1] == "Audit the quality of supervision in every team"
