"""A region shares its audit tool in a signed bundle: the same trust rules as any bundle, and
the template checked again before it is installed on the receiving laptop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bundles.cli_homes import make_peer
from tests.templates.test_council_templates import NEGLECT


def test_a_template_travels_in_a_signed_bundle_and_installs_once_trusted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    midthorpe = make_peer(tmp_path, capsys, "Avery Lead", "Midthorpe Council")
    oxtown = make_peer(tmp_path, capsys, "Sam Peer", "Oxtown Borough Council")
    installed = midthorpe.cli("forms", "install", str(NEGLECT))
    assert installed.code == 0, installed.err
    bundle = tmp_path / "neglect-audit.cfbundle"
    shared = midthorpe.cli("forms", "share", "neglect-audit", "--out", str(bundle))
    assert shared.code == 0, shared.err
    assert "form template neglect-audit version 1" in shared.out

    verified = oxtown.cli("verify", str(bundle))
    assert verified.code == 3  # valid, signer not trusted yet
    assert "form-template" in verified.out

    untrusted = oxtown.cli("forms", "install", str(bundle))
    assert untrusted.code == 3
    assert "a key you do not trust yet" in untrusted.err
    listed = oxtown.cli("forms", "list", "--json")
    assert "neglect-audit" not in listed.out

    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    trusted = oxtown.cli("forms", "install", str(bundle))
    assert trusted.code == 0, trusted.err
    assert "neglect-audit version 1 (Thematic audit: neglect) from Midthorpe Council" in (
        trusted.out
    )
    rows = {row["id"]: row for row in json.loads(oxtown.cli("forms", "list", "--json").out)}
    assert rows["neglect-audit"]["from"] == "Midthorpe Council"
    again = oxtown.cli("forms", "install", str(bundle))
    assert again.code == 0 and "already installed" in again.out


def test_a_tampered_template_bundle_is_refused_and_installs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    midthorpe = make_peer(tmp_path, capsys, "Avery Lead", "Midthorpe Council")
    oxtown = make_peer(tmp_path, capsys, "Sam Peer", "Oxtown Borough Council")
    bundle = tmp_path / "self-assessment.cfbundle"
    assert midthorpe.cli("forms", "share", "self-assessment", "--out", str(bundle)).code == 0
    tampered = tmp_path / "tampered.cfbundle"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if "/data/attachments/" in item.filename:
                data = data.replace(b"version: 2", b"version: 9")
            target.writestr(item, data)
    assert oxtown.cli("keys", "trust", str(midthorpe.card), "--yes").code == 0
    refused = oxtown.cli("forms", "install", str(tampered))
    assert refused.code == 1
    assert "was not installed" in refused.err
    rows = json.loads(oxtown.cli("forms", "list", "--json").out)
    assert [row["version"] for row in rows if row["id"] == "self-assessment"] == [2]
