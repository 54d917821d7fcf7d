"""Attachments of imported bundles, read out of the bundle kept as it was received.

An import keeps one copy of what it received: the bundle itself, the signed record that a peer
council (or its IT department) can verify again with `verify`, `ssh-keygen` and `sha512sum`. Its
attachments are not unpacked into the home (issue 17: an import had written its payload twice).
When the user opens one, it is read out of the kept bundle and checked against its SHA-256 (its
name) as it is read; only bytes that match are ever handed on. A kept bundle changed or removed
after the import gives one plain sentence (`KeptAttachmentError`), never wrong bytes.

Files already in the home's `attachments/` folder (the user's own, an audit return's, and every
attachment of a home that imported before this change) are used as they are.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.bundle_archive import DEFAULT_LIMITS, BundleArchive
from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.payload_pass import ATTACHMENTS_FOLDER
from desktop_app.home import Home
from desktop_app.plain_text import visible
from desktop_app.store.pending_files import part_name

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class KeptBundle:
    """An imported bundle's kept copy (`stored_path`, a plain ZIP: an encrypted bundle is kept
    decrypted), with who sent it and its title for the sentences."""

    stored_path: Path
    organisation: str
    title: str


class KeptAttachmentError(Exception):
    """An attachment of an imported bundle cannot be read: `message` is one plain sentence (what
    is wrong, where, what to do)."""

    def __init__(self, message: str) -> None:
        message = visible(message)  # names and titles come from a bundle: shown, never obeyed
        super().__init__(message)
        self.message = message


def attachment_in_bundle(sha256: str) -> str:
    """The path inside a bundle's folder of the attachment with this SHA-256 (lower-case hex),
    as the bundle's manifest lists it; ValueError for anything but 64 lower-case hex digits."""
    if not _SHA256.match(sha256):
        raise ValueError(f"'{sha256}' is not a SHA-256 hex digest")
    return f"{ATTACHMENTS_FOLDER}{sha256}"


def unpack_kept_attachment(home: Home, sha256: str, name: str, kept: Sequence[KeptBundle]) -> Path:
    """The file of the attachment `sha256` (shown to the user as `name`) in `home.attachments`,
    written there from the first of the `kept` bundles that still holds it intact, unless it is
    already there.

    Written under a part name and renamed into place only once every byte matched the SHA-256
    (and was flushed to disk); anything else is removed. Raises KeptAttachmentError: the kept
    bundle is missing, or was changed since the import (the first bundle's reason is given),
    or the home's disk cannot take the file; ValueError for a `sha256` that is not one.
    """
    target = home.attachments / attachment_in_bundle(sha256).rpartition("/")[2]
    if target.is_file():
        return target
    reasons: list[KeptAttachmentError] = []
    for bundle in kept:
        try:
            _write_checked(bundle, sha256, name, target)
        except KeptAttachmentError as error:
            reasons.append(error)
            continue
        return target
    if reasons:
        raise reasons[0]
    raise KeptAttachmentError(
        f"The attached file {name!r} is not in this home and no imported bundle holds it; "
        "import the bundle it came with again."
    )


def read_kept_attachment(bundle: KeptBundle, sha256: str, name: str, cap: int) -> bytes:
    """The bytes of attachment `sha256` read out of one kept bundle, checked against the
    SHA-256 (for small files such as a form template: at most `cap` bytes are read). Raises
    KeptAttachmentError as `unpack_kept_attachment` does (also for a file over `cap`)."""
    chunks = list(_checked_chunks(bundle, sha256, name, cap))
    return b"".join(chunks)


def _write_checked(bundle: KeptBundle, sha256: str, name: str, target: Path) -> None:
    part = part_name(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as out:
            for chunk in _checked_chunks(bundle, sha256, name, DEFAULT_LIMITS.max_file_bytes):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)
    except OSError as error:
        raise KeptAttachmentError(
            f"The attached file {name!r} could not be written to {target.parent} "
            f"({error.strerror or error}); free some space there and open it again."
        ) from None
    finally:
        part.unlink(missing_ok=True)


def _checked_chunks(bundle: KeptBundle, sha256: str, name: str, cap: int) -> Iterator[bytes]:
    """The attachment's bytes from the kept bundle; the last chunk is given only once the whole
    file matched its SHA-256 (KeptAttachmentError otherwise), so a caller that writes the
    chunks as they come must not keep what it wrote unless the iteration ends normally."""
    inside = attachment_in_bundle(sha256)
    if not bundle.stored_path.is_file():
        raise KeptAttachmentError(
            f"The attached file {name!r} is kept inside the bundle {bundle.title!r} from "
            f"{bundle.organisation}, whose stored copy {bundle.stored_path} is missing; "
            "import that bundle again to open it."
        )
    try:
        archive = BundleArchive(bundle.stored_path, DEFAULT_LIMITS)
    except BundleError:
        raise _changed(bundle, name) from None
    try:
        if inside not in archive.files:
            raise _changed(bundle, name)
        digest = hashlib.sha256()
        held: bytes | None = None
        for chunk in archive.stream(inside, cap):
            digest.update(chunk)
            if held is not None:
                yield held
            held = chunk
        if digest.hexdigest() != sha256:
            raise _changed(bundle, name)
        if held is not None:
            yield held
    except BundleError:
        raise _changed(bundle, name) from None
    finally:
        archive.close()


def _changed(bundle: KeptBundle, name: str) -> KeptAttachmentError:
    return KeptAttachmentError(
        f"The attached file {name!r} cannot be opened: the stored copy of the bundle "
        f"{bundle.title!r} from {bundle.organisation} ({bundle.stored_path}) has been changed "
        "since it was imported, so its bytes are not the ones that were signed. Import the "
        "bundle again from the file the sender sent."
    )
