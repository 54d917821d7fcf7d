"""Writing a signed bundle: a ZIP holding one BagIt bag, its tag manifest signed with SSHSIG.

Payload files are streamed (hashed while copied, 1 MiB at a time); the ZIP is written to a
temporary file beside the target and renamed into place, so a failure leaves no partial file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.exchange.bag import (
    BAG_INFO_TXT,
    BAGIT_TXT,
    BAGIT_TXT_CONTENT,
    BUNDLE_JSON,
    MANIFEST_TXT,
    SIGNATURE_FILE,
    SIGNER_PUB,
    TAGMANIFEST_TXT,
    bag_info_text,
    manifest_text,
    path_problem,
    payload_oxum,
)
from desktop_app.exchange.bundle_archive import PARALLEL_READS
from desktop_app.exchange.sshsig import (
    BUNDLE_NAMESPACE,
    fingerprint,
    parse_public_key_line,
    sign_sshsig,
)
from desktop_app.exchange.written_digests import WrittenDigests
from desktop_app.output_files import put_in_place

BUNDLE_FORMAT = "critical-friend-bundle/1"
CHUNK_SIZE = 1024 * 1024
_COMPRESSED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".docx", ".xlsx"}
_COMPRESSED_MAGIC = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"PK\x03\x04", b"GIF8", b"age-enc")
_REQUIRED_FIELDS = ("Source-Organization", "Bundle-Type")
_WRITER_FIELDS = ("Payload-Oxum", "Bagging-Date")


@dataclass(frozen=True)
class PayloadItem:
    """One payload file: where it goes in the bag (`data/...`) and where its bytes come from.

    `known_sha512`, when given, is called with the number of bytes copied and returns the
    source's SHA-512 hex taken beforehand (e.g. `source_digests.SourceDigests`), or None when it
    cannot vouch for those bytes; then the writer hashes what it wrote, as without it.
    """

    arcname: str
    source: Path | bytes
    known_sha512: Callable[[int], str | None] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BundleWritten:
    """A written bundle. `file_sha256` is the SHA-256 hex of the whole file, taken while it was
    written ("" where positioned reads are missing, i.e. on Windows: hash the file then)."""

    path: Path
    sha512_of_tagmanifest: str
    external_identifier: str
    size: int
    file_sha256: str = ""


def write_bundle(
    out: Path,
    *,
    name: str,
    bag_info: Mapping[str, str],
    payload: Sequence[PayloadItem],
    signing_key: Ed25519PrivateKey,
    signer_line: str,
) -> BundleWritten:
    """Write `out` as a signed bundle whose single folder is `name`.

    `bag_info` must give Source-Organization and Bundle-Type; External-Identifier (a UUID4),
    Bundle-Sequence (1), Created (now, UTC) and Bundle-Format are filled in unless given;
    In-Response-To is written only when given. Any other labels are kept as passed.
    """
    fields = _bag_info_fields(bag_info)
    _check_inputs(name, payload, signing_key, signer_line)
    out = Path(out)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "w+b") as raw:
            tagmanifest, file_digest = _write_zip(
                raw, name, fields, payload, signing_key, signer_line
            )
            raw.flush()
            os.fsync(raw.fileno())
            size = raw.tell()
        put_in_place(temp_path, out)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return BundleWritten(
        path=out,
        sha512_of_tagmanifest=hashlib.sha512(tagmanifest).hexdigest(),
        external_identifier=fields["External-Identifier"],
        size=size,
        file_sha256=file_digest,
    )


def _bag_info_fields(bag_info: Mapping[str, str]) -> dict[str, str]:
    for label in _REQUIRED_FIELDS:
        if not bag_info.get(label, "").strip():
            raise ValueError(f"bag-info needs {label}")
    for label in _WRITER_FIELDS:
        if label in bag_info:
            raise ValueError(f"bag-info {label} is computed by the writer; do not pass it")
    now = datetime.now(UTC).replace(microsecond=0)
    fields = {
        "Source-Organization": bag_info["Source-Organization"],
        "Bagging-Date": now.date().isoformat(),
        "Payload-Oxum": "",
        "External-Identifier": bag_info.get("External-Identifier") or str(uuid.uuid4()),
        "Bundle-Type": bag_info["Bundle-Type"],
        "Bundle-Sequence": bag_info.get("Bundle-Sequence", "1"),
        "Created": bag_info.get("Created", now.isoformat().replace("+00:00", "Z")),
        "Bundle-Format": bag_info.get("Bundle-Format", BUNDLE_FORMAT),
    }
    if bag_info.get("In-Response-To"):
        fields["In-Response-To"] = bag_info["In-Response-To"]
    for label, value in bag_info.items():
        fields.setdefault(label, value)
    uuid.UUID(fields["External-Identifier"])  # a malformed identifier raises ValueError here
    if not fields["Bundle-Sequence"].isdigit():
        raise ValueError("Bundle-Sequence must be a whole number")
    bag_info_text(fields)  # validates every label and value before anything is written
    return fields


def _check_inputs(
    name: str, payload: Sequence[PayloadItem], key: Ed25519PrivateKey, signer_line: str
) -> None:
    if "/" in name or path_problem(name) is not None:
        raise ValueError(f"bundle folder name {name!r} is not a safe single folder name")
    seen: set[str] = set()
    for item in payload:
        problem = path_problem(item.arcname)
        if not item.arcname.startswith("data/") or problem is not None:
            raise ValueError(f"payload path {item.arcname!r} must be a safe path under data/")
        if item.arcname.casefold() in seen:
            raise ValueError(f"payload path {item.arcname!r} is given twice")
        seen.add(item.arcname.casefold())
    if BUNDLE_JSON not in seen:
        raise ValueError("a bundle needs data/bundle.json")
    public_key, _comment = parse_public_key_line(signer_line)
    if fingerprint(public_key) != fingerprint(key.public_key()):
        raise ValueError("signer_line is not the public half of signing_key")


def _write_zip(
    raw: BinaryIO,
    name: str,
    fields: dict[str, str],
    payload: Sequence[PayloadItem],
    signing_key: Ed25519PrivateKey,
    signer_line: str,
) -> tuple[bytes, str]:
    """Write the ZIP; return the tag manifest and the file's SHA-256 hex ("" without
    `PARALLEL_READS`, see `BundleWritten`)."""
    if not PARALLEL_READS:
        with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
            tagmanifest = _write_bag(
                archive, raw, None, name, fields, payload, signing_key, signer_line
            )
        return tagmanifest, ""
    with WrittenDigests(raw.fileno()) as written:
        with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
            tagmanifest = _write_bag(
                archive, raw, written, name, fields, payload, signing_key, signer_line
            )
        raw.flush()
        written.advance(raw.tell())
        return tagmanifest, written.file_sha256()


def _write_bag(
    archive: zipfile.ZipFile,
    raw: BinaryIO,
    written: WrittenDigests | None,
    name: str,
    fields: dict[str, str],
    payload: Sequence[PayloadItem],
    signing_key: Ed25519PrivateKey,
    signer_line: str,
) -> bytes:
    """The bag's entries in `archive` (writing to `raw`); returns the tag manifest. With
    `written`, stored payload entries are hashed from the file by its thread as they are done."""
    _add_bytes(archive, f"{name}/{BAGIT_TXT}", BAGIT_TXT_CONTENT)
    hashed: list[tuple[str, str | Future[str]]] = []
    total = 0
    for item in payload:
        digest, size = _add_payload(archive, raw, written, f"{name}/{item.arcname}", item)
        hashed.append((item.arcname, digest))
        total += size
    digests = [
        (arcname, digest if isinstance(digest, str) else digest.result())
        for arcname, digest in hashed
    ]
    fields["Payload-Oxum"] = payload_oxum(total, len(payload))
    tag_files = {
        BAG_INFO_TXT: bag_info_text(fields),
        MANIFEST_TXT: manifest_text(digests),
        SIGNER_PUB: (signer_line.strip() + "\n").encode("utf-8"),
    }
    for tag_name, content in tag_files.items():
        _add_bytes(archive, f"{name}/{tag_name}", content)
    tag_files[BAGIT_TXT] = BAGIT_TXT_CONTENT
    tagmanifest = manifest_text(
        (tag_name, hashlib.sha512(content).hexdigest()) for tag_name, content in tag_files.items()
    )
    _add_bytes(archive, f"{name}/{TAGMANIFEST_TXT}", tagmanifest)
    signature = sign_sshsig(tagmanifest, signing_key, BUNDLE_NAMESPACE)
    _add_bytes(archive, f"{name}/{SIGNATURE_FILE}", signature.encode("ascii"))
    return tagmanifest


def _zip_info(arcname: str, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = (0o100644 << 16) if not arcname.endswith("/") else (0o40755 << 16)
    return info


def _add_bytes(archive: zipfile.ZipFile, arcname: str, content: bytes) -> None:
    archive.writestr(_zip_info(arcname, compress=True), content)


def _add_payload(
    archive: zipfile.ZipFile,
    raw: BinaryIO,
    written: WrittenDigests | None,
    arcname: str,
    item: PayloadItem,
) -> tuple[str | Future[str], int]:
    """Copy one payload file into the archive; return its SHA-512 hex (or, for a stored entry
    with `written`, the Future of it, taken from the file by `written`'s thread, unless the
    item's `known_sha512` gives it) and size."""
    chunks = _chunks(item.source)
    first = next(chunks, b"")
    compress = not looks_compressed(arcname, bytes(first[:65536]))
    info = _zip_info(arcname, compress=compress)
    digest = hashlib.sha512() if written is None or compress else None
    size = 0
    with archive.open(info, "w", force_zip64=True) as member:
        start = raw.tell()  # zipfile has just written the local header: the data starts here
        chunk = first
        while chunk:
            if digest is not None:
                digest.update(chunk)
            member.write(chunk)
            size += len(chunk)
            chunk = next(chunks, b"")
    if written is None:
        assert digest is not None
        return digest.hexdigest(), size
    raw.flush()  # zipfile rewrote the local header: everything so far is final
    if digest is not None:
        written.advance(raw.tell())
        return digest.hexdigest(), size
    known = item.known_sha512(size) if item.known_sha512 is not None else None
    if known is not None:
        written.advance(raw.tell())  # the file's SHA-256 still reads every byte written
        return known, size
    return written.advance(raw.tell(), (start, size)), size


def _chunks(source: Path | bytes) -> Iterator[bytes | memoryview]:
    """The source's bytes, CHUNK_SIZE at a time. A file is read into one reused buffer (a new
    1 MiB object per read cost page faults): each chunk is valid until the next is asked for."""
    view = memoryview(source) if isinstance(source, bytes) else None
    if view is not None:
        for start in range(0, len(view), CHUNK_SIZE):
            yield view[start : start + CHUNK_SIZE]
        return
    buffer = bytearray(CHUNK_SIZE)
    whole = memoryview(buffer)
    with open(source, "rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            yield whole[:size]


def looks_compressed(arcname: str, first_chunk: bytes) -> bool:
    """Already-compressed content is stored: by suffix, by magic bytes, or by a quick trial
    (deflated at level 1, it keeps more than 95% of its size). `first_chunk`: the file's first
    bytes (the writer passes up to 64 KiB of its first read)."""
    if Path(arcname).suffix.lower() in _COMPRESSED_SUFFIXES:
        return True
    if first_chunk.startswith(_COMPRESSED_MAGIC):
        return True
    sample = first_chunk[:65536]
    return len(sample) >= 4096 and len(zlib.compress(sample, 1)) > 0.95 * len(sample)
