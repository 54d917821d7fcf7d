"""The trio round trip: Midthorpe shares its self-assessment, Oxtown challenges it and answers with a
signed (and encrypted) response, Midthorpe imports the response and answers each note."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from desktop_app.exchange import KeyStore
from tests.bundles.cli_homes import fill, make_peer
from tests.helpers import require_tool

MIDTHORPE = "Midthorpe Council"
OXTOWN = "Oxtown Borough Council"


def test_challenge_response_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    assert midthorpe.cli("keys", "trust", str(oxtown.card), "--yes").code == 0

    shared = tmp_path / "midthorpe.cfbundle"
    args = ["export", "--assessment", str(stored.assessment_id), "--out", str(shared)]
    assert midthorpe.cli(*args).code == 0
    assert oxtown.cli("import", str(shared)).code == 0
    bundle_id = json.loads(oxtown.cli("list", "bundles", "--json").out)[0]["id"]

    nothing = oxtown.cli(
        "respond", "--bundle", str(bundle_id), "--out", str(tmp_path / "x.cfbundle")
    )
    assert nothing.code == 2 and "no challenge notes" in nothing.err

    add = ["challenge", "add", "--bundle", str(bundle_id)]
    assert (
        oxtown.cli(
            *add,
            "--section",
            "leaders",
            "--text",
            "How do you know supervision is reflective?",
            "--line-of-enquiry",
            "--rag",
            "amber",
        ).code
        == 0
    )
    assert oxtown.cli(*add, "--text", "Candid and well evidenced overall.").code == 0

    response = tmp_path / "response.cfbundle"
    written = oxtown.cli(
        "respond",
        "--bundle",
        str(bundle_id),
        "--encrypt-to",
        str(midthorpe.card),
        "--out",
        str(response),
    )
    assert written.code == 0, written.err
    assert response.read_bytes().startswith(b"age-encryption.org/v1")

    imported = midthorpe.cli("import", str(response))
    assert imported.code == 0, imported.err
    rows = json.loads(midthorpe.cli("list", "bundles", "--json").out)
    assert len(rows) == 1 and rows[0]["type"] == "response"
    # a response holds no records: the import names its notes and the commands to answer them
    assert "0 read-only record(s)" not in imported.out
    assert "2 challenge note(s) on our work, to answer" in imported.out
    assert f"challenge list --bundle {rows[0]['id']}" in imported.out
    exports = json.loads(oxtown.cli("list", "bundles", "--json").out)
    original_tagmanifest = _tagmanifest_sha512(midthorpe.root)
    assert rows[0]["in_response_to"] == original_tagmanifest
    assert exports[0]["id"] == bundle_id

    notes = json.loads(midthorpe.cli("challenge", "list", "--received", "--json").out)
    assert {(n["section_id"], n["rag"], n["line_of_enquiry"]) for n in notes} == {
        ("leaders", "amber", True),
        ("", "", False),
    }
    leaders = next(n for n in notes if n["section_id"] == "leaders")
    answered = midthorpe.cli(
        "challenge",
        "answer",
        "--note",
        str(leaders["id"]),
        "--accept",
        "--text",
        "Added to the improvement plan: supervision audit in Q1.",
    )
    assert answered.code == 0
    notes = json.loads(midthorpe.cli("challenge", "list", "--received", "--json").out)
    leaders = next(n for n in notes if n["section_id"] == "leaders")
    assert leaders["accepted"] is True and "supervision audit" in leaders["answer"]

    again = midthorpe.cli("import", str(response))
    assert again.code == 0
    assert len(json.loads(midthorpe.cli("challenge", "list", "--received", "--json").out)) == 2

    report = tmp_path / "feedback.pdf"
    assert midthorpe.cli("report", "--bundle", str(rows[0]["id"]), "--out", str(report)).code == 0
    assert report.read_bytes()[:5] == b"%PDF-"
    missing = midthorpe.cli("report", "--audit", "999", "--out", str(tmp_path / "none.pdf"))
    assert missing.code == 2 and "see 'critical-friend list audits'" in missing.err


def _tagmanifest_sha512(home: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(home / "critical-friend.db")
    try:
        row = connection.execute(
            "SELECT tagmanifest_sha512 FROM export_log ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return str(row[0])


def test_the_real_age_command_decrypts_an_exported_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    age = require_tool("age")
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    sealed = tmp_path / "sealed.cfbundle"
    exported = midthorpe.cli(
        "export",
        "--assessment",
        str(stored.assessment_id),
        "--encrypt-to",
        str(oxtown.card),
        "--out",
        str(sealed),
    )
    assert exported.code == 0, exported.err
    identity = KeyStore(oxtown.root).load_identity()
    assert identity is not None
    identity_file = tmp_path / "oxtown-age.txt"
    identity_file.write_text(identity.age_identity + "\n")
    identity_file.chmod(0o600)
    opened = tmp_path / "opened.zip"
    subprocess.run(
        [age, "-d", "-i", str(identity_file), "-o", str(opened), str(sealed)], check=True
    )
    assert opened.read_bytes()[:2] == b"PK"
    verified = oxtown.cli("verify", str(opened), "--pubkey", str(midthorpe.card))
    assert verified.code == 0, verified.err
