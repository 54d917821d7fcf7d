"""Files attached to answers: copied into the home's `attachments/`, named by their SHA-256.

The same file attached twice is stored once. An answer holds `{"sha256", "name", "size", "mime"}`.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop_app.home import Home
from desktop_app.store.models import Attachment
from desktop_app.store.pending_files import part_name, pending_files

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def attachment_path(home: Home, sha256: str) -> Path:
    """Where the content with this hash lives; ValueError for anything but 64 lower-case hex."""
    if not _SHA256.match(sha256):
        raise ValueError(f"'{sha256}' is not a SHA-256 hex digest")
    return home.attachments / sha256


def store_attachment(home: Home, session: Session, path: Path) -> dict[str, Any]:
    """Copy `path` into the home (once per content) and return the answer item describing it.

    A new copy is written under a part name, renamed into place at once (the same transaction
    may read it, e.g. to export it) and deleted again if `session` rolls back (see
    `desktop_app.store.pending_files`), so a failure before the commit (a full disk, a refused
    answer) leaves no file without its row. Raises OSError when `path` cannot be read or the
    copy cannot be written (nothing is left behind).
    """
    sha256 = file_sha256(path)
    target = attachment_path(home, sha256)
    size = path.stat().st_size
    if not target.exists():
        home.attachments.mkdir(parents=True, exist_ok=True)
        part = part_name(target)
        try:
            shutil.copyfile(path, part)
            with open(part, "rb") as written:
                os.fsync(written.fileno())
            if file_sha256(part) != sha256:
                raise OSError(f"{path} changed while it was being copied; try again")
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        pending_files(session).created(target)
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if session.get(Attachment, sha256) is None:
        session.add(Attachment(sha256=sha256, size=size, mime=mime))
        session.flush()
    return {"sha256": sha256, "name": path.name, "size": size, "mime": mime}
