"""A written bundle must check out with tools every laptop has, without Critical Friend."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.exchange.bundle_write import BundleWritten, PayloadItem
from desktop_app.exchange.sshsig import BUNDLE_NAMESPACE, public_key_line

from .samples import ATTACHMENT_NAME, SIGNER_COMMENT


def _unzip(bundle: Path, into: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(into)
    (folder,) = into.iterdir()
    return folder


def test_bundle_holds_one_bag_folder_with_every_tag_file(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten]
) -> None:
    written = make_bundle()
    with zipfile.ZipFile(written.path) as archive:
        names = set(archive.namelist())
    prefix = "oxtown-self-assessment/"
    assert names == {
        prefix + name
        for name in (
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha512.txt",
            "tagmanifest-sha512.txt",
            "tagmanifest-sha512.txt.sig",
            "signer.pub",
            "data/bundle.json",
            "data/reports/self-assessment.pdf",
            ATTACHMENT_NAME,
        )
    }
    assert written.size == written.path.stat().st_size
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_bag_info_has_the_bundle_fields(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten]
) -> None:
    written = make_bundle()
    info = bagit.Bag(str(_unzip(written.path, tmp_path / "x"))).info
    assert info["Source-Organization"] == "Oxtown Borough"
    assert info["External-Identifier"] == written.external_identifier
    assert info["Bundle-Type"] == "self-assessment"
    assert info["Bundle-Sequence"] == "3"
    assert info["Bundle-Format"] == "critical-friend-bundle/1"
    assert info["Payload-Oxum"].endswith(".3")
    assert "In-Response-To" not in info


def test_bagit_python_validates_the_bag(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten]
) -> None:
    folder = _unzip(make_bundle().path, tmp_path / "x")
    bag = bagit.Bag(str(folder))
    bag.validate()
    assert bag.algorithms == ["sha512"]


def test_sha512sum_checks_both_manifests(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten], require_tool: Callable[[str], str]
) -> None:
    sha512sum = require_tool("sha512sum")
    folder = _unzip(make_bundle().path, tmp_path / "x")
    for manifest in ("manifest-sha512.txt", "tagmanifest-sha512.txt"):
        result = subprocess.run(
            [sha512sum, "--strict", "-c", manifest], cwd=folder, capture_output=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_ssh_keygen_verifies_the_tag_manifest_signature(
    tmp_path: Path,
    make_bundle: Callable[..., BundleWritten],
    signing_key: Ed25519PrivateKey,
    require_tool: Callable[[str], str],
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    folder = _unzip(make_bundle().path, tmp_path / "x")
    signer = (folder / "signer.pub").read_text().strip()
    assert signer == public_key_line(signing_key.public_key(), SIGNER_COMMENT)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"oxtown {signer}\n")
    command = [ssh_keygen, "-Y", "verify", "-f", str(allowed), "-I", "oxtown", "-n"]
    command += [BUNDLE_NAMESPACE, "-s", "tagmanifest-sha512.txt.sig"]
    with open(folder / "tagmanifest-sha512.txt", "rb") as stdin:
        result = subprocess.run(
            command,
            stdin=stdin,
            cwd=folder,
            capture_output=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr


def test_compressed_formats_are_stored_and_text_is_deflated(
    make_bundle: Callable[..., BundleWritten],
) -> None:
    with zipfile.ZipFile(make_bundle().path) as archive:
        methods = {
            info.filename.split("/", 1)[1]: info.compress_type for info in archive.infolist()
        }
    assert methods["data/reports/self-assessment.pdf"] == zipfile.ZIP_STORED
    assert methods["data/bundle.json"] == zipfile.ZIP_DEFLATED
    assert methods[ATTACHMENT_NAME] == zipfile.ZIP_DEFLATED


def test_in_response_to_and_external_identifier_are_kept(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten]
) -> None:
    identifier = "0b6c1d84-4f4e-4f6e-9d55-8c1c2b9a8e11"
    written = make_bundle(
        bag_info={
            "Source-Organization": "Munbridge City",
            "Bundle-Type": "challenge-response",
            "External-Identifier": identifier,
            "In-Response-To": "7d4f3c9e-0000-4000-8000-000000000001",
            "Contact-Name": "Sam Peer",
        }
    )
    assert written.external_identifier == identifier
    info = bagit.Bag(str(_unzip(written.path, tmp_path / "x"))).info
    assert info["In-Response-To"] == "7d4f3c9e-0000-4000-8000-000000000001"
    assert info["Contact-Name"] == "Sam Peer"
    assert info["Bundle-Sequence"] == "1"


def test_failure_half_way_leaves_no_partial_file(
    tmp_path: Path,
    make_bundle: Callable[..., BundleWritten],
    bundle_payload: list[PayloadItem],
) -> None:
    out = tmp_path / "out" / "broken.cfbundle"
    out.parent.mkdir()
    missing = PayloadItem("data/reports/missing.pdf", tmp_path / "no-such-file.pdf")
    with pytest.raises(FileNotFoundError):
        make_bundle(out=out, payload=[*bundle_payload, missing])
    assert list(out.parent.iterdir()) == []


def test_failure_keeps_an_existing_bundle_untouched(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten], bundle_payload: list[PayloadItem]
) -> None:
    first = make_bundle()
    before = first.path.read_bytes()
    missing = PayloadItem("data/reports/missing.pdf", tmp_path / "no-such-file.pdf")
    with pytest.raises(FileNotFoundError):
        make_bundle(payload=[*bundle_payload, missing])
    assert first.path.read_bytes() == before


@pytest.mark.parametrize(
    "arcname", ["reports/x.pdf", "data/../x", "/data/x", "data/a\\b", "data/CON", "data/x%41"]
)
def test_unsafe_payload_paths_are_refused(
    make_bundle: Callable[..., BundleWritten], bundle_payload: list[PayloadItem], arcname: str
) -> None:
    with pytest.raises(ValueError, match="safe path"):
        make_bundle(payload=[*bundle_payload, PayloadItem(arcname, b"x")])


def test_signer_line_must_match_the_key(make_bundle: Callable[..., BundleWritten]) -> None:
    other = Ed25519PrivateKey.generate()
    with pytest.raises(ValueError, match="public half"):
        make_bundle(signer_line=public_key_line(other.public_key(), "Someone Else"))


def test_writer_computed_fields_cannot_be_passed(
    make_bundle: Callable[..., BundleWritten],
) -> None:
    with pytest.raises(ValueError, match="Payload-Oxum"):
        make_bundle(
            bag_info={
                "Source-Organization": "Oxtown",
                "Bundle-Type": "self-assessment",
                "Payload-Oxum": "1.1",
            }
        )
