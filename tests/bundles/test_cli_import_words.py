"""What `verify` and `import` say to a new user (found in a trial of the README's commands):
`verify --pubkey` is vouched for by the key card given, not the trust store; importing a
response or a reply (no records of their own) names its challenge notes and the command that
shows them, never "0 read-only record(s) stored"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bundles.cli_homes import fill, make_peer

MIDTHORPE = "Midthorpe Council"
OXTOWN = "Oxtown Borough Council"


def test_verify_with_a_key_card_does_not_claim_the_trust_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    bundle = tmp_path / "midthorpe.cfbundle"
    exported = midthorpe.cli(
        "export", "--assessment", str(stored.assessment_id), "--no-reports", "--out", str(bundle)
    )
    assert exported.code == 0, exported.err
    checked = oxtown.cli("verify", str(bundle), "--pubkey", str(midthorpe.card))
    assert checked.code == 0, checked.err
    assert "its one file checks out" in checked.out and "all 1 files" not in checked.out
    assert "(the key card you gave)" in checked.out
    assert "trust store" not in checked.out.replace("keys trust CARD", "")
    # the trust store itself is unchanged: without the card it is still an unknown signer
    assert oxtown.cli("verify", str(bundle)).code == 3


def test_importing_a_response_and_a_reply_names_their_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    assert midthorpe.cli("keys", "trust", str(oxtown.card), "--yes").code == 0
    shared = tmp_path / "midthorpe.cfbundle"
    assert (
        midthorpe.cli(
            "export", "--assessment", str(stored.assessment_id), "--out", str(shared)
        ).code
        == 0
    )
    assert oxtown.cli("import", str(shared)).code == 0
    for text in ("How do you know supervision is reflective?", "Strong front door."):
        added = oxtown.cli("challenge", "add", "--bundle", "1", "--text", text)
        assert added.code == 0, added.err
    response = tmp_path / "response.cfbundle"
    assert oxtown.cli("respond", "--bundle", "1", "--out", str(response)).code == 0

    received = midthorpe.cli("import", str(response))
    assert received.code == 0, received.err
    response_id = json.loads(midthorpe.cli("list", "bundles", "--json").out)[0]["id"]
    assert "0 read-only record(s)" not in received.out
    assert "2 challenge note(s) on our work, to answer" in received.out
    assert f"challenge list --bundle {response_id}" in received.out
    listed = midthorpe.cli("challenge", "list", "--bundle", str(response_id), "--json")
    notes = json.loads(listed.out)
    assert len(notes) == 2
    for note in notes:
        answered = midthorpe.cli(
            "challenge", "answer", "--note", str(note["id"]), "--decline", "--text", "Not now."
        )
        assert answered.code == 0, answered.err
    reply = tmp_path / "reply.cfbundle"
    sent = midthorpe.cli("challenge", "reply", "--bundle", str(response_id), "--out", str(reply))
    assert sent.code == 0, sent.err

    answers = oxtown.cli("import", str(reply))
    assert answers.code == 0, answers.err
    reply_id = json.loads(oxtown.cli("list", "bundles", "--json").out)[0]["id"]
    assert "0 read-only record(s)" not in answers.out
    assert (
        f"Answers to 2 of our 2 challenge note(s): 'critical-friend challenge list --bundle {reply_id}'"
        in answers.out
    )
    shown = json.loads(oxtown.cli("challenge", "list", "--bundle", str(reply_id), "--json").out)
    assert [note["answer"] for note in shown] == ["Not now.", "Not now."]
