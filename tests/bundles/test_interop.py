"""A peer's IT department can check an exported bundle with standard tools alone."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import bagit
import pytest

from tests.helpers import require_tool

from .cli_homes import fill, make_peer

NAMESPACE = "critical-friend-bundle-v1"


def test_exported_bundle_checks_out_with_ssh_keygen_sha512sum_and_bagit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    sha512sum = require_tool("sha512sum")
    midthorpe = make_peer(tmp_path, capsys, "Priya Lambert", "Midthorpe Council")
    stored = fill(midthorpe, "Midthorpe Council")
    bundle = tmp_path / "out.cfbundle"
    result = midthorpe.cli(
        "export",
        "--assessment",
        str(stored.assessment_id),
        "--visit",
        str(stored.visit_id),
        "--out",
        str(bundle),
    )
    assert result.code == 0, result.err
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    (bag,) = list(unpacked.iterdir())

    key_type, key_data = midthorpe.card.read_text().splitlines()[0].split()[:2]
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'midthorpe namespaces="{NAMESPACE}" {key_type} {key_data}\n')
    with open(bag / "tagmanifest-sha512.txt", "rb") as message:
        checked = subprocess.run(
            [
                ssh_keygen,
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                "midthorpe",
                "-n",
                NAMESPACE,
                "-s",
                str(bag / "tagmanifest-sha512.txt.sig"),
            ],
            stdin=message,
            capture_output=True,
            text=True,
            check=False,
        )
    assert checked.returncode == 0, checked.stderr
    assert "Good" in checked.stdout + checked.stderr

    for manifest in ("manifest-sha512.txt", "tagmanifest-sha512.txt"):
        summed = subprocess.run(
            [sha512sum, "-c", manifest], cwd=bag, capture_output=True, text=True, check=False
        )
        assert summed.returncode == 0, summed.stdout + summed.stderr

    bagit.Bag(str(bag)).validate()

    (bag / "data" / "bundle.json").write_bytes(b"{}")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag)).validate()
