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
from dataclasses import dataclass, replace
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
_ZIP64_MARK = 0xFFFFFFFF


@dataclass(frozen=True)
class CentralEntry:
    """One central directory entry as stored (the name as raw bytes); `data_offset` is where
    its data starts in the file (after its local header), once the local headers are checked."""

    name: bytes
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    local_offset: int
    data_offset: int = -1


def _refuse(message: str, check: str = "zip-layout") -> BundleError:
    return BundleError(message, None, check)


def check_zip_layout(handle: BinaryIO, file_size: int, max_entries: int) -> list[CentralEntry]:
    """Check the layout above on an open file of `file_size` bytes; return the entries.

    Raises BundleError (check "zip-junk", "zip-layout", "zip-overlap", "zip-header-mismatch" or
    "too-many-entries") naming what is wrong. Reads the central directory (at most
    `max_entries` entries) and one local header per entry: never the entries' data. The entries
    come in the directory's order, each with its `data_offset`.
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
        handle.seek(max(0, file_size - _EOCD.size - 65535))
        if _EOCD_SIGNATURE not in handle.read():
            raise _refuse(
                "This file is not a bundle: it is not a ZIP file, or it is damaged or cut short.",
                "not-a-zip",
            )
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
    starts = _check_local_headers(handle, central, cd_offset)
    return [replace(entry, data_offset=starts[entry.local_offset]) for entry in central]


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
        extra = data[start + name_length : start + name_length + extra_length]
        usize, csize, offset = _zip64_values(extra, (fields[9], fields[8], fields[16]))
        result.append(
            CentralEntry(
                name=data[start : start + name_length],
                flags=fields[3],
                method=fields[4],
                crc=fields[7],
                compressed_size=csize,
                size=usize,
                local_offset=offset,
            )
        )
        position = end
    if position != size:
        raise _refuse("The bundle's ZIP directory holds more than its entries.")
    return result


def _zip64_values(extra: bytes, values: tuple[int, ...]) -> tuple[int, ...]:
    """Replace each 0xFFFFFFFF value by the next 8-byte value of the ZIP64 extra field.

    APPNOTE 4.5.3: the ZIP64 extended information extra field (header ID 0x0001) holds, in this
    order, only the values whose 32-bit fields are 0xFFFFFFFF. Python's zipfile writes it in the
    local header of every entry streamed with force_zip64. A missing or short field: refused.
    """
    if _ZIP64_MARK not in values:
        return values
    position = 0
    while position + 4 <= len(extra):
        header_id, length = struct.unpack_from("<HH", extra, position)
        body = extra[position + 4 : position + 4 + length]
        position += 4 + length
        if header_id != 1:
            continue
        replaced: list[int] = []
        cursor = 0
        for value in values:
            if value == _ZIP64_MARK:
                if cursor + 8 > len(body):
                    raise _refuse("A ZIP64 field of the bundle is cut short.")
                (value,) = struct.unpack_from("<Q", body, cursor)
                cursor += 8
            replaced.append(value)
        return tuple(replaced)
    raise _refuse("An entry of the bundle gives ZIP64 sizes without its ZIP64 field.")


def _check_local_headers(
    handle: BinaryIO, central: list[CentralEntry], cd_offset: int
) -> dict[int, int]:
    """Check every local header against the directory; return where each entry's data starts,
    by its local header's offset."""
    expected_offset = 0
    starts: dict[int, int] = {}
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
        zip64_local = _ZIP64_MARK in (size, compressed_size)
        size, compressed_size = _zip64_values(handle.read(extra_length), (size, compressed_size))
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
        starts[entry.local_offset] = data_end
        data_end += entry.compressed_size
        if has_descriptor:
            handle.seek(data_end)
            body = 20 if zip64_local else 12  # CRC-32 and two sizes of 4 or 8 bytes
            data_end += body + 4 if handle.read(4) == _DESCRIPTOR_SIGNATURE else body
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
    return starts
