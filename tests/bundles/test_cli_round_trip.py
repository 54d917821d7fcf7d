"""Two councils exchange a signed bundle through the command line alone."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from .cli_homes import fill, make_peer

MIDTHORPE = "Midthorpe Council"
OXTOWN = "Oxtown Borough Council"


def _rewrite_member(bundle: Path, suffix: str, change: bytes, out: Path) -> None:
    """Copy the ZIP with one byte of the member ending in `suffix` changed."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(suffix):
                content = content[:10] + change + content[11:]
            target.writestr(info, content)


def test_round_trip_between_two_homes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    bundle = tmp_path / "midthorpe.cfbundle"

    exported = midthorpe.cli(
        "export",
        "--assessment",
        str(stored.assessment_id),
        "--visit",
        str(stored.visit_id),
        "--out",
        str(bundle),
    )
    assert exported.code == 0, exported.err
    assert "Signed bundle written" in exported.out
    with zipfile.ZipFile(bundle) as archive:
        reports = [n.split("/data/")[1] for n in archive.namelist() if "/data/reports/" in n]
    # the self-assessment's PDF goes; the visit's names real cases, so it waits for an opt-in
    assert reports == [f"reports/assessment-{stored.assessment_id}.pdf"]

    untrusted = oxtown.cli("verify", str(bundle))
    assert untrusted.code == 3
    # the key card given vouches for the signer, not the trust store (which stays unchanged)
    vouched = oxtown.cli("verify", str(bundle), "--pubkey", str(midthorpe.card))
    assert vouched.code == 0 and "(the key card you gave)" in vouched.out
    assert "your trust store" not in vouched.out and "1 files" not in vouched.out
    assert oxtown.cli("verify", str(bundle)).code == 3
    fingerprint = midthorpe.card.read_text().split("fingerprint ")[1].strip()
    assert fingerprint in untrusted.out + untrusted.err

    no_terminal = oxtown.cli("keys", "trust", str(midthorpe.card))
    assert no_terminal.code == 2
    assert "nothing was trusted" in no_terminal.err
    trusted = oxtown.cli("keys", "trust", str(midthorpe.card), "--yes")
    assert trusted.code == 0 and fingerprint in trusted.out

    assert oxtown.cli("verify", str(bundle)).code == 0
    assert oxtown.cli("verify", str(bundle), "--pubkey", str(midthorpe.card)).code == 0
    assert oxtown.cli("verify", str(bundle), "--pubkey", str(oxtown.card)).code == 1

    imported = oxtown.cli("import", str(bundle))
    assert imported.code == 0, imported.err
    assert "3 read-only record(s)" in imported.out
    again = oxtown.cli("import", str(bundle))
    assert again.code == 0 and "nothing changed" in again.out
    listed = json.loads(oxtown.cli("list", "bundles", "--json").out)
    assert len(listed) == 1
    assert listed[0]["organisation"] == MIDTHORPE and listed[0]["trusted"] is True

    tampered = tmp_path / "tampered.cfbundle"
    _rewrite_member(bundle, "data/bundle.json", b"X", tampered)
    refused = oxtown.cli("verify", str(tampered))
    assert refused.code == 1
    assert "data/bundle.json" in refused.err and "payload-hash" in refused.err
    assert oxtown.cli("import", str(tampered)).code == 1
    assert len(json.loads(oxtown.cli("list", "bundles", "--json").out)) == 1


def test_export_refuses_flagged_personal_data_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    stored = fill(midthorpe, MIDTHORPE)
    out = tmp_path / "notes.cfbundle"
    args = ["export", "--visit", str(stored.visit_id), "--include-case-notes", "--out", str(out)]
    refused = midthorpe.cli(*args)
    assert refused.code == 1
    assert "NHS number" in refused.err and not out.exists()
    assert midthorpe.cli(*args, "--allow-flagged").code == 0
    assert out.exists()


def test_a_changed_key_for_a_known_council_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    replaced = midthorpe.cli(
        "keys", "init", "--name", "Priya Lambert", "--org", MIDTHORPE, "--replace"
    )
    assert replaced.code == 0
    bundle = tmp_path / "new-key.cfbundle"
    args = ["export", "--assessment", str(stored.assessment_id), "--out", str(bundle)]
    assert midthorpe.cli(*args).code == 0
    verified = oxtown.cli("verify", str(bundle))
    assert verified.code == 1 and "REFUSED" in verified.err
    imported = oxtown.cli("import", str(bundle))
    assert imported.code == 1 and "different key" in imported.err
    assert json.loads(oxtown.cli("list", "bundles", "--json").out) == []
    new_card = tmp_path / "new.card"
    assert midthorpe.cli("keys", "export-public", str(new_card)).code == 0
    retrust = oxtown.cli("keys", "trust", str(new_card), "--yes")
    assert retrust.code == 1 and "REFUSED" in retrust.err
    shown = oxtown.cli("keys", "show").out
    assert "refused" in shown
    assert oxtown.cli("keys", "trust", str(new_card), "--yes", "--replace").code == 0
    assert oxtown.cli("import", str(bundle)).code == 0


def test_an_older_bundle_than_already_seen_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    stored = fill(midthorpe, MIDTHORPE)
    first, second = tmp_path / "first.cfbundle", tmp_path / "second.cfbundle"
    for out in (first, second):
        args = ["export", "--assessment", str(stored.assessment_id), "--out", str(out)]
        assert midthorpe.cli(*args).code == 0
    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    assert oxtown.cli("import", str(second)).code == 0
    older = oxtown.cli("import", str(first))
    assert older.code == 0 and "older than one already imported" in older.err
    rows = json.loads(oxtown.cli("list", "bundles", "--json").out)
    assert [row["older_than_seen"] for row in rows if row["sequence"] == 1] == [True]


def test_encrypted_bundle_opens_only_for_its_recipient(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    oxtown = make_peer(tmp_path, capsys, "Fiona Grant", OXTOWN)
    munbridge = make_peer(tmp_path, capsys, "Alan Whitfield", "Munbridge City Council")
    stored = fill(midthorpe, MIDTHORPE)
    bundle = tmp_path / "sealed.cfbundle"
    exported = midthorpe.cli(
        "export",
        "--assessment",
        str(stored.assessment_id),
        "--encrypt-to",
        str(oxtown.card),
        "--out",
        str(bundle),
    )
    assert exported.code == 0, exported.err
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1")
    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    assert oxtown.cli("import", str(bundle)).code == 0
    outsider = munbridge.cli("import", str(bundle))
    assert outsider.code == 1 and "encrypted for someone else" in outsider.err
    assert json.loads(munbridge.cli("list", "bundles", "--json").out) == []


def test_a_council_can_verify_its_own_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", MIDTHORPE)
    stored = fill(midthorpe, MIDTHORPE)
    bundle = tmp_path / "own.cfbundle"
    args = [
        "export",
        "--assessment",
        str(stored.assessment_id),
        "--no-reports",
        "--out",
        str(bundle),
    ]
    assert midthorpe.cli(*args).code == 0
    assert midthorpe.cli("verify", str(bundle)).code == 0
