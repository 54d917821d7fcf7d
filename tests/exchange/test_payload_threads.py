"""Bundles whose larger files are hashed on worker threads: the same refusals, names and hashes
as a one-by-one pass, and nothing left behind."""

from __future__ import annotations

import hashlib
import json
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import open_bundle, verify_bundle
from desktop_app.exchange.bundle_write import BundleWritten, PayloadItem

from .samples import BUNDLE_DOCUMENT

SIZE = 3 * 1024 * 1024  # above payload_pass.PARALLEL_MIN_BYTES: checked on the worker threads


def _large_payload(tmp_path: Path) -> list[PayloadItem]:
    rng = random.Random(5)
    items = [PayloadItem("data/bundle.json", json.dumps(BUNDLE_DOCUMENT).encode())]
    for number in range(4):
        source = tmp_path / f"evidence-{number}.bin"
        source.write_bytes(rng.randbytes(SIZE))  # random bytes: stored, not deflated
        items.append(PayloadItem(f"data/attachments/file-{number}", source))
    return items


@pytest.fixture
def large(tmp_path: Path, make_bundle: Callable[..., BundleWritten]) -> BundleWritten:
    return make_bundle(payload=_large_payload(tmp_path), out=tmp_path / "large.cfbundle")


def _flip_inside(bundle: Path, inner: str) -> None:
    """Change one byte in the middle of an entry's data, leaving the ZIP's layout intact."""
    with zipfile.ZipFile(bundle) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(inner))
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    with open(bundle, "r+b") as handle:
        handle.seek(start + info.compress_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))


def test_large_bundle_unpacks_every_file_with_both_hashes(
    large: BundleWritten, tmp_path: Path
) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    opened = open_bundle(large.path, workdir)
    assert opened.root is not None
    for number in range(4):
        name = f"data/attachments/file-{number}"
        written = (opened.root / name).read_bytes()
        assert written == (tmp_path / f"evidence-{number}.bin").read_bytes()
        assert opened.attachment_sha256[name] == hashlib.sha256(written).hexdigest()
    assert verify_bundle(large.path).payload_files == opened.payload_files


def test_written_bundle_reports_the_sha256_of_its_file(large: BundleWritten) -> None:
    assert large.file_sha256 == hashlib.sha256(large.path.read_bytes()).hexdigest()


@pytest.mark.parametrize("unpack", [True, False])
def test_two_altered_files_name_the_first_in_manifest_order(
    large: BundleWritten, tmp_path: Path, unpack: bool
) -> None:
    _flip_inside(large.path, "data/attachments/file-3")
    _flip_inside(large.path, "data/attachments/file-1")
    workdir = tmp_path / "work"
    workdir.mkdir()
    with pytest.raises(BundleError) as refused:
        if unpack:
            open_bundle(large.path, workdir)
        else:
            verify_bundle(large.path)
    assert refused.value.check == "payload-hash"
    assert refused.value.path_in_bundle == "data/attachments/file-1"
    assert list(workdir.iterdir()) == []  # nothing unpacked is left behind


@pytest.mark.parametrize("also_attachment", [True, False])
def test_altered_bundle_json_is_refused_in_manifest_order(
    large: BundleWritten, also_attachment: bool
) -> None:
    """bundle.json is read first (beside the worker threads), but its refusal comes in manifest
    order: after a damaged attachment ("data/attachments/…" sorts before "data/bundle.json")."""
    _flip_inside(large.path, "data/bundle.json")
    if also_attachment:
        _flip_inside(large.path, "data/attachments/file-2")
    with pytest.raises(BundleError) as refused:
        verify_bundle(large.path)
    expected = "data/attachments/file-2" if also_attachment else "data/bundle.json"
    assert refused.value.path_in_bundle == expected
