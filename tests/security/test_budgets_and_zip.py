"""What any sender's bundle may cost, checked before the work; ZIP layout checks beyond zipfile's."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519

from desktop_app.exchange.bag import path_problem
from desktop_app.exchange.bundle_archive import BundleArchive, BundleLimits
from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import verify_bundle
from desktop_app.exchange.bundle_write import PayloadItem
from desktop_app.exchange.encryption import (
    EncryptionError,
    check_age_header,
    decrypt_file,
    encrypt_file,
)
from desktop_app.exchange.import_bundle import ImportRefusedError, checked_bundle, import_bundle
from desktop_app.store.database import Database

from .builders import document, signed_bundle


def _files_in(root: Path) -> set[str]:
    return {
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith("critical-friend.db")
    }


def test_verifying_an_unknown_senders_bundle_writes_nothing_into_the_home(
    database: Database, tmp_path: Path
) -> None:
    bundle = signed_bundle(tmp_path / "b.cfbundle", Ed25519PrivateKey.generate())
    before = _files_in(database.home.root)
    with checked_bundle(database, bundle) as checked:
        assert checked.verdict.state == "unknown"
        assert checked.bundle.root is None  # verified as it streamed by, never unpacked
        assert _files_in(database.home.root) == before
    assert _files_in(database.home.root) == before


def test_a_zip_bomb_is_refused_by_its_ratio_while_reading(tmp_path: Path) -> None:
    bundle = signed_bundle(
        tmp_path / "bomb.cfbundle",
        Ed25519PrivateKey.generate(),
        extra_payload=[PayloadItem("data/reports/zeros.txt", bytes(24 * 1024 * 1024))],
    )
    assert bundle.stat().st_size < 200_000
    with pytest.raises(BundleError) as refused:
        verify_bundle(bundle)
    assert refused.value.check == "compression-ratio"


def test_a_bundle_over_the_total_budget_is_refused(tmp_path: Path) -> None:
    bundle = signed_bundle(
        tmp_path / "big.cfbundle",
        Ed25519PrivateKey.generate(),
        extra_payload=[PayloadItem("data/reports/r.pdf", b"%PDF" + bytes(range(256)) * 4096)],
    )
    limits = BundleLimits(max_total_bytes=512 * 1024)
    with pytest.raises(BundleError) as refused:
        verify_bundle(bundle, limits)
    assert refused.value.check in ("total-size", "file-size")


@pytest.mark.parametrize("where", ["before", "after"])
def test_junk_around_the_zip_is_refused(tmp_path: Path, where: str) -> None:
    bundle = signed_bundle(tmp_path / "b.cfbundle", Ed25519PrivateKey.generate())
    data = bundle.read_bytes()
    junk = b"MZ junk that is not part of any bundle " * 50
    bundle.write_bytes(junk + data if where == "before" else data + junk)
    with pytest.raises(BundleError) as refused:
        verify_bundle(bundle)
    assert refused.value.check == "zip-junk"


def _sizes(name: bytes, data: bytes) -> tuple[int, int, int, int]:
    """CRC-32, compressed and uncompressed size (stored), name length."""
    return zlib.crc32(data), len(data), len(data), len(name)


def _local(name: bytes, data: bytes) -> bytes:
    head = struct.pack("<4sHHHHH", b"PK\x03\x04", 20, 0, 0, 0, 0x21)
    return head + struct.pack("<IIIHH", *_sizes(name, data), 0) + name + data


def _central(name: bytes, data: bytes, offset: int) -> bytes:
    head = struct.pack("<4sHHHHHH", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21)
    tail = struct.pack("<HHHHII", 0, 0, 0, 0, 0o100644 << 16, offset)
    return head + struct.pack("<IIIH", *_sizes(name, data)) + tail + name


def _end(count: int, size: int, offset: int) -> bytes:
    return struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, offset, 0)


def test_overlapping_entries_are_refused(tmp_path: Path) -> None:
    """CVE-2024-0450 style: entry b's header and data lie inside entry a's data."""
    inner = _local(b"bag/b.txt", b"hidden")
    outer = _local(b"bag/a.txt", inner)
    directory = _central(b"bag/a.txt", inner, 0) + _central(b"bag/b.txt", b"hidden", 30 + 9)
    path = tmp_path / "overlap.cfbundle"
    path.write_bytes(outer + directory + _end(2, len(directory), len(outer)))
    with zipfile.ZipFile(path) as archive:  # Python's own reader lists both
        assert len(archive.infolist()) == 2
    with pytest.raises(BundleError) as refused:
        BundleArchive(path, BundleLimits())
    assert refused.value.check == "zip-overlap"


@pytest.mark.parametrize("change", ["name", "method", "size"])
def test_a_local_header_disagreeing_with_the_directory_is_refused(
    tmp_path: Path, change: str
) -> None:
    data = b"content"
    local = _local(b"bag/a.txt", data)
    if change == "name":
        local = local.replace(b"bag/a.txt", b"bag/b.txt")
    elif change == "method":
        local = local[:8] + struct.pack("<H", 8) + local[10:]
    else:
        local = local[:18] + struct.pack("<I", 3) + local[22:]
    directory = _central(b"bag/a.txt", data, 0)
    path = tmp_path / "mismatch.cfbundle"
    path.write_bytes(local + directory + _end(1, len(directory), len(local)))
    with pytest.raises(BundleError) as refused:
        BundleArchive(path, BundleLimits())
    assert refused.value.check == "zip-header-mismatch"


@pytest.mark.parametrize(
    "name", ["CONIN$", "CONOUT$", "COM\u00b9", "LPT\u00b3.txt", "con .txt", "aux.pdf", "nul"]
)
def test_windows_unsafe_names_are_refused(tmp_path: Path, name: str) -> None:
    assert path_problem(f"data/{name}") == "uses a name reserved by Windows"
    key = Ed25519PrivateKey.generate()
    with pytest.raises(ValueError):  # the writer refuses to make one
        signed_bundle(
            tmp_path / "w.cfbundle", key, extra_payload=[PayloadItem(f"data/{name}", b"1")]
        )


@pytest.mark.parametrize(
    "identifier",
    [
        "{6f1c1c0e-9d5e-4a43-9a0e-9f0d8c1b2a3c}",
        "urn:uuid:6f1c1c0e-9d5e-4a43-9a0e-9f0d8c1b2a3c",
        "6F1C1C0E-9D5E-4A43-9A0E-9F0D8C1B2A3C",
        "6f1c1c0e9d5e4a439a0e9f0d8c1b2a3c",
    ],
)
def test_an_external_identifier_only_in_plain_uuid_form(tmp_path: Path, identifier: str) -> None:
    import json

    from desktop_app.exchange.bundle_write import write_bundle
    from desktop_app.exchange.sshsig import public_key_line

    key = Ed25519PrivateKey.generate()
    bundle = tmp_path / "id.cfbundle"
    write_bundle(
        bundle,
        name="id",
        bag_info={
            "Source-Organization": "Oxtown Borough Council",
            "Bundle-Type": "self-assessment",
            "External-Identifier": identifier,
        },
        payload=[PayloadItem("data/bundle.json", json.dumps(document()).encode())],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), "F, Oxtown Borough Council"),
    )
    with pytest.raises(BundleError) as refused:
        verify_bundle(bundle)
    assert refused.value.check == "bag-info" and "External-Identifier" in refused.value.message


def test_too_many_records_are_refused_before_anything_is_stored(
    database: Database, tmp_path: Path
) -> None:
    bundle = signed_bundle(
        tmp_path / "many.cfbundle", Ed25519PrivateKey.generate(), content=document(records=10_001)
    )
    with pytest.raises(ImportRefusedError) as refused, checked_bundle(database, bundle):
        pass
    assert refused.value.check == "budget" and "10001 records" in refused.value.message


def test_too_many_answers_in_one_record_are_refused(database: Database, tmp_path: Path) -> None:
    content = document()
    content["assessments"][0]["answers"] = {f"q{i}": "a" for i in range(2_001)}
    bundle = signed_bundle(
        tmp_path / "wide.cfbundle", Ed25519PrivateKey.generate(), content=content
    )
    with pytest.raises(ImportRefusedError) as refused:
        import_bundle(database, bundle, keep_untrusted=True)
    assert refused.value.check == "budget" and "2001 answers" in refused.value.message


def _age_file(path: Path, stanzas: int) -> Path:
    header = b"age-encryption.org/v1\n"
    for number in range(stanzas):
        header += f"-> X25519 bogus{number}\nAAAA\n".encode()
    path.write_bytes(header + b"--- AAAA\n" + bytes(64))
    return path


def test_age_recipient_stanzas_are_counted_before_the_age_library_sees_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyrage

    def never(*_args: object) -> None:
        raise AssertionError("the age library was handed a hostile header")

    monkeypatch.setattr(pyrage, "decrypt_file", never)
    hostile = _age_file(tmp_path / "many.cfbundle", 20_000)
    with pytest.raises(EncryptionError, match=r"far larger|recipients"):
        decrypt_file(hostile, tmp_path / "out", str(x25519.Identity.generate()))
    assert check_age_header(_age_file(tmp_path / "few.cfbundle", 3)) == 3
    with pytest.raises(EncryptionError, match="65 recipients"):
        check_age_header(_age_file(tmp_path / "65.cfbundle", 65))


def test_a_truncated_age_file_is_refused_as_damaged(tmp_path: Path) -> None:
    identity = x25519.Identity.generate()
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * 1000)
    sealed = tmp_path / "sealed.cfbundle"
    encrypt_file(plain, sealed, [str(identity.to_public())])
    sealed.write_bytes(sealed.read_bytes()[:-5000])
    with pytest.raises(EncryptionError, match="damaged or cut short"):
        decrypt_file(sealed, tmp_path / "out.cfbundle", str(identity))
    assert not (tmp_path / "out.cfbundle").exists()
