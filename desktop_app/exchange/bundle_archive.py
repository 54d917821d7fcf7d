"""Reading a bundle's ZIP without trusting it: the listing is checked before any content is read,
and every size and compression ratio is counted on the bytes actually decompressed."""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.bag import path_problem
from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.zip_structure import check_zip_layout

CHUNK_SIZE = 1024 * 1024
# Stored files may be read by several threads at once where positioned reads exist (not on
# Windows).
PARALLEL_READS = hasattr(os, "pread")
_MiB = 1024 * 1024
# RuntimeError covers zipfile's own refusals: encrypted entries, and ZIP versions or features it
# does not support (found by the fuzz test: a mutated "version needed" byte).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    ValueError,
    struct.error,
    RuntimeError,
    OverflowError,
    IndexError,
    KeyError,
)


@dataclass(frozen=True)
class BundleLimits:
    """Caps that keep any sender's bundle from filling the disk, the memory or the time.

    Sized to this product's real bundles (README "What a bundle may hold"): a 2,000-audit visit
    with every case-audit answer filled makes a bundle.json of about 10 MiB; reports are PDFs of a
    few MiB and attachments are documents and photographs. Everything is counted on the bytes
    actually read, never on what the ZIP claims. Units: bytes, entries, and the ratio of
    uncompressed to compressed bytes of one entry.
    """

    max_bundle_bytes: int = 1024 * _MiB
    max_entries: int = 5_000
    max_file_bytes: int = 256 * _MiB
    max_total_bytes: int = 1024 * _MiB
    max_ratio: int = 100
    ratio_grace_bytes: int = 4 * _MiB
    max_tag_file_bytes: int = 8 * _MiB
    max_json_bytes: int = 64 * _MiB
    max_json_depth: int = 64


DEFAULT_LIMITS = BundleLimits()


class BundleArchive:
    """An open bundle ZIP whose listing has passed every check.

    `files` maps each file's path inside the bag folder (e.g. "data/bundle.json") to its entry.
    Stored (uncompressed) files may be read from several threads at once (`extract`,
    `hash_only`); compressed ones from one thread at a time.
    """

    def __init__(self, path: Path, limits: BundleLimits) -> None:
        self._limits = limits
        self._total_read = 0
        self._count_lock = threading.Lock()
        self._stopped = threading.Event()
        try:
            # One open file for the layout check, zipfile and the stored entries' reads, so all
            # of them read the same file even if something replaces `path` meanwhile.
            self._handle = open(path, "rb")  # noqa: SIM115  (closed by close())
        except OSError as error:
            message = f"The bundle file cannot be read ({error.strerror})."
            raise BundleError(message, None, "read") from None
        try:
            self._open(limits)
        except BaseException:
            self._handle.close()
            raise

    def _open(self, limits: BundleLimits) -> None:
        try:
            size = os.fstat(self._handle.fileno()).st_size
        except OSError as error:
            message = f"The bundle file cannot be read ({error.strerror})."
            raise BundleError(message, None, "read") from None
        if size > limits.max_bundle_bytes:
            raise BundleError(
                f"The bundle file is larger than this program accepts "
                f"({limits.max_bundle_bytes // _MiB} MiB).",
                None,
                "size",
            )
        try:
            layout = check_zip_layout(self._handle, size, limits.max_entries)
            self._zip = zipfile.ZipFile(self._handle)
            entries = self._zip.infolist()
        except OSError as error:
            message = f"The bundle file cannot be read ({error.strerror})."
            raise BundleError(message, None, "read") from None
        except _ZIP_ERRORS:
            raise BundleError(
                "This file is not a bundle: it is not a ZIP file, or it is damaged or cut short.",
                None,
                "not-a-zip",
            ) from None
        try:
            if len(entries) != len(layout) or any(
                entry.compress_size != central.compressed_size or entry.file_size != central.size
                for entry, central in zip(entries, layout, strict=True)
            ):
                raise BundleError(
                    "The bundle's ZIP directory cannot be read consistently; refused.",
                    None,
                    "zip-layout",
                )
            # zipfile lists the entries in the directory's order, as check_zip_layout does.
            self._data_offsets = {
                entry.filename: central.data_offset
                for entry, central in zip(entries, layout, strict=True)
            }
            self.top_folder, self.files = self._check_listing(entries)
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()
        self._handle.close()

    def is_stored(self, inner: str) -> bool:
        """True when `inner` is stored uncompressed (so it may be read on another thread)."""
        return self.files[inner].compress_type == zipfile.ZIP_STORED

    def stop(self) -> None:
        """Make every read still going on another thread end at its next chunk (BundleError
        "stopped"): the caller has already refused the bundle."""
        self._stopped.set()

    def _count(self, inner: str, size: int) -> None:
        """Add `size` bytes read to the bundle's total; refused past `max_total_bytes`."""
        with self._count_lock:
            self._total_read += size
            over = self._total_read > self._limits.max_total_bytes
        if over:
            raise BundleError(
                "The bundle unpacks to more data than this program accepts.",
                inner,
                "total-size",
            )
        if self._stopped.is_set():
            raise BundleError("The check of this bundle was stopped.", inner, "stopped")

    def _check_listing(
        self, entries: list[zipfile.ZipInfo]
    ) -> tuple[str, dict[str, zipfile.ZipInfo]]:
        limits = self._limits
        if len(entries) > limits.max_entries:
            raise BundleError(
                f"The bundle holds {len(entries)} files; "
                f"at most {limits.max_entries} are accepted.",
                None,
                "too-many-entries",
            )
        if not entries:
            raise BundleError("The bundle is an empty ZIP file.", None, "empty")
        tops: set[str] = set()
        files: dict[str, zipfile.ZipInfo] = {}
        folded_files: set[str] = set()
        folded_folders: set[str] = set()
        seen_names: set[str] = set()
        for entry in entries:
            name = entry.filename
            self._check_entry(entry)
            folded = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
            if name in seen_names:
                raise BundleError(f"The bundle lists {name} twice.", name, "duplicate-name")
            if folded in seen_names:
                raise BundleError(
                    f"The bundle holds two files whose names differ only in capitals: {name}.",
                    name,
                    "case-collision",
                )
            seen_names.update((name, folded))
            top, _sep, inner = name.partition("/")
            tops.add(top)
            parts = folded.split("/")
            folded_folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
            if name.endswith("/"):
                folded_folders.add(folded)
                continue
            if not inner:
                raise BundleError(
                    f"{name} lies outside the bundle's folder; a bundle holds exactly one folder.",
                    name,
                    "one-folder",
                )
            folded_files.add(folded)
            files[inner] = entry
        if len(tops) != 1:
            raise BundleError(
                "A bundle must hold exactly one folder, and this one holds "
                f"{len(tops)} top-level items.",
                None,
                "one-folder",
            )
        clash = folded_files & folded_folders
        if clash:
            name = sorted(clash)[0]
            raise BundleError(f"{name} is both a file and a folder.", name, "case-collision")
        return tops.pop(), files

    def _check_entry(self, entry: zipfile.ZipInfo) -> None:
        name = entry.filename
        if entry.orig_filename != name or "\\" in name:
            raise BundleError(
                f"The bundle has a file with an unsafe name: {name!r}.", name, "unsafe-path"
            )
        problem = path_problem(name.rstrip("/"))
        if problem is not None:
            raise BundleError(
                f"The bundle has a file whose path {problem}: {name!r}.", name, "unsafe-path"
            )
        mode = entry.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise BundleError(
                f"{name} is a symbolic link; bundles may not hold links.", name, "link"
            )
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise BundleError(f"{name} is not a plain file.", name, "special-file")
        if entry.flag_bits & 0x1:
            raise BundleError(
                f"{name} is password-protected inside the ZIP.", name, "zip-encryption"
            )
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(
                f"{name} uses a compression this program does not accept.", name, "zip-method"
            )
        if entry.file_size > self._limits.max_file_bytes:
            raise BundleError(f"{name} is larger than this program accepts.", name, "file-size")

    def read_small(self, inner: str, cap: int) -> bytes:
        """The whole content of a small file (a tag file), refused if it grows past `cap`."""
        return b"".join(self._stream(inner, cap))

    def extract(self, inner: str, dest: Path, *, sha256: bool = False) -> tuple[str, int, str]:
        """Copy one file to `dest` (which must not exist) in one pass over its bytes; return its
        SHA-512 hex, its size and, when `sha256` is asked for, its SHA-256 hex (else "")."""
        digest = hashlib.sha512()
        second = hashlib.sha256() if sha256 else None
        size = 0
        with open(dest, "xb") as out:
            for chunk in self._stream(inner, self._limits.max_file_bytes):
                digest.update(chunk)
                if second is not None:
                    second.update(chunk)
                out.write(chunk)
                size += len(chunk)
        return digest.hexdigest(), size, second.hexdigest() if second is not None else ""

    def hash_only(self, inner: str, *, sha256: bool = False) -> tuple[str, int, str]:
        """SHA-512 hex, size and, when `sha256` is asked for, SHA-256 hex (else "") of one
        file, read through once and dropped (nothing is written)."""
        digest = hashlib.sha512()
        second = hashlib.sha256() if sha256 else None
        size = 0
        for chunk in self._stream(inner, self._limits.max_file_bytes):
            digest.update(chunk)
            if second is not None:
                second.update(chunk)
            size += len(chunk)
        return digest.hexdigest(), size, second.hexdigest() if second is not None else ""

    def stream(self, inner: str, cap: int) -> Iterator[bytes]:
        """The content of one file in chunks, refused (BundleError) past `cap` or the limits."""
        return self._stream(inner, cap)

    def _stream(self, inner: str, cap: int) -> Iterator[bytes]:
        entry = self.files[inner]
        if entry.compress_type == zipfile.ZIP_STORED:
            return self._stream_stored(inner, entry, cap)
        return self._stream_deflated(inner, entry, cap)

    def _stream_stored(self, inner: str, entry: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
        """A stored entry's bytes read straight from where the checked layout puts them.

        No CRC-32 is computed (zipfile would): every file of a bundle is checked against its
        SHA-512 in the signed manifests, which any change fails.
        """
        start = self._data_offsets[entry.filename]
        size = entry.file_size
        if entry.compress_size != size:
            raise BundleError(
                f"{inner} is damaged inside the bundle (its size is wrong).", inner, "zip-damaged"
            )
        if size > cap:
            raise BundleError(f"{inner} is larger than this program accepts.", inner, "file-size")
        counted = 0
        while counted < size:
            chunk = self._read_at(start + counted, min(CHUNK_SIZE, size - counted))
            if not chunk:
                raise BundleError(f"{inner} is cut short inside the bundle.", inner, "zip-damaged")
            counted += len(chunk)
            self._count(inner, len(chunk))
            yield chunk

    def _read_at(self, offset: int, size: int) -> bytes:
        """Up to `size` bytes at `offset`. With `os.pread` (POSIX) the shared file's position is
        left alone, so threads may read at once (see `PARALLEL_READS`); elsewhere a seek and a
        read, for one thread at a time."""
        if PARALLEL_READS:
            return os.pread(self._handle.fileno(), size, offset)
        self._handle.seek(offset)  # other reads may have moved the shared file
        return self._handle.read(size)

    def _stream_deflated(self, inner: str, entry: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
        limits = self._limits
        compressed = max(entry.compress_size, 1)
        counted = 0
        try:
            with self._zip.open(entry) as member:
                while chunk := member.read(CHUNK_SIZE):
                    counted += len(chunk)
                    if counted > cap:
                        raise BundleError(
                            f"{inner} is larger than this program accepts.", inner, "file-size"
                        )
                    self._count(inner, len(chunk))
                    if (
                        counted > limits.ratio_grace_bytes
                        and counted / compressed > limits.max_ratio
                    ):
                        raise BundleError(
                            f"{inner} is compressed far more than real documents are "
                            "(a 'zip bomb'); the bundle is refused.",
                            inner,
                            "compression-ratio",
                        )
                    yield chunk
        except _ZIP_ERRORS:
            raise BundleError(
                f"{inner} is damaged inside the bundle (the ZIP data does not read back).",
                inner,
                "zip-damaged",
            ) from None
        if counted != entry.file_size:
            raise BundleError(
                f"{inner} is damaged inside the bundle (its size is wrong).", inner, "zip-damaged"
            )
