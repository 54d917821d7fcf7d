"""Opening a bundle: a valid one reads back exactly, and every hostile one is refused clearly."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.exchange.bundle_archive import BundleLimits
from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import VerifiedBundle, open_bundle
from desktop_app.exchange.bundle_write import BundleWritten
from desktop_app.exchange.sshsig import fingerprint

from .bundle_surgery import flip_byte, read_entries, resign, write_entries
from .samples import ATTACHMENT_BYTES, ATTACHMENT_NAME, BUNDLE_DOCUMENT, REPORT_BYTES

TOP = "oxtown-self-assessment"


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """The caller's temp folder; after the test nothing may sit beside it that was not there."""
    work = tmp_path / "work"
    work.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    yield work
    after = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in after if n not in before and not n.endswith(".cfbundle")] == []


@pytest.fixture
def valid(make_bundle: Callable[..., BundleWritten]) -> BundleWritten:
    return make_bundle()


def _refused(
    bundle: Path, workdir: Path, check: str, limits: BundleLimits | None = None
) -> BundleError:
    with pytest.raises(BundleError) as caught:
        if limits is None:
            open_bundle(bundle, workdir)
        else:
            open_bundle(bundle, workdir, limits)
    assert caught.value.check == check, caught.value.message
    assert list(workdir.iterdir()) == [], "a refused bundle must leave nothing unpacked"
    return caught.value


def _hostile(
    tmp_path: Path, entries: dict[str, bytes] | list[tuple[str | zipfile.ZipInfo, bytes]]
) -> Path:
    return write_entries(tmp_path / "hostile.cfbundle", entries)


def test_valid_bundle_reads_back_everything(
    valid: BundleWritten, workdir: Path, signing_key: Ed25519PrivateKey
) -> None:
    opened = open_bundle(valid.path, workdir)
    assert opened.document == BUNDLE_DOCUMENT
    assert opened.fingerprint == fingerprint(signing_key.public_key())
    assert opened.signer_comment == "Ann Example, Oxtown Borough"
    assert opened.tagmanifest_sha512 == valid.sha512_of_tagmanifest
    assert opened.external_identifier == valid.external_identifier
    assert (opened.bundle_type, opened.sequence, opened.in_response_to) == (
        "self-assessment",
        3,
        None,
    )
    assert opened.bag_info["Source-Organization"] == "Oxtown Borough"
    assert opened.payload_files == sorted(
        ["data/bundle.json", "data/reports/self-assessment.pdf", ATTACHMENT_NAME]
    )
    assert opened.root.parent.parent == workdir
    assert (opened.root / "data/reports/self-assessment.pdf").read_bytes() == REPORT_BYTES
    assert (opened.root / ATTACHMENT_NAME).read_bytes() == ATTACHMENT_BYTES
    bagit.Bag(str(opened.root)).validate()  # the unpacked folder is still a complete bag


def test_opening_twice_gives_the_same_result(valid: BundleWritten, workdir: Path) -> None:
    first, second = open_bundle(valid.path, workdir), open_bundle(valid.path, workdir)
    assert _summary(first) == _summary(second)


def _summary(opened: VerifiedBundle) -> tuple[object, ...]:
    return (opened.tagmanifest_sha512, opened.fingerprint, opened.document, opened.payload_files)


@pytest.mark.parametrize(
    "name", ["../evil.txt", f"{TOP}/../../evil.txt", "/tmp/evil.txt", f"{TOP}/data/..\\..\\evil"]
)
def test_zip_slip_is_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path, name: str
) -> None:
    entries = read_entries(valid.path)
    entries[name] = b"owned"
    error = _refused(_hostile(tmp_path, entries), workdir, "unsafe-path")
    assert "unsafe" in error.message or "path" in error.message
    assert not (tmp_path / "evil.txt").exists()


def test_zip_bomb_is_refused_by_the_ratio_counted_while_reading(
    valid: BundleWritten, workdir: Path, tmp_path: Path, signing_key: Ed25519PrivateKey
) -> None:
    entries = read_entries(valid.path)
    entries[f"{TOP}/data/attachments/{'cd' * 32}"] = bytes(4 * 1024 * 1024)
    bomb = _hostile(tmp_path, resign(entries, signing_key, "Ann Example, Oxtown Borough"))
    limits = BundleLimits(ratio_grace_bytes=64 * 1024)
    error = _refused(bomb, workdir, "compression-ratio", limits)
    assert "zip bomb" in error.message


def test_oversized_file_is_refused(valid: BundleWritten, workdir: Path) -> None:
    error = _refused(valid.path, workdir, "file-size", BundleLimits(max_file_bytes=2000))
    assert "larger than this program accepts" in error.message


def test_total_size_is_counted_across_files(valid: BundleWritten, workdir: Path) -> None:
    _refused(valid.path, workdir, "total-size", BundleLimits(max_total_bytes=9000))


def test_too_many_entries_is_refused(valid: BundleWritten, workdir: Path) -> None:
    error = _refused(valid.path, workdir, "too-many-entries", BundleLimits(max_entries=5))
    assert "at most 5" in error.message


def test_symlink_entry_is_refused(valid: BundleWritten, workdir: Path, tmp_path: Path) -> None:
    link = zipfile.ZipInfo(f"{TOP}/data/attachments/link")
    link.external_attr = 0o120777 << 16
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = list(read_entries(valid.path).items())
    entries.append((link, b"/etc/passwd"))
    error = _refused(_hostile(tmp_path, entries), workdir, "link")
    assert error.path_in_bundle == f"{TOP}/data/attachments/link"


def test_duplicate_names_are_refused(valid: BundleWritten, workdir: Path, tmp_path: Path) -> None:
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = list(read_entries(valid.path).items())
    entries.append((f"{TOP}/data/bundle.json", b'{"forged": true}'))
    _refused(_hostile(tmp_path, entries), workdir, "duplicate-name")


def test_case_colliding_names_are_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path
) -> None:
    entries = read_entries(valid.path)
    entries[f"{TOP}/data/Bundle.json"] = b'{"forged": true}'
    error = _refused(_hostile(tmp_path, entries), workdir, "case-collision")
    assert "capitals" in error.message


def test_unlisted_file_is_refused(valid: BundleWritten, workdir: Path, tmp_path: Path) -> None:
    entries = read_entries(valid.path)
    entries[f"{TOP}/data/reports/extra.pdf"] = b"%PDF-1.4 not signed"
    error = _refused(_hostile(tmp_path, entries), workdir, "unlisted-file")
    assert error.message.startswith("data/reports/extra.pdf is in the bundle but not listed")


def test_second_top_folder_is_refused(valid: BundleWritten, workdir: Path, tmp_path: Path) -> None:
    entries = read_entries(valid.path)
    entries["other/readme.txt"] = b"hello"
    _refused(_hostile(tmp_path, entries), workdir, "one-folder")


def test_missing_payload_file_is_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path
) -> None:
    entries = read_entries(valid.path)
    del entries[f"{TOP}/data/reports/self-assessment.pdf"]
    error = _refused(_hostile(tmp_path, entries), workdir, "missing-file")
    assert error.path_in_bundle == "data/reports/self-assessment.pdf"


@pytest.mark.parametrize("tag_file", ["signer.pub", "tagmanifest-sha512.txt.sig", "bag-info.txt"])
def test_missing_tag_file_is_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path, tag_file: str
) -> None:
    entries = read_entries(valid.path)
    del entries[f"{TOP}/{tag_file}"]
    error = _refused(_hostile(tmp_path, entries), workdir, "missing-file")
    assert error.message.startswith(f"{tag_file} is missing")


@pytest.mark.parametrize(
    ("inner", "check"),
    [
        ("data/bundle.json", "payload-hash"),
        ("data/reports/self-assessment.pdf", "payload-hash"),
        (ATTACHMENT_NAME, "payload-hash"),
        ("bag-info.txt", "tag-hash"),
        ("manifest-sha512.txt", "tag-hash"),
    ],
)
def test_tampered_byte_is_named(
    valid: BundleWritten, workdir: Path, tmp_path: Path, inner: str, check: str
) -> None:
    entries = read_entries(valid.path)
    entries[f"{TOP}/{inner}"] = flip_byte(entries[f"{TOP}/{inner}"], index=5)
    error = _refused(_hostile(tmp_path, entries), workdir, check)
    assert error.message == (
        f"{inner} has been altered since it was signed (its SHA-512 does not match the manifest)."
    )
    assert error.path_in_bundle == inner


def test_tampered_tag_manifest_breaks_the_signature(
    valid: BundleWritten, workdir: Path, tmp_path: Path
) -> None:
    entries = read_entries(valid.path)
    name = f"{TOP}/tagmanifest-sha512.txt"
    entries[name] = flip_byte(entries[name], index=3)
    error = _refused(_hostile(tmp_path, entries), workdir, "signature")
    assert "bad signature" in error.message


def test_signature_swapped_from_another_bundle_is_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path, make_bundle: Callable[..., BundleWritten]
) -> None:
    other = make_bundle(out=tmp_path / "other.cfbundle")
    entries = read_entries(valid.path)
    sig = f"{TOP}/tagmanifest-sha512.txt.sig"
    entries[sig] = read_entries(other.path)[sig]
    _refused(_hostile(tmp_path, entries), workdir, "signature")


def test_signer_pub_that_is_not_the_signing_key_is_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path
) -> None:
    from desktop_app.exchange.sshsig import public_key_line

    entries = read_entries(valid.path)
    forged = Ed25519PrivateKey.generate().public_key()
    entries[f"{TOP}/signer.pub"] = (public_key_line(forged, "Ann Example") + "\n").encode()
    _refused(_hostile(tmp_path, entries), workdir, "signer-key")


def test_bundle_resigned_by_an_unknown_key_opens_with_a_different_fingerprint(
    valid: BundleWritten, workdir: Path, tmp_path: Path, signing_key: Ed25519PrivateKey
) -> None:
    mallory = Ed25519PrivateKey.generate()
    entries = read_entries(valid.path)
    forged_document = dict(BUNDLE_DOCUMENT, organisation={"name": "Forged"})
    entries[f"{TOP}/data/bundle.json"] = json.dumps(forged_document).encode()
    forged = _hostile(tmp_path, resign(entries, mallory, "Ann Example, Oxtown Borough"))
    opened = open_bundle(forged, workdir)
    assert opened.signer_comment == "Ann Example, Oxtown Borough"  # the claim is only shown
    assert opened.fingerprint == fingerprint(mallory.public_key())
    assert opened.fingerprint != fingerprint(signing_key.public_key())


def test_truncated_bundle_is_refused(valid: BundleWritten, workdir: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.cfbundle"
    truncated.write_bytes(valid.path.read_bytes()[: valid.size // 2])
    error = _refused(truncated, workdir, "not-a-zip")
    assert "not a bundle" in error.message


def test_a_file_that_is_not_a_zip_is_refused(workdir: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.cfbundle"
    text.write_text("Dear colleague, please find attached.\n")
    _refused(text, workdir, "not-a-zip")


def test_missing_bundle_file_is_refused(workdir: Path, tmp_path: Path) -> None:
    error = _refused(tmp_path / "nowhere.cfbundle", workdir, "read")
    assert "cannot be read" in error.message


@pytest.mark.parametrize(("levels", "check"), [(65, "json-depth"), (100_000, "json-depth")])
def test_deeply_nested_json_is_refused(
    valid: BundleWritten,
    workdir: Path,
    tmp_path: Path,
    signing_key: Ed25519PrivateKey,
    levels: int,
    check: str,
) -> None:
    entries = read_entries(valid.path)
    deep = '{"records": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"
    entries[f"{TOP}/data/bundle.json"] = deep.encode()
    bundle = _hostile(tmp_path, resign(entries, signing_key, "Ann Example"))
    error = _refused(bundle, workdir, check)
    assert "64 levels" in error.message


def test_json_at_the_depth_limit_is_accepted(
    valid: BundleWritten, workdir: Path, tmp_path: Path, signing_key: Ed25519PrivateKey
) -> None:
    entries = read_entries(valid.path)
    entries[f"{TOP}/data/bundle.json"] = ('{"r": ' + "[" * 63 + "]" * 63 + "}").encode()
    opened = open_bundle(_hostile(tmp_path, resign(entries, signing_key, "A")), workdir)
    assert "r" in opened.document


def test_json_with_duplicate_keys_is_refused(
    valid: BundleWritten, workdir: Path, tmp_path: Path, signing_key: Ed25519PrivateKey
) -> None:
    entries = read_entries(valid.path)
    entries[f"{TOP}/data/bundle.json"] = b'{"grade": "good", "grade": "inadequate"}'
    _refused(_hostile(tmp_path, resign(entries, signing_key, "A")), workdir, "json")


def test_bundle_from_a_newer_version_is_refused(
    make_bundle: Callable[..., BundleWritten], workdir: Path
) -> None:
    newer = make_bundle(
        bag_info={
            "Source-Organization": "Oxtown Borough",
            "Bundle-Type": "self-assessment",
            "Bundle-Format": "critical-friend-bundle/2",
        }
    )
    error = _refused(newer.path, workdir, "bundle-format")
    assert "newer version" in error.message


def test_a_zip_version_this_program_cannot_read_is_refused_plainly(
    valid: BundleWritten, workdir: Path
) -> None:
    """The fuzz test's find: a "version needed to extract" byte raised in the central directory
    makes zipfile itself refuse the file; the reader says so in a sentence, nothing escapes."""
    data = bytearray(valid.path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central-directory entry
    data[entry + 6] = 64  # version needed to extract: 6.4, beyond what zipfile reads
    valid.path.write_bytes(bytes(data))
    with pytest.raises(BundleError):
        open_bundle(valid.path, workdir)
    assert list(workdir.iterdir()) == []
