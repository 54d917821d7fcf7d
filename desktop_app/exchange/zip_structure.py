"""The byte layout of a bundle's ZIP, checked before Python's zipfile reads a single entry.

Python's zipfile is forgiving: it accepts data before the first entry or after the central
directory, entries whose local header disagrees with the central directory, and (before
CPython 3.11.8, CVE-2024-0450) entries that overlap one another. A bundle is written by
Critical Friend in one pass, so its layout is exact and anything else is refused:

- the end-of-central-directory record (PKWARE APPNOTE.TXT 4.3.16) is the last 22 bytes of the
  file, with no ZIP comment and no ZIP64 records (bundles are far below ZIP64's sizes);
- the central directory ends exactly where that record starts;
- the first local header is at byte 0, and the entries follow one another with no gap and no
  overlap, the last one ending where the central directory starts;
- every local header (APPNOTE 4.3.7) gives the same name, method, flags and (when no data
  descriptor follows) the same CRC-32 and sizes as its central directory entry.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from desktop_app.exchange.bundle_errors import BundleError

_EOCD = struct.Struct("<4sHHHHIIH")  # signature, disk, cd disk, entries here, entries, size, offset
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_EOCD_SIGNATURE = b"PK\x05\x06"
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_DATA_DESCRIPTOR_FLAG = 0x08


@dataclass(frozen=True)
class CentralEntry:
    """One central directory entry as stored (the name as raw bytes)."""

    name: bytes
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    local_offset: int


def _refuse(message: str, check: str = "zip-layout") -> BundleError:
    return BundleError(message, None, check)


def check_zip_layout(handle: BinaryIO, file_size: int, max_entries: int) -> list[CentralEntry]:
    """Check the layout above on an open file of `file_size` bytes; return the entries.

    Raises BundleError (check "zip-junk", "zip-layout", "zip-overlap", "zip-header-mismatch" or
    "too-many-entries") naming what is wrong. Reads the central directory (at most
    `max_entries` entries) and one local header per entry: never the entries' data.
    """
    if file_size < _EOCD.size:
        raise _refuse("This file is not a bundle: it is too short to be a ZIP file.", "not-a-zip")
    handle.seek(file_size - _EOCD.size)
    (
        signature,
        disk,
        cd_disk,
        entries_here,
        entries,
        cd_size,
        cd_offset,
        comment_length,
    ) = _EOCD.unpack(handle.read(_EOCD.size))
    if signature != _EOCD_SIGNATURE or comment_length != 0:
        raise _refuse(
            "The file has data after the end of its ZIP (or a ZIP comment); a bundle ends "
            "exactly where its ZIP ends, so it was refused.",
            "zip-junk",
        )
    if disk or cd_disk or entries_here != entries:
        raise _refuse("The bundle is a multi-part ZIP, which bundles never are.")
    if entries > max_entries:
        raise BundleError(
            f"The bundle holds {entries} files; at most {max_entries} are accepted.",
            None,
            "too-many-entries",
        )
    if file_size >= _EOCD.size + 20:
        handle.seek(file_size - _EOCD.size - 20)
        if handle.read(4) == _ZIP64_LOCATOR_SIGNATURE:
            raise _refuse("The bundle uses ZIP64 records, which bundles never need.")
    if cd_offset + cd_size != file_size - _EOCD.size:
        raise _refuse(
            "The file has data before its ZIP or between its entries and its directory; "
            "it was refused.",
            "zip-junk",
        )
    central = _read_central_directory(handle, cd_offset, cd_size, entries)
    _check_local_headers(handle, central, cd_offset)
    return central


def _read_central_directory(
    handle: BinaryIO, offset: int, size: int, count: int
) -> list[CentralEntry]:
    handle.seek(offset)
    data = handle.read(size)
    if len(data) != size:
        raise _refuse("The bundle's ZIP directory is cut short.")
    result: list[CentralEntry] = []
    position = 0
    for _ in range(count):
        if position + _CENTRAL.size > size:
            raise _refuse("The bundle's ZIP directory is cut short.")
        fields = _CENTRAL.unpack_from(data, position)
        if fields[0] != _CENTRAL_SIGNATURE:
            raise _refuse("The bundle's ZIP directory is damaged.")
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        start = position + _CENTRAL.size
        end = start + name_length + extra_length + comment_length
        if end > size:
            raise _refuse("The bundle's ZIP directory is cut short.")
        result.append(
            CentralEntry(
                name=data[start : start + name_length],
                flags=fields[3],
                method=fields[4],
                crc=fields[7],
                compressed_size=fields[8],
                size=fields[9],
                local_offset=fields[16],
            )
        )
        position = end
    if position != size:
        raise _refuse("The bundle's ZIP directory holds more than its entries.")
    return result


def _check_local_headers(handle: BinaryIO, central: list[CentralEntry], cd_offset: int) -> None:
    expected_offset = 0
    for entry in sorted(central, key=lambda item: item.local_offset):
        shown = entry.name.decode("utf-8", "replace")
        if entry.local_offset != expected_offset:
            if entry.local_offset < expected_offset:
                raise BundleError(
                    f"{shown} overlaps another entry of the ZIP (a crafted file); refused.",
                    None,
                    "zip-overlap",
                )
            raise _refuse(
                "The file has data before its ZIP or between its entries; it was refused.",
                "zip-junk",
            )
        handle.seek(entry.local_offset)
        raw = handle.read(_LOCAL.size)
        if len(raw) != _LOCAL.size:
            raise _refuse(f"{shown} is cut short inside the bundle.")
        (
            signature,
            _version,
            flags,
            method,
            _time,
            _date,
            crc,
            compressed_size,
            size,
            name_length,
            extra_length,
        ) = _LOCAL.unpack(raw)
        name = handle.read(name_length)
        has_descriptor = bool(flags & _DATA_DESCRIPTOR_FLAG)
        same = (
            signature == _LOCAL_SIGNATURE
            and name == entry.name
            and method == entry.method
            and flags == entry.flags
            and (
                has_descriptor
                or (crc, compressed_size, size) == (entry.crc, entry.compressed_size, entry.size)
            )
        )
        if not same:
            raise BundleError(
                f"{shown}: its local ZIP header disagrees with the ZIP directory (name, method, "
                "flags or sizes); a crafted or damaged file, refused.",
                shown,
                "zip-header-mismatch",
            )
        data_end = entry.local_offset + _LOCAL.size + name_length + extra_length
        data_end += entry.compressed_size
        if has_descriptor:
            handle.seek(data_end)
            data_end += 16 if handle.read(4) == _DESCRIPTOR_SIGNATURE else 12
        expected_offset = data_end
    if expected_offset != cd_offset:
        if expected_offset > cd_offset:
            raise BundleError(
                "The last ZIP entry runs into the ZIP directory (a crafted file); refused.",
                None,
                "zip-overlap",
            )
        raise _refuse(
            "The file has data between its ZIP entries and directory; refused.", "zip-junk"
        )
